"""Forms of a workgroup's life: meetings, documents, homework, answers and action points."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.visibility import Visibility, questionnaires_for
from stadskennis.core.widgets import IsoDateInput, IsoDateTimeInput, person_label
from stadskennis.knowledge.forms import check_upload
from stadskennis.network.models import ActionPoint, Assignment, Meeting, Person


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked for size and kind."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [check_upload(single(f, initial)) for f in files]


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "agenda", "minutes", "attendees"]
        widgets = {
            "starts_at": IsoDateTimeInput,
            "ends_at": IsoDateTimeInput,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, workgroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workgroup = workgroup
        self.fields["attendees"].queryset = workgroup.members.select_related("organisation")
        self.fields["attendees"].label = _("Attended")
        self.fields["attendees"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data


class MeetingDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("Document"), validators=[check_upload])


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=[
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
            (Visibility.NETWORK, Visibility.NETWORK.label),
        ],
        initial=Visibility.NETWORK,
    )


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "question", "deadline", "reminder_days", "for_meeting", "questionnaire"]
        widgets = {"deadline": IsoDateTimeInput, "question": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, workgroup, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workgroup = workgroup
        self.fields["for_meeting"].queryset = workgroup.meetings.all()
        rounds = Assignment._meta.get_field("questionnaire").related_model.objects  # the Vraagbaak's, by FK
        # Only what this user may attach; a questionnaire already attached stays selectable.
        self.fields["questionnaire"].queryset = questionnaires_for(user, rounds.all()) | rounds.filter(
            pk=self.instance.questionnaire_id
        )


class SubmissionForm(forms.Form):
    text = forms.CharField(label=_("Your organisation's answer"), widget=forms.Textarea(attrs={"rows": 12}),
                           required=False)  # fmt: skip
    files = MultipleFileField(label=_("Add files"), required=False)

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self):
        data = super().clean()
        if self.submitting and not (data.get("text") or "").strip() and not data.get("files"):
            self.add_error("text", _("Write an answer or add a file before you submit."))
        return data


class ActionPointForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["kind", "text", "owner_person", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": IsoDateInput,
        }

    def __init__(self, *args, workgroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = Person.objects.filter(
            workgroups=workgroup, erased_at__isnull=True
        )
