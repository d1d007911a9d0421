"""Indicators of a plan's elements: a warehouse indicator of Stad in cijfers (its values arrive by
themselves) or the plan's own (a number, yes/no, or a step plan), each with a baseline, a target, a
trajectory of intermediate targets, a direction and the rules of `evaluation.py`.

A release keeps each indicator as it stood (`ReleaseIndicator`): the definition, the value reported or
found, and the evaluation; frozen with the release, so a report never changes afterwards. The values
of an own indicator are those of its frozen releases (`PlanIndicatorValue`).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import TimeStamped
from stadskennis.plans import evaluation
from stadskennis.plans.models import FrozenRelease, PlanElement, Release, ReleaseEntry

VALUE_PLACES = Decimal("0.0001")  # the value columns keep 4 decimals (and 18 digits in all)
VALUE_MAX = Decimal("1e14")


class PlanIndicator(TimeStamped):
    class Kind(models.TextChoices):
        NUMBER = evaluation.NUMBER, _("number")
        YES_NO = evaluation.YES_NO, _("yes/no")
        STEPS = evaluation.STEPS, _("step plan")

    class Direction(models.TextChoices):
        HIGHER = evaluation.HIGHER, _("higher is better")
        LOWER = evaluation.LOWER, _("lower is better")

    element = models.ForeignKey(PlanElement, on_delete=models.CASCADE, related_name="indicators")
    # a warehouse indicator: its values come from Stad in cijfers, for the plan's organisation
    warehouse = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_indicators",
        verbose_name=_("indicator of Stad in cijfers"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NUMBER)
    steps = models.JSONField(_("steps"), default=list, blank=True)  # a step plan's steps, in order
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    trajectory = models.JSONField(_("intermediate targets"), default=list, blank=True)  # [[year, "value"]]
    on_track_from = models.PositiveSmallIntegerField(_("on track from (% of the planned change)"), default=90)
    attention_from = models.PositiveSmallIntegerField(
        _("attention from (% of the planned change)"), default=60
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["element", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attention_from__lte=models.F("on_track_from")),
                name="plan_indicator_rules_in_order",
            ),
        ]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")

    def __str__(self) -> str:
        return self.name

    def definition(self) -> evaluation.Definition:
        return definition_of(self)


def definition_of(indicator) -> evaluation.Definition:
    """The evaluation's view of a `PlanIndicator` or a `ReleaseIndicator` (the same fields)."""
    return evaluation.Definition(
        kind=indicator.kind,
        direction=indicator.direction,
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        target=indicator.target,
        target_year=indicator.target_year,
        trajectory=tuple((int(year), Decimal(str(value))) for year, value in indicator.trajectory),
        on_track_from=indicator.on_track_from,
        attention_from=indicator.attention_from,
    )


class PlanIndicatorValue(models.Model):
    """The value of a plan's own indicator in a year, as a frozen release reported it."""

    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    release = models.ForeignKey(Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="plan_indicator_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class ReleaseIndicatorQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        entries = {obj.entry_id for obj in objs}
        if ReleaseEntry.objects.filter(pk__in=entries, release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if self.filter(entry__release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().update(**kwargs)

    def delete(self):
        if self.filter(entry__release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete()


class ReleaseIndicator(models.Model):
    """An indicator in one release: its definition as it stood, the value its owner reported (own) or
    Stad in cijfers held (warehouse) when the release froze, its history and its evaluation."""

    entry = models.ForeignKey(ReleaseEntry, on_delete=models.PROTECT, related_name="indicators")
    indicator = models.ForeignKey(
        PlanIndicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="release_copies"
    )
    warehouse = models.BooleanField(default=False)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=8, choices=PlanIndicator.Kind.choices)
    steps = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=8, choices=PlanIndicator.Direction.choices)
    baseline = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    trajectory = models.JSONField(default=list, blank=True)
    on_track_from = models.PositiveSmallIntegerField(default=90)
    attention_from = models.PositiveSmallIntegerField(default=60)
    position = models.PositiveSmallIntegerField(default=0)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)  # the year the value is of
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    history = models.JSONField(default=list, blank=True)  # [[year, "value"]] known when it froze
    evaluation = models.CharField(max_length=10, blank=True)  # evaluation.ON_TRACK, … or ""
    expected = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    objects = ReleaseIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if ReleaseEntry.objects.filter(pk=self.entry_id, release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if ReleaseEntry.objects.filter(pk=self.entry_id, release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete(*args, **kwargs)

    def definition(self) -> evaluation.Definition:
        return definition_of(self)

    @property
    def step_name(self) -> str:
        """A step plan's value by the name of its step."""
        if self.kind != PlanIndicator.Kind.STEPS or self.value is None:
            return ""
        index = int(self.value) - 1
        return self.steps[index] if 0 <= index < len(self.steps) else ""
