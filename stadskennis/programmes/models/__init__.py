"""Werking: the centre's own year. The annual work programme per programme line, and the money: the
budget per year and the actuals booked on the managing organisation's cost centre.

Amounts are integer cents: SQLite keeps a decimal column as a floating-point number and sums it so;
an integer is exact on both databases, and Python adds the cents up as integers and shows them as
Decimal euros (`money.py`). Nothing here is ever deleted by a page: a line or an entry is put in the
trash (`deleted_at`) and can be restored, and every change is audited with what it was before, so it
can be turned back (`services.change_revert`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation, ProgrammeLine, TimeStamped


class MoneyKind(models.TextChoices):
    FEE = "fee", _("Membership fee")
    SUBSIDY = "subsidy", _("Subsidy")
    OTHER_INCOME = "other_income", _("Other income")
    STAFF = "staff", _("Staff")
    OPERATING = "operating", _("Operating costs")
    RESEARCH = "research", _("Commissioned research")
    EVENTS = "events", _("Events")
    OTHER_COSTS = "other_costs", _("Other costs")


INCOME_KINDS = frozenset({MoneyKind.FEE, MoneyKind.SUBSIDY, MoneyKind.OTHER_INCOME})


class TrashQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class BudgetLine(TimeStamped):
    """One amount the year's budget plans: a member's fee, a grantor's subsidy, other income, or a
    kind of cost, optionally for one programme line. Income is expected on its due date."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=MoneyKind.choices)
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("programme line"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("member organisation"),
    )
    grantor = models.CharField(_("grantor"), max_length=200, blank=True)
    label = models.CharField(_("description"), max_length=200, blank=True)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TrashQuerySet.as_manager()

    class Meta:
        ordering = ["year", "kind", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind=MoneyKind.FEE) | Q(organisation__isnull=False), name="fee_has_a_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.label or self.organisation or self.grantor}"

    @property
    def shown_label(self) -> str:
        return self.label or (self.organisation.name if self.organisation else "") or self.grantor


class EntryImport(TimeStamped):
    """One cost-centre export read into the actuals: undone as a whole (its entries to the trash)."""

    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=255)
    cost_centre = models.CharField(_("cost centre"), max_length=40)
    rows = models.PositiveIntegerField(default=0)
    total_cents = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of entries")
        verbose_name_plural = _("imports of entries")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.year})"


class LedgerEntry(TimeStamped):
    """An actual: one booking on the cost centre, as the managing organisation's export has it (income
    and costs each positive on their own accounts, a correction negative), or entered by hand."""

    year = models.PositiveSmallIntegerField(_("year"))
    booked_on = models.DateField(_("date"))
    account_code = models.CharField(_("economic account"), max_length=20)
    description = models.CharField(_("description"), max_length=300)
    reference = models.CharField(_("document number"), max_length=60, blank=True)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    cost_centre = models.CharField(_("cost centre"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=MoneyKind.choices)
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("programme line"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("member organisation"),
    )
    batch = models.ForeignKey(
        EntryImport, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    row_number = models.PositiveIntegerField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TrashQuerySet.as_manager()

    class Meta:
        ordering = ["booked_on", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        indexes = [models.Index(fields=["year", "deleted_at"])]
        constraints = [  # the same booking counts once, however it came in (import, hand, turning back)
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(deleted_at__isnull=True),
                name="one_live_entry_per_booking",
            )
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.account_code} {self.description}"


class YearAccounts(TimeStamped):
    """The accounts of a year, once approved: from then on public, with their data twins."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    approved_on = models.DateField(_("approved on"))
    approved_by_body = models.CharField(_("approved by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("approved accounts")
        verbose_name_plural = _("approved accounts")

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("programmes:accounts_public", kwargs={"year": self.year})


class WorkProgramme(TimeStamped):
    """A year's work programme: what the centre plans per programme line, reviewed by the board."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    reviewed_on = models.DateField(_("reviewed by the executive board on"), null=True, blank=True)
    review_note = models.TextField(_("board's remarks"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("programmes:work_programme", kwargs={"year": self.year})


MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class PlannedActivity(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDERWAY = "underway", _("Under way")
        DONE = "done", _("Done")
        POSTPONED = "postponed", _("Postponed")
        DROPPED = "dropped", _("Dropped")

    work_programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="activities")
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        related_name="planned_activities",
        verbose_name=_("programme line"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    starts_in = models.PositiveSmallIntegerField(_("from month"), choices=MONTHS, null=True, blank=True)
    ends_in = models.PositiveSmallIntegerField(_("until month"), choices=MONTHS, null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.CharField(_("progress"), max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TrashQuerySet.as_manager()

    class Meta:
        ordering = ["programme_line__position", "starts_in", "pk"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        constraints = [
            models.CheckConstraint(
                condition=(Q(starts_in__isnull=True) | Q(starts_in__gte=1, starts_in__lte=12))
                & (Q(ends_in__isnull=True) | Q(ends_in__gte=1, ends_in__lte=12)),
                name="activity_months_in_year",
            ),
            models.CheckConstraint(
                condition=Q(starts_in__isnull=True)
                | Q(ends_in__isnull=True)
                | Q(ends_in__gte=models.F("starts_in")),
                name="activity_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.UNDERWAY, self.Status.POSTPONED)


from stadskennis.programmes.models.governance import Body, BodyDocument, BodyMeeting, Decision, Seat  # noqa: E402
from stadskennis.programmes.models.report import AnnualReport  # noqa: E402

__all__ = [
    "INCOME_KINDS",
    "MONTHS",
    "AnnualReport",
    "Body",
    "BodyDocument",
    "BodyMeeting",
    "BudgetLine",
    "Decision",
    "EntryImport",
    "LedgerEntry",
    "MoneyKind",
    "PlannedActivity",
    "Seat",
    "TrashQuerySet",
    "WorkProgramme",
    "YearAccounts",
]
