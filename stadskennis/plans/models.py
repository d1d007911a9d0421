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
