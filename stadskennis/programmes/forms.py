"""The Werking's forms: a budget line, an entry by hand, the import with its column mapping, a
planned activity and the approval of a year's accounts. An amount is typed as people write it
(1.234,56) and kept as cents."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation, ProgrammeLine
from stadskennis.core.tabular import check_table_name
from stadskennis.core.widgets import IsoDateInput, IsoDateTimeInput
from stadskennis.programmes.ledger_import import FIELDS
from stadskennis.programmes.models import (
    Body,
    BodyMeeting,
    BudgetLine,
    Decision,
    LedgerEntry,
    MoneyKind,
    PlannedActivity,
)
from stadskennis.programmes.money import AmountError, format_euros, parse_amount

MAX_UPLOAD = 10 * 1024 * 1024


def lines_of_year(year: int):
    return ProgrammeLine.objects.filter(
        period__start_year__lte=year, period__end_year__gte=year
    ).select_related("parent")


class AmountField(forms.CharField):
    """An amount in euros as people type it (1.234,56 or 1234,56), cleaned to integer cents."""

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("In euros, for example 12.500,00."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_euros(value) if isinstance(value, int) else value

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            cents = parse_amount(value)
        except AmountError as error:
            raise forms.ValidationError(str(error)) from error
        if cents < 0 and not self.allow_negative:
            raise forms.ValidationError(_("The amount cannot be negative."))
        return cents


class YearFormMixin:
    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["programme_line"].queryset = lines_of_year(year)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class BudgetLineForm(YearFormMixin, forms.ModelForm):
    amount = AmountField(label=_("Amount"))

    class Meta:
        model = BudgetLine
        fields = ["kind", "programme_line", "organisation", "grantor", "label", "due_on"]
        widgets = {"due_on": IsoDateInput}
        help_texts = {
            "organisation": _("For a fee: the member that pays it."),
            "due_on": _("For income: the day it is due (it counts as expected from then)."),
        }

    field_order = ["kind", "amount", "programme_line", "organisation", "grantor", "label", "due_on"]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, year=year, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = self.instance.amount_cents

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == MoneyKind.FEE and not cleaned.get("organisation"):
            self.add_error("organisation", _("A fee names the member that pays it."))
        due_on = cleaned.get("due_on")
        if due_on and due_on.year != self.year:
            self.add_error("due_on", _("The due date lies outside %(year)s.") % {"year": self.year})
        return cleaned

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "year": self.year, "amount_cents": self.cleaned_data["amount"]}


class EntryForm(YearFormMixin, forms.ModelForm):
    """An actual entered by hand (a booking the export does not hold yet, or a correction)."""

    amount = AmountField(label=_("Amount"), allow_negative=True, help_text=_("A correction is negative."))

    class Meta:
        model = LedgerEntry
        fields = [
            "booked_on",
            "account_code",
            "description",
            "reference",
            "kind",
            "cost_centre",
            "programme_line",
            "organisation",
        ]
        widgets = {"booked_on": IsoDateInput}

    field_order = [
        "booked_on",
        "kind",
        "amount",
        "description",
        "account_code",
        "reference",
        "cost_centre",
        "programme_line",
        "organisation",
    ]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, year=year, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = self.instance.amount_cents

    def clean(self):
        cleaned = super().clean()
        booked_on = cleaned.get("booked_on")
        if booked_on and booked_on.year != self.year:
            self.add_error("booked_on", _("The date lies outside %(year)s.") % {"year": self.year})
        if cleaned.get("kind") == MoneyKind.FEE and not cleaned.get("organisation"):
            self.add_error("organisation", _("A fee names the member that paid it."))
        return cleaned

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "year": self.year, "amount_cents": self.cleaned_data["amount"]}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Cost-centre export"),
        validators=[check_table_name],
        help_text=_("CSV or XLSX with at least date, economic account, description, amount and cost centre."),
    )
    decimal_separator = forms.ChoiceField(
        label=_("Decimal separator in the file"),
        choices=[(",", _("Comma (1.234,56)")), (".", _("Point (1,234.56)"))],
        initial=",",
    )
    cost_centre = forms.CharField(
        label=_("The centre's cost centre"),
        max_length=40,
        required=False,
        help_text=_("Empty: the cost centre of the first row; every row must have the same."),
    )
    control_total = AmountField(
        label=_("Total according to the cost centre"),
        required=False,
        allow_negative=True,
        help_text=_("The sum of the amount column; not needed when the file ends with a total row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB: split it per quarter."))
        return upload


class MappingForm(forms.Form):
    """Which column of the file holds each of our fields: guessed, changed here, carried back."""

    ticket = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    decimal_separator = forms.CharField(widget=forms.HiddenInput, max_length=1)
    cost_centre = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
    control_total = AmountField(widget=forms.HiddenInput, required=False, allow_negative=True)

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("(not in the file)"))] + [
            (str(index), name or _("column %(n)s") % {"n": index + 1}) for index, name in enumerate(header)
        ]
        for key, label, required, _words in FIELDS:
            self.fields[f"column_{key}"] = forms.ChoiceField(label=label, choices=columns, required=required)

    def clean_decimal_separator(self):
        value = self.cleaned_data["decimal_separator"]
        if value not in (",", "."):
            raise forms.ValidationError(_("Choose a comma or a point."))
        return value

    def mapping(self) -> dict[str, int | None]:
        return {
            key: int(self.cleaned_data[f"column_{key}"]) if self.cleaned_data.get(f"column_{key}") else None
            for key, *_rest in FIELDS
        }


class ActivityForm(forms.ModelForm):
    class Meta:
        model = PlannedActivity
        fields = [
            "programme_line",
            "title",
            "description",
            "owner",
            "starts_in",
            "ends_in",
            "status",
            "progress_note",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_line"].queryset = lines_of_year(year)
        self.fields["owner"].queryset = get_user_model().objects.filter(role__in=["editor", "administrator"])

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_in"), cleaned.get("ends_in")
        if starts and ends and ends < starts:
            self.add_error("ends_in", _("It ends before it starts."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AccountsApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=IsoDateInput)
    approved_by_body = forms.CharField(
        label=_("Approved by"), max_length=200, initial=_("Management committee")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Who"), queryset=get_user_model().objects.none())
    organisation = forms.ModelChoiceField(
        label=_("For organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Empty: the person's own organisation."),
    )
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    chairs = forms.BooleanField(label=_("Chairs the body"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.full_name or user.email} ({user.email})"
        )


class BodyMeetingForm(forms.ModelForm):
    class Meta:
        model = BodyMeeting
        fields = ["title", "starts_at", "place", "agenda", "minutes", "minutes_approved_on", "attendees"]
        widgets = {
            "starts_at": IsoDateTimeInput,
            "minutes_approved_on": IsoDateInput,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        members = body.access_group.memberships.values("user_id")
        attendees = self.fields["attendees"]
        attendees.queryset = get_user_model().objects.filter(pk__in=members).order_by("full_name")
        attendees.label_from_instance = lambda user: user.full_name or user.email

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "attendees"}


class BodyDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "number",
            "decided_on",
            "meeting",
            "title",
            "text",
            "programme_line",
            "planned_activity",
            "budget_line",
        ]
        widgets = {"decided_on": IsoDateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["meeting"].queryset = body.meetings.all()
        self.fields["programme_line"].queryset = ProgrammeLine.objects.select_related("period").order_by(
            "-period__start_year", "position"
        )
        self.fields["planned_activity"].queryset = PlannedActivity.objects.alive().select_related(
            "work_programme"
        )
        self.fields["planned_activity"].label_from_instance = lambda a: f"{a.work_programme.year}: {a.title}"
        self.fields["budget_line"].queryset = BudgetLine.objects.alive().select_related("organisation")
        self.fields["budget_line"].label_from_instance = lambda line: (
            f"{line.year}: {line.get_kind_display()} {line.shown_label} ({format_euros(line.amount_cents)})"
        )

    def clean_number(self):
        number = self.cleaned_data["number"]
        duplicate = Decision.objects.filter(body=self.body, number=number).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This body already has a decision with this number."))
        return number

    def values(self) -> dict:
        return {"body": self.body, **{name: self.cleaned_data[name] for name in self.Meta.fields}}


class BodyForm(forms.Form):
    """A new governing body; whoever makes it becomes its organiser (the secretary)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Body.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    sees_draft_budget = forms.BooleanField(
        label=_("Its members read the draft budget"),
        required=False,
        help_text=_(
            "As the executive board does: the budget and actuals of every year, without changing them."
        ),
    )
