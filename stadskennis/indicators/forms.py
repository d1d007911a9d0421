"""The editors' form of an indicator in the catalogue (/cijfers/nieuw/ and /cijfers/<code>/bewerken/).

It checks what `import-indicators` checks, with the same rules (`catalogue_rules.py`); the write goes
through `services.indicator_save` like an import's.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.visibility import Visibility
from stadskennis.core.widgets import IsoDateInput, Picker
from stadskennis.indicators.catalogue_rules import (
    MAX_DESCRIPTION,
    PARTS,
    TEXTS,
    aggregation_problems,
    audience_covers,
    code_problem,
    length_problems,
    part_audience_problems,
    part_in_use_problem,
    ratios_using,
    scale_parse,
)
from stadskennis.indicators.models import Indicator

TEXT_FIELDS = ("name", "description", "unit", "source", "licence", "periodicity", "direction", "decimals",
               "aggregation", "is_demo")  # fmt: skip
SECTIONS = (
    (gettext_lazy("What it measures"), ("code", "name", "description", "valid_from", "unit", "themes")),
    (gettext_lazy("Source and presentation"),
     ("source", "licence", "periodicity", "direction", "decimals", "is_demo")),
    (gettext_lazy("How it adds up"), ("aggregation", "numerator", "denominator", "scale")),
)  # fmt: skip


def _from_model(name: str, **kwargs):
    """The form field the model declares, with its label, length and choices."""
    return Indicator._meta.get_field(name).formfield(**kwargs)


def _part(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=64,
        widget=forms.Select,
        help_text=gettext_lazy("Only for a ratio: an indicator with aggregation sum."),
    )


def _aggregation_of(code: str) -> str | None:
    return Indicator.objects.filter(code=code).values_list("aggregation", flat=True).first()


class IndicatorForm(PickerFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("code"),
        max_length=64,
        help_text=gettext_lazy(
            "Lower-case letters, digits, '-' or '_'. Web addresses, the API and imports use it, so it "
            "cannot be changed later; renaming the indicator keeps it."
        ),
    )
    name = _from_model("name")
    description = _from_model(
        "description", max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 5})
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Definition valid from"),
        required=False,
        widget=IsoDateInput,
        help_text=gettext_lazy(
            "Only used when the description changes: the new definition is recorded from this date "
            "(today when empty), and a series crossing it is marked."
        ),
    )
    unit = _from_model("unit")
    themes = _from_model("themes", widget=Picker(search_fields=("name",)))
    source = _from_model("source")
    licence = _from_model("licence")
    periodicity = _from_model("periodicity")
    direction = _from_model("direction")
    decimals = _from_model("decimals", max_value=6)
    aggregation = _from_model("aggregation")
    numerator = _part(gettext_lazy("numerator"))
    denominator = _part(gettext_lazy("denominator"))
    scale = forms.CharField(
        label=gettext_lazy("scale"),
        required=False,
        max_length=30,
        help_text=gettext_lazy(
            "Only for a ratio: 100 for a percentage, 1000 for per thousand; 1 when empty."
        ),
    )
    is_demo = _from_model("is_demo")
    # The indicator's last change when the form was opened: a save over someone else's is refused.
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        self.indicator = indicator
        if indicator is not None:
            kwargs.setdefault("initial", self.initial_of(indicator))
        super().__init__(*args, **kwargs)
        if indicator is not None:
            del self.fields["code"]  # stable: used in addresses, the API and imports
            self.fields["updated_at"].initial = indicator.updated_at.isoformat()
        self.fields["valid_from"].initial = timezone.localdate()
        for name in TEXTS:  # the shared rule says it (length_problems), in the import's words
            field = self.fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        sums = Indicator.objects.filter(aggregation=Indicator.Aggregation.SUM).order_by("name", "code")
        if indicator is not None:
            sums = sums.exclude(pk=indicator.pk)
        # Only parts seen at least as widely as the ratio (part_audience_problems); a stored one stays.
        whole, stored = self.audience(), {getattr(indicator, p + "_id", None) for p in PARTS}
        sums = [i for i in sums if audience_covers(i, whole) or i.pk in stored]
        choices = [("", "—")] + [(i.code, f"{i.name} ({i.code})") for i in sums]
        for part in PARTS:
            self.fields[part].widget.choices = choices

    @staticmethod
    def initial_of(indicator: Indicator) -> dict:
        initial = {name: getattr(indicator, name) for name in TEXT_FIELDS}
        initial["themes"] = list(indicator.themes.all())
        for part in PARTS:
            other = getattr(indicator, part)
            initial[part] = other.code if other else ""
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            initial["scale"] = format(indicator.scale.normalize(), "f").replace(".", ",")
        return initial

    def audience(self, visibility: str | None = None) -> SimpleNamespace:
        """Who would see this indicator: stored, or public (the common catalogue); a form with a
        visibility field and a `user` (own datasets) passes the visibility chosen."""
        stored = self.indicator
        user = getattr(self, "user", None)
        return SimpleNamespace(
            visibility=visibility or (stored.visibility if stored else Visibility.PUBLIC),
            owner_id=stored.owner_id if stored else getattr(user, "organisation_id", None),
            created_by_id=stored.created_by_id if stored else getattr(user, "pk", None),
        )

    @property
    def sections(self):
        """(title, bound fields) in the order the page shows them."""
        for title, names in SECTIONS:
            yield title, [self[name] for name in names if name in self.fields]

    @property
    def code_value(self) -> str:
        return self.indicator.code if self.indicator else self.cleaned_data.get("code", "")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if message := code_problem(code):
            raise forms.ValidationError(message)
        if Indicator.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("An indicator with the code %(code)s already exists.") % {"code": code}
            )
        return code

    def clean_description(self):
        # A browser sends a textarea's lines with \r\n: not a new definition.
        return self.cleaned_data["description"].replace("\r\n", "\n").strip()

    def clean_scale(self):
        text = self.cleaned_data["scale"].strip()
        if not text:
            return None
        scale, message = scale_parse(text)
        if message:
            raise forms.ValidationError(message)
        return scale

    def clean(self):
        cleaned = super().clean()
        aggregation = cleaned.get("aggregation")
        if aggregation:
            scale_given = bool((self.data.get(self.add_prefix("scale")) or "").strip())
            problems = aggregation_problems(
                code=self.code_value, aggregation=aggregation,
                parts={p: cleaned.get(p, "") for p in PARTS}, scale_given=scale_given,
                kind_of=_aggregation_of,
            )  # fmt: skip
            if aggregation == Indicator.Aggregation.RATIO and not problems:
                parts = {p: Indicator.objects.filter(code=cleaned.get(p)).first() for p in PARTS}
                whole = self.audience(cleaned.get("visibility"))
                problems = part_audience_problems(whole=whole, parts=parts)
            for name, message in problems:
                if name not in self.errors:
                    self.add_error(name, message)
            if self.indicator is not None and aggregation != Indicator.Aggregation.SUM:
                ratios, hidden = ratios_using(self.indicator, getattr(self, "user", None))
                if message := part_in_use_problem(aggregation=aggregation, ratios=ratios, hidden=hidden):
                    self.add_error("aggregation", message)
        for name, message in length_problems(cleaned):
            self.add_error(name, message)
        self._check_definition_date(cleaned)
        return cleaned

    def clean_updated_at(self):
        text = self.cleaned_data["updated_at"]
        try:
            seen = datetime.fromisoformat(text) if text else None
        except ValueError:
            seen = False
        if seen is False or (seen and seen.tzinfo is None):
            raise forms.ValidationError(_("Open the form again: it was damaged."))
        return seen

    def _check_definition_date(self, cleaned):
        if self.indicator is None or cleaned.get("description") in (None, self.indicator.description):
            return
        day = cleaned.get("valid_from") or timezone.localdate()
        current = self.indicator.definitions.order_by("-valid_from").first()
        if current is not None and day < current.valid_from:
            self.add_error(
                "valid_from",
                _("A new definition cannot start before the current one (from %(day)s).")
                % {"day": formats.date_format(current.valid_from, "j F Y")},
            )

    def catalogue_fields(self) -> dict:
        """The cleaned values as `indicator_save` takes them."""
        data = self.cleaned_data
        fields = {name: data[name] for name in TEXT_FIELDS}
        ratio = data["aggregation"] == Indicator.Aggregation.RATIO
        for part in PARTS:
            fields[part] = Indicator.objects.get(code=data[part]) if ratio else None
        fields["scale"] = data["scale"] if ratio and data["scale"] is not None else Decimal(1)
        return fields


class RetireForm(forms.Form):
    """Retire an indicator on its edit page (services.indicator_retirement_set): a day, not in the
    future (today when empty), and a short reason shown on its page."""

    retired_on = forms.DateField(
        label=gettext_lazy("Retired on"),
        required=False,
        widget=IsoDateInput,
        help_text=gettext_lazy("The day it is no longer kept up (today when empty); not in the future."),
    )
    retirement_note = forms.CharField(
        label=gettext_lazy("Why it was retired"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Shown on its page, e.g. which indicator replaces it. Its page, figures and downloads stay; "
            "it takes no new figures."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retired_on"].initial = timezone.localdate()

    def clean_retired_on(self):
        day = self.cleaned_data["retired_on"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError(_("An indicator cannot be retired on a day in the future."))
        return day

    def clean_retirement_note(self):
        return self.cleaned_data["retirement_note"].replace("\r\n", "\n").strip()
