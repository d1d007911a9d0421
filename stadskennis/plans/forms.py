"""Forms of the releases (opening one, an owner's update of an element) and of an element's indicators."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.widgets import IsoDateInput
from stadskennis.indicators.numbers import NumberError, parse_number
from stadskennis.plans import release_indicators
from stadskennis.plans.models import Plan, PlanIndicator
from stadskennis.plans.models.indicators import VALUE_MAX, VALUE_PLACES
from stadskennis.plans.services import statuses_for

NARRATIVE_MAX = 5_000
YEAR = {"min_value": 1950, "max_value": 2100, "required": False}


class ReleaseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example: rapportering 1e semester 2026")
    )
    deadline = forms.DateField(label=_("Deadline"), widget=IsoDateInput)
    reminder_days = forms.IntegerField(
        label=_("Remind owners who have not reported, this many days before the deadline"),
        min_value=0, max_value=60, initial=3,
    )  # fmt: skip


class EntryUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False,
        help_text=_("A whole number from 0 to 100; empty when the status says enough."),
    )  # fmt: skip
    narrative = forms.CharField(
        label=_("Narrative"), required=False, max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, what is next, and what stands in the way."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, plan: Plan, copies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = {str(s.pk): s for s in statuses_for(plan.owner)}
        self.fields["status"].choices = [("", _("no status"))] + [
            (pk, status.name) for pk, status in self.statuses.items()
        ]
        self.copies = [copy for copy in copies if not copy.warehouse]  # the warehouse's are not typed
        for copy in self.copies:
            self.fields[f"waarde_{copy.pk}"] = forms.CharField(
                label=f"{copy.name} ({copy.unit})" if copy.unit else copy.name, required=False, max_length=40,
                initial=_shown_value(copy), help_text=_value_help(copy),
            )  # fmt: skip
            self.fields[f"jaar_{copy.pk}"] = forms.IntegerField(
                label=_("Year of “%(name)s”") % {"name": copy.name}, initial=copy.year, **YEAR
            )

    def clean(self):
        data = super().clean()
        for copy in self.copies:
            try:
                value = release_indicators.parse_value(copy, data.get(f"waarde_{copy.pk}", ""))
            except release_indicators.BadValue as error:
                self.add_error(f"waarde_{copy.pk}", str(error))
                continue
            if value is not None and not data.get(f"jaar_{copy.pk}"):
                self.add_error(f"jaar_{copy.pk}", _("Give the year the value is of."))
            data[f"waarde_{copy.pk}"] = value
        return data

    def chosen_status(self):
        return self.statuses.get(self.cleaned_data.get("status") or "")

    def indicator_values(self) -> dict[int, tuple]:
        """{copy pk: (year, value)} of the own indicators, for releases.entry_update."""
        data = self.cleaned_data
        return {copy.pk: (data.get(f"jaar_{copy.pk}"), data[f"waarde_{copy.pk}"]) for copy in self.copies}


def _shown_value(copy) -> str:
    if copy.value is None:
        return ""
    if copy.kind == PlanIndicator.Kind.YES_NO:
        return "ja" if copy.value else "nee"
    return format(copy.value.normalize(), "f")


def _value_help(copy) -> str:
    if copy.kind == PlanIndicator.Kind.YES_NO:
        return str(_("Answer “ja” or “nee”."))
    if copy.kind == PlanIndicator.Kind.STEPS:
        steps = "; ".join(f"{number}: {step}" for number, step in enumerate(copy.steps, start=1))
        return str(_("The number of the step reached (%(steps)s).") % {"steps": steps})
    if copy.target is not None:
        return str(
            _("Target: %(target)s in %(year)s.")
            % {"target": format(copy.target.normalize(), "f"), "year": copy.target_year}
        )
    return ""


def _number(raw: str, label: str) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = parse_number(raw).quantize(VALUE_PLACES)
    except NumberError as error:
        raise forms.ValidationError(f"{label}: {error}") from None
    if abs(value) >= VALUE_MAX:
        raise forms.ValidationError(_("%(label)s: the number is too large.") % {"label": label})
    return value


class IndicatorForm(forms.Form):
    """An indicator of a plan's element: a warehouse indicator or the plan's own, with its trajectory
    and the rules of its evaluation (evaluation.py)."""

    warehouse = forms.ModelChoiceField(
        label=_("Indicator of Stad in cijfers"),
        queryset=None,
        required=False,
        empty_label=_("none: an indicator of the plan's own"),
        help_text=_(
            "Its figures for your city then arrive by themselves; only figures anyone may see are used."
        ),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_(
            "Required for an indicator of the plan's own; by default the warehouse indicator's name."
        ),
    )
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanIndicator.Kind.choices)
    steps = forms.CharField(
        label=_("Steps"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a step plan: one step per line, in order (step 1 is the first line)."),
    )  # fmt: skip
    direction = forms.ChoiceField(label=_("Direction"), choices=PlanIndicator.Direction.choices)
    baseline = forms.CharField(label=_("Baseline"), max_length=40, required=False)
    baseline_year = forms.IntegerField(label=_("Baseline year"), **YEAR)
    target = forms.CharField(
        label=_("Target"), max_length=40, required=False,
        help_text=_("For yes/no: 1 (yes); for a step plan: the number of the last step to reach."),
    )  # fmt: skip
    target_year = forms.IntegerField(label=_("Target year"), **YEAR)
    trajectory = forms.CharField(
        label=_("Intermediate targets"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, year and value: for example “2027: 700”."),
    )  # fmt: skip
    on_track_from = forms.IntegerField(
        label=_("On track from (% of the planned change reached)"), min_value=1, max_value=1000, initial=90
    )
    attention_from = forms.IntegerField(
        label=_("Attention from (% of the planned change reached); below it: off track"),
        min_value=0, max_value=1000, initial=60,
    )  # fmt: skip

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = indicators

    def clean_steps(self) -> list[str]:
        steps = [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]
        if len(steps) > 20 or any(len(step) > 120 for step in steps):
            raise forms.ValidationError(_("At most 20 steps of at most 120 characters each."))
        return steps

    def clean_baseline(self):
        return _number(self.cleaned_data["baseline"], _("Baseline"))

    def clean_target(self):
        return _number(self.cleaned_data["target"], _("Target"))

    def clean_trajectory(self) -> list[tuple[int, Decimal]]:
        points = []
        for number, line in enumerate(self.cleaned_data["trajectory"].splitlines(), start=1):
            if not line.strip():
                continue
            year, _colon, value = line.partition(":")
            if (
                not re.fullmatch(r"[0-9]{4}", year.strip())
                or not 1950 <= int(year) <= 2100
                or not value.strip()
            ):
                raise forms.ValidationError(
                    _("Line %(number)d: write a year, a colon and a value, as “2027: 700”.")
                    % {"number": number}
                )
            points.append((int(year), _number(value, _("Line %(number)d") % {"number": number})))
        if len(points) > 60:
            raise forms.ValidationError(_("At most 60 intermediate targets."))
        years = [year for year, _value in points]
        if len(set(years)) < len(years):
            raise forms.ValidationError(_("Give each year one intermediate target."))
        return sorted(points)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, steps, trajectory = data["kind"], data["steps"], data["trajectory"]
        baseline, baseline_year, target, target_year = (
            data["baseline"], data["baseline_year"], data["target"], data["target_year"]
        )  # fmt: skip
        if not data["warehouse"] and not data["name"].strip():
            self.add_error("name", _("Give the indicator a name, or choose one of Stad in cijfers."))
        if kind == PlanIndicator.Kind.STEPS and len(steps) < 2:
            self.add_error("steps", _("A step plan has at least two steps."))
        if data["attention_from"] > data["on_track_from"]:
            self.add_error("attention_from", _("Attention must start at or below where on track starts."))
        if (baseline is None) != (baseline_year is None):
            self.add_error("baseline_year", _("Give the baseline and its year together."))
        if (target is None) != (target_year is None):
            self.add_error("target_year", _("Give the target and its year together."))
        elif None not in (baseline_year, target_year) and target_year < baseline_year:
            self.add_error("target_year", _("The target year comes after the baseline year."))
        if data["warehouse"] and kind != PlanIndicator.Kind.NUMBER:
            self.add_error("kind", _("An indicator of Stad in cijfers is a number."))
        if kind != PlanIndicator.Kind.YES_NO and target is not None and baseline is None:
            self.add_error(
                "baseline", _("A target is measured from a baseline: give the baseline and its year.")
            )
        if kind == PlanIndicator.Kind.NUMBER and None not in (baseline, target) and target != baseline:
            if (target > baseline) != (data["direction"] == PlanIndicator.Direction.HIGHER):
                self.add_error(
                    "direction",
                    _("The target lies on the other side of the baseline than the direction says."),
                )
        if kind == PlanIndicator.Kind.YES_NO and target_year is None:
            self.add_error("target_year", _("A yes/no indicator needs the year by which it should be yes."))
        if kind == PlanIndicator.Kind.STEPS:
            values = [baseline, target, *(value for _year, value in trajectory)]
            if any(v is not None and (v != int(v) or not 1 <= v <= len(steps)) for v in values):
                self.add_error(
                    "target",
                    _("In a step plan, values are step numbers from 1 to %(count)d.") % {"count": len(steps)},
                )
        low, high = baseline_year or 1950, target_year or 2100
        if any(not low <= year <= high for year, _value in trajectory):
            self.add_error(
                "trajectory", _("Intermediate targets lie between the baseline year and the target year.")
            )
        if kind == PlanIndicator.Kind.YES_NO:  # yes (1) by the target year; no baseline or steps between
            data.update(baseline=None, baseline_year=None, trajectory=[], target=Decimal(1))
        return data
