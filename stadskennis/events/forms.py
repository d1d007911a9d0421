from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from stadskennis.core.forms import HoneypotMixin
from stadskennis.core.visibility import Visibility, can_attend_session
from stadskennis.events.answers import FIELD_PREFIX, add_question_fields, answers_given, unanswered_required
from stadskennis.knowledge.forms import check_upload


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        begins, ends = (date_format(localtime(t), "H:i") for t in (session.starts_at, session.ends_at))
        return f"{begins}–{ends} {session.title}"


def add_session_choice(form: forms.Form, event, user) -> None:
    """The parts of an event that asks its participants to choose: those `user` may attend."""
    if not event.sessions_chosen:
        return
    open_to = [s.pk for s in event.sessions.all() if can_attend_session(user, s)]
    form.fields["sessions"] = SessionChoiceField(
        label=_("Which parts do you attend?"),
        queryset=event.sessions.filter(pk__in=open_to).order_by("starts_at", "pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one session.")},
    )


class RegistrationChoices:
    """What a registration form asks beyond the person: the parts, and the event's questions."""

    def add_choices(self, event, user) -> None:
        add_session_choice(self, event, user)
        add_question_fields(self, event)

    @property
    def sessions(self):
        return self.cleaned_data.get("sessions", ())

    @property
    def answers(self) -> dict[int, str]:
        return answers_given(self.cleaned_data)


class MemberRegistrationForm(RegistrationChoices, forms.Form):
    """One click, or, when the event asks it, the parts one attends, the answers, and one click."""

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choices(event, user)


class ChoicesForm(RegistrationChoices, forms.Form):
    """A registration's parts and answers, changed on its own page."""

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choices(registration.event, registration.user)
        if "sessions" in self.fields:
            self.fields["sessions"].initial = [s.pk for s in registration.sessions.all()]
        for answer in registration.answers.all():
            if field := self.fields.get(f"{FIELD_PREFIX}{answer.question_id}"):
                field.initial = str(answer.option_id) if answer.option_id else answer.text
        for pk in unanswered_required(registration):  # asked only after this person registered
            if field := self.fields.get(f"{FIELD_PREFIX}{pk}"):
                field.required = False
                if isinstance(field, forms.ChoiceField):
                    field.choices = [("", _("No answer")), *field.choices]


class GuestRegistrationForm(HoneypotMixin, RegistrationChoices, forms.Form):
    """The public form, with a honeypot for bots."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    field_order = ["name", "email", "organisation_name"]

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.add_choices(event, None)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Fill in your name."))
        return name


class EventDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("Presentation or report"), validators=[check_upload])


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=[
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
            (Visibility.NETWORK, Visibility.NETWORK.label),
        ],
        initial=Visibility.NETWORK,
    )


class CaseForm(forms.Form):
    prefix = "case"  # apart from the document form's fields on the organiser's page
    title = forms.CharField(label=_("Title of your case"), max_length=200)
    description = forms.CharField(
        label=_("Your case"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The situation, what you tried, and the question you bring to the group."),
    )


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(label=_("Note"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the participant's account"),
        max_length=254,
        help_text=_("Participants log in with an account of the platform; ask an administrator for one."),
    )

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"].strip()
        self.user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("There is no active account with this email address."))
        return email


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Confidentiality statement"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the registrants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel this event and end every registration"),
        error_messages={"required": _("Tick the box to confirm that you cancel the event.")},
    )


class FeedbackForm(forms.ModelForm):
    """Ratings 1 (poor) to 5 (very good), as radio buttons that read without JavaScript."""

    class Meta:
        from stadskennis.events.models import Feedback

        model = Feedback
        fields = ["overall", "content", "organisation", "usefulness", "comment"]
        widgets = {
            "overall": forms.RadioSelect,
            "content": forms.RadioSelect,
            "organisation": forms.RadioSelect,
            "usefulness": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"comment": _("Shown to the organisers without your name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", "content", "organisation", "usefulness"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
            self.fields[name].help_text = _("1 = poor, 5 = very good")
