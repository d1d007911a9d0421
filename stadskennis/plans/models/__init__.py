"""A city's plan in the Flemish structure (BBC): domains, objectives, action plans, actions and projects.

A plan belongs to its organisation (a city, an OCMW, the VGC) and is `organisation` content until the
organisation shares or publishes it (DESIGN.md §4). Its elements carry the city's own codes, which an
import uses as external ids. Progress rolls up by the one rule of `rollup.py` (decision 0014).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Organisation, Theme, TimeStamped
from stadskennis.core.visibility import Visibility
from stadskennis.plans.rollup import EQUAL, WEIGHTED


class PlanStatus(models.Model):
    """One status of an organisation's own list, with its default progress and its part in roll-up."""

    class Icon(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        RUNNING = "running", _("running")
        DELAYED = "delayed", _("delayed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    icon = models.CharField(_("icon"), max_length=16, choices=Icon.choices, default=Icon.RUNNING)
    default_progress = models.PositiveSmallIntegerField(_("default progress (%)"), null=True, blank=True)
    excluded_from_rollup = models.BooleanField(_("left out of roll-up"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="plan_status_name_once"),
            models.CheckConstraint(
                condition=Q(default_progress__lte=100), name="plan_status_progress_at_most_100"
            ),
        ]
        verbose_name = _("plan status")
        verbose_name_plural = _("plan statuses")

    def __str__(self) -> str:
        return self.name


class PlanManager(models.Model):
    """A person who builds and reports on their organisation's plans (given by an administrator or by
    the organisation's own plan managers)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_roles")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="plan_manager_once")]
        verbose_name = _("plan manager")
        verbose_name_plural = _("plan managers")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Plan(Content):
    class Kind(models.TextChoices):
        MULTI_YEAR = "multi_year", _("Multi-year plan")
        AGREEMENT = "agreement", _("Governing agreement")

    class Rollup(models.TextChoices):
        WEIGHTED = WEIGHTED, _("weighted by each element's weight")
        EQUAL = EQUAL, _("every element counts the same")

    title = models.CharField(_("title"), max_length=300)
    # a city's plan is its own until it shares it (DESIGN.md §4)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.ORGANISATION
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MULTI_YEAR)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    rollup = models.CharField(_("roll-up"), max_length=16, choices=Rollup.choices, default=Rollup.WEIGHTED)
    shared_for_comparison = models.BooleanField(_("shared for comparison with other cities"), default=False)
    # the organisation's choice: a public dashboard of the elements marked public, from the last frozen
    # release, for anyone (the plan itself may stay the organisation's)
    public_dashboard = models.BooleanField(_("public dashboard"), default=False)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("carried over from"),
    )

    class Meta:
        ordering = ["owner", "-start_year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_in_order"),
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.title} {self.start_year}–{self.end_year}"


class PlanElement(TimeStamped):
    class Level(models.TextChoices):
        DOMAIN = "domain", _("policy domain")
        OBJECTIVE = "objective", _("policy objective")
        ACTION_PLAN = "action_plan", _("action plan")
        ACTION = "action", _("action")
        PROJECT = "project", _("project")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="elements")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=40)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.ACTION)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    priority = models.BooleanField(_("priority"), default=False)
    politician = models.CharField(_("responsible alderman"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.ForeignKey(
        PlanStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status"),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, default=1)
    # budget references in euro cents: exact, never floating point
    exploitation_planned = models.BigIntegerField(null=True, blank=True)
    exploitation_realised = models.BigIntegerField(null=True, blank=True)
    investment_planned = models.BigIntegerField(null=True, blank=True)
    investment_realised = models.BigIntegerField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    tags = models.JSONField(_("tags"), default=list, blank=True)  # SDG goals and targets, fields of urbanity
    public = models.BooleanField(_("on the public dashboard"), default=False)
    position = models.PositiveIntegerField(default=0)  # the order of the city's own file
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )  # the same element in the plan of the previous period: its history

    class Meta:
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_element_code_once"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="plan_element_progress_at_most_100"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="plan_element_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="plan_element_dates_in_order",
            ),
        ]
        verbose_name = _("plan element")
        verbose_name_plural = _("plan elements")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


# --- Releases: reporting rounds ----------------------------------------------------------------------


class FrozenRelease(Exception):
    """A frozen release is a snapshot that dashboards and reports rely on: nothing changes it."""


class ReleaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().update(**kwargs)

    def delete(self):
        if self.filter(phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete()


class Release(TimeStamped):
    """A reporting round on a plan ("rapportering 1e semester 2026"): each element's owner updates
    status, progress and narrative until the plan managers freeze it as an immutable snapshot."""

    class Phase(models.TextChoices):
        OPEN = "open", _("open for updates")
        FROZEN = "frozen", _("frozen")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="releases")
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before the deadline)"), default=3)
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    # the plan's roll-up rule when the release opened: a frozen release's figures never change
    rollup = models.CharField(max_length=16, choices=Plan.Rollup.choices, default=WEIGHTED)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)  # the automatic one, sent once
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(phase="open"), name="release_one_open_per_plan"
            ),
        ]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.phase == self.Phase.FROZEN

    def save(self, *args, **kwargs):
        if self.pk and Release.objects.filter(pk=self.pk, phase=self.Phase.FROZEN).exists():
            raise FrozenRelease
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Release.objects.filter(pk=self.pk, phase=self.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete(*args, **kwargs)


class ReleaseEntryQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        releases = {obj.release_id for obj in objs}
        if Release.objects.filter(pk__in=releases, phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if self.filter(release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().update(**kwargs)

    def delete(self):
        if self.filter(release__phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete()


class ReleaseEntry(models.Model):
    """One element in one release: the structure as it stood when the release opened, and what its
    owner reported. The status is kept by name, icon and rule, so a status renamed later does not
    change what a frozen release said."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="entries")
    # the element itself may go later; the entry keeps its code and title
    element = models.ForeignKey(
        PlanElement, on_delete=models.SET_NULL, null=True, blank=True, related_name="release_entries"
    )
    code = models.CharField(max_length=40)
    parent_code = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=16, choices=PlanElement.Level.choices)
    title = models.CharField(max_length=300)
    weight = models.DecimalField(max_digits=7, decimal_places=2, default=1)
    position = models.PositiveIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # what a dashboard groups, filters and publishes by, as it stood
    priority = models.BooleanField(default=False)
    politician = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    public = models.BooleanField(default=False)
    status_name = models.CharField(_("status"), max_length=60, blank=True)
    status_icon = models.CharField(max_length=16, choices=PlanStatus.Icon.choices, blank=True)
    status_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    status_excluded = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # each update adds one: two updates never overwrite

    objects = ReleaseEntryQuerySet.as_manager()

    class Meta:
        ordering = ["release", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["release", "code"], name="release_entry_code_once"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="release_entry_progress_at_most_100"),
        ]
        verbose_name = _("release entry")
        verbose_name_plural = _("release entries")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        if Release.objects.filter(pk=self.release_id, phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Release.objects.filter(pk=self.release_id, phase=Release.Phase.FROZEN).exists():
            raise FrozenRelease
        return super().delete(*args, **kwargs)


class ReleaseOwner(models.Model):
    """An element owner asked to report in a release: the personal link (stored as a hash) and when
    they were asked and reminded."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="owners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "user"], name="release_owner_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.release})"


# the indicators of the elements and the council report's PDF, in their own modules; imported here so
# that Django finds them
from stadskennis.plans.models.council_pdf import CouncilReportPdf  # noqa: E402
from stadskennis.plans.models.indicators import (  # noqa: E402
    PlanIndicator,
    PlanIndicatorValue,
    ReleaseIndicator,
)

__all__ = [
    "CouncilReportPdf",
    "FrozenRelease",
    "Plan",
    "PlanElement",
    "PlanIndicator",
    "PlanIndicatorValue",
    "PlanManager",
    "PlanStatus",
    "Release",
    "ReleaseEntry",
    "ReleaseIndicator",
    "ReleaseOwner",
]
