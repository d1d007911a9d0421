"""The staff's event form (outside the admin): the event, its programme of parts and its registration
questions on one page. The rules that protect what living registrations chose are here, and the
admin uses the same ones."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.models import Organisation
from stadskennis.core.visibility import Visibility
from stadskennis.core.widgets import PEOPLE_SEARCH, IsoDateTimeInput, Picker, person_label
from stadskennis.events.models import (
    Event,
    EventSession,
    Registration,
    RegistrationAnswer,
    RegistrationOption,
    RegistrationQuestion,
)

MAX_CHOICES = 50
MAX_PLACES = 100_000
PLACES = re.compile(r"[0-9]{1,6}")
YEARS = (2000, 2100)  # an event's dates: a typing error outside these is caught, not stored


def _sane_dates(form: forms.Form, *names: str) -> None:
    for name in names:
        value = form.cleaned_data.get(name)
        if value and not YEARS[0] <= value.year <= YEARS[1]:
            form.add_error(
                name, _("Give a date between %(first)d and %(last)d.") % {"first": YEARS[0], "last": YEARS[1]}
            )


def living_registrations(obj) -> int:
    """How many living registrations chose this part, answered this question or took this choice."""
    if isinstance(obj, EventSession):
        return obj.registrations.filter(status__in=Registration.ACTIVE).count()
    field = "question" if isinstance(obj, RegistrationQuestion) else "option"
    living = RegistrationAnswer.objects.filter(registration__status__in=Registration.ACTIVE)
    return living.filter(**{field: obj}).count()


def _still_chosen(obj, n: int) -> str:
    return ngettext(
        "“%(name)s” is chosen by %(n)d living registration: it cannot be deleted.",
        "“%(name)s” is chosen by %(n)d living registrations: it cannot be deleted.",
        n,
    ) % {"name": obj, "n": n}


def parts_asked_too_late(event: Event, sessions_chosen: bool) -> bool:
    """Asking for parts after people registered without them would leave them choosing nothing."""
    return (
        sessions_chosen
        and event.pk is not None
        and not Event.objects.filter(pk=event.pk, sessions_chosen=True).exists()
        and event.registrations.filter(status__in=Registration.ACTIVE).exists()
    )


PARTS_TOO_LATE = _(
    "People registered without choosing sessions: they cannot be asked to now. Make a new event, or "
    "cancel the registrations first."
)


class KeepsWhatIsChosen(BaseInlineFormSet):
    """Refuses to delete a part, a question or a choice that living registrations hold: they would be
    left registered for nothing, or a place counted for nothing."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            n = living_registrations(form.instance) if form.instance.pk else 0
            if n:
                raise ValidationError(_still_chosen(form.instance, n))


class AnsweredKeepsItsKind(forms.ModelForm):
    class Meta:
        model = RegistrationQuestion
        fields = ["label", "help_text", "kind", "required", "position"]

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if self.instance.pk and kind != self.instance.kind and self.instance.answers.exists():
            raise ValidationError(_("People answered this question already: its kind of answer stays."))
        return kind


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"), required=False, assume_scheme="https",
        help_text=_("Shown and mailed only to people with a confirmed place."),
    )  # fmt: skip

    class Meta:
        model = Event
        fields = [
            "title", "slug", "kind", "format", "starts_at", "ends_at", "place", "online_url", "summary",
            "description", "themes", "organising_city", "partner", "programme_line", "audience",
            "capacity", "registration_closes_at", "sessions_chosen", "visibility",
        ]  # fmt: skip
        widgets = {
            "starts_at": IsoDateTimeInput,
            "ends_at": IsoDateTimeInput,
            "registration_closes_at": IsoDateTimeInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Empty: made from the title.")
        self.fields["organising_city"].queryset = Organisation.objects.filter(  # and the one set in the admin
            Q(kind__in=["centre_city", "vgc"]) | Q(pk=self.instance.organising_city_id or 0)
        ).order_by("name")
        if self.instance.is_closed_group:
            del self.fields["visibility"]  # closed to its participants: the intervisie's own steps
        else:
            self.fields["visibility"].choices = Visibility.choices

    def clean_slug(self):
        slug = self.cleaned_data["slug"] or slugify(self.data.get(self.add_prefix("title"), ""))[:100]
        if not slug:
            raise ValidationError(_("Fill in a web address, or a title to make it from."))
        return slug

    def clean_sessions_chosen(self):
        chosen = self.cleaned_data["sessions_chosen"]
        if parts_asked_too_late(self.instance, chosen):
            raise ValidationError(PARTS_TOO_LATE)
        return chosen

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        _sane_dates(self, "starts_at", "ends_at", "registration_closes_at")
        return data


class SessionForm(PickerFormMixin, forms.ModelForm):
    class Meta:
        model = EventSession
        fields = [
            "title", "starts_at", "ends_at", "description", "speakers", "guest_speakers", "audience",
            "capacity",
        ]  # fmt: skip
        widgets = {
            "starts_at": IsoDateTimeInput,
            "ends_at": IsoDateTimeInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "speakers": Picker(search_fields=PEOPLE_SEARCH, limit=30),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speakers = self.fields["speakers"].queryset.filter(erased_at__isnull=True)
        self.fields["speakers"].queryset = speakers.select_related("organisation")
        self.fields["speakers"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A session cannot end before it starts."))
        _sane_dates(self, "starts_at", "ends_at")
        return data


class QuestionForm(AnsweredKeepsItsKind):
    """A question with its choices typed one per line, places after a bar: `Hotel | 20`."""

    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line; limited places after a bar, as in “Bus | 50”. Only for a question with choices."
        ),
    )

    class Meta(AnsweredKeepsItsKind.Meta):
        fields = ["label", "help_text", "kind", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices"].initial = "\n".join(
                f"{o.label} | {o.capacity}" if o.capacity is not None else o.label
                for o in self.instance.options.all()
            )

    def clean_choices(self) -> list[tuple[str, int | None]]:
        parsed, seen = [], set()
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            label, bar, places = (part.strip() for part in line.partition("|"))
            if not label:
                continue
            if len(label) > 200:
                raise ValidationError(_("Line %(n)d: a choice has at most 200 characters.") % {"n": number})
            if label.casefold() in seen:
                raise ValidationError(
                    _("Line %(n)d: “%(label)s” is there twice.") % {"n": number, "label": label}
                )
            if bar and not (PLACES.fullmatch(places) and int(places) <= MAX_PLACES):
                raise ValidationError(
                    _("Line %(n)d: after the bar comes the number of places, as in “Bus | 50”.")
                    % {"n": number}
                )
            seen.add(label.casefold())
            parsed.append((label, int(places) if bar else None))
        if len(parsed) > MAX_CHOICES:
            raise ValidationError(_("At most %(n)d choices.") % {"n": MAX_CHOICES})
        return parsed

    def clean(self):
        data = super().clean()
        if data.get("kind") == RegistrationQuestion.Kind.CHOICE and "choices" in data and not data["choices"]:
            self.add_error("choices", _("Give the choices, one per line."))
        if self.instance.pk and "choices" in data:
            kept = {label.casefold() for label, _places in data["choices"]}
            for option in self.instance.options.all():
                n = living_registrations(option) if option.label.casefold() not in kept else 0
                if n:
                    self.add_error("choices", _still_chosen(option, n))
        return data

    def options_save(self, question: RegistrationQuestion) -> None:
        """The choices as typed: a kept label keeps its answers and takes the new places."""
        if question.kind != RegistrationQuestion.Kind.CHOICE:
            return
        existing = {o.label.casefold(): o for o in question.options.all()}
        wanted = self.cleaned_data["choices"]
        for position, (label, places) in enumerate(wanted, start=1):
            option = existing.pop(label.casefold(), None) or RegistrationOption(question=question)
            option.label, option.capacity, option.position = label, places, position
            option.save()
        for option in existing.values():
            option.delete()  # clean() let only choices nobody living holds go


SessionFormSet = inlineformset_factory(
    Event, EventSession, form=SessionForm, formset=KeepsWhatIsChosen, extra=1, can_delete=True,
    max_num=40, absolute_max=40, validate_max=True,
)  # fmt: skip
QuestionFormSet = inlineformset_factory(
    Event, RegistrationQuestion, form=QuestionForm, formset=KeepsWhatIsChosen, extra=1, can_delete=True,
    max_num=20, absolute_max=20, validate_max=True,
)  # fmt: skip


class OptionForm(forms.ModelForm):
    """A choice in the admin, as the event form reads choices back: no bar in its name."""

    class Meta:
        model = RegistrationOption
        fields = ["label", "capacity", "position"]

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if "|" in label:
            raise ValidationError(_("A choice has no bar (|) in its name: the bar sets its places."))
        return label


class OptionFormSet(KeepsWhatIsChosen):
    def clean(self):
        super().clean()
        labels = [
            f.cleaned_data["label"].casefold()
            for f in self.forms
            if f.cleaned_data.get("label") and f not in self.deleted_forms
        ]
        if len(labels) != len(set(labels)):
            raise ValidationError(_("Each choice has its own name."))
