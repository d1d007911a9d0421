"""Stad in cijfers: the indicator catalogue, geography with its history, and observations.

Observations are long rows (indicator × area × period → value), one per figure, so a new indicator,
municipality or year is a row and never a column; every aggregate is computed from them
(`aggregation.py`), never stored by hand. See docs/decisions/0012-indicator-warehouse.md.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation, Theme, TimeStamped
from stadskennis.core.visibility import Visibility, managed_indicators_filter, visible_filter


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Indicators `user` may see, as a filter inside the query (core.visibility decides). A ratio is
        seen only by whoever may see its numerator and denominator too: its figures are computed from
        theirs, so a city's unshared count never shows through a shared ratio built on it."""
        parts = (Q(numerator__isnull=True) | visible_filter(user, prefix="numerator__")) & (
            Q(denominator__isnull=True) | visible_filter(user, prefix="denominator__")
        )
        return self.filter(visible_filter(user) & parts)

    def managed_by(self, user):
        """Indicators `user` may edit, share and upload figures for (core.visibility decides)."""
        return self.filter(managed_indicators_filter(user))

    def current(self):
        """Indicators still kept up: those offered for new work (choices of the compare builder, a
        dashboard tile, similar municipalities). A retired one stays readable wherever it is named."""
        return self.filter(retired_on__isnull=True)

    def offered(self, chosen_codes=()):
        """The indicators to offer as choices for new work: the current ones, and a retired one only
        when its code is chosen already (an address that names it keeps it, so a form submitted again
        does not drop it)."""
        return self.filter(Q(retired_on__isnull=True) | Q(code__in=list(chosen_codes)))


class Indicator(TimeStamped):
    class Periodicity(models.TextChoices):
        YEAR = "year", _("year")
        QUARTER = "quarter", _("quarter")
        MONTH = "month", _("month")
        DATE = "date", _("date")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEUTRAL = "neutral", _("neutral")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum (additive count)")
        RATIO = "ratio", _("ratio of a numerator and a denominator")
        NONE = "none", _("none (shown only where measured)")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="indicators", verbose_name=_("themes"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    periodicity = models.CharField(
        _("periodicity"), max_length=8, choices=Periodicity.choices, default=Periodicity.YEAR
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.NEUTRAL
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
    )
    scale = models.DecimalField(_("scale"), max_digits=12, decimal_places=4, default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The visibility model of core: the common catalogue is public; a city's own dataset (later) is not.
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A city's own indicator measures what a common one does when it maps to it (issue 14, point 6);
    # an own indicator without one is marked "definition differs".
    common_definition = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_versions",
        verbose_name=_("common definition"),
    )
    # Set in the transaction of every merge that writes its figures (observation_copy.staged_merge,
    # observations.observations_merge): caching.py keys the computed figures on it, one row read.
    figures_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The `figures_changed_at` its AreaSum rows were summed from: equal, they are current; otherwise
    # (figures written another way, geography not summed yet) the database sums while reading.
    sums_of = models.DateTimeField(null=True, blank=True, editable=False)
    # A retired indicator is no longer kept up: its page, figures and data twins stay where they were
    # (links and citations keep working), it takes no new figures and is not offered for new work.
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    retirement_note = models.TextField(_("why it was retired"), blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(aggregation="ratio") | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_numerator_and_denominator",
            ),
            models.CheckConstraint(condition=Q(decimals__lte=6), name="indicator_decimals_at_most_6"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DefinitionVersion(models.Model):
    """A definition of an indicator from a date on: a series that crosses one is marked."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="definitions")
    valid_from = models.DateField(_("valid from"))
    description = models.TextField(_("definition"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "valid_from"], name="one_definition_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} vanaf {self.valid_from:%d-%m-%Y}"


class Area(models.Model):
    """A municipality, arrondissement, province or region with its NIS code and validity.

    A code names one area at a time: Antwerpen 11002 before 1 January 2025 (without Borsbeek) and from
    then on (with it) are two rows. `valid_from` empty: valid as far back as the reference goes.
    """

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        ARRONDISSEMENT = "arrondissement", _("arrondissement")
        PROVINCE = "province", _("province")
        REGION = "region", _("region")

    code = models.CharField(_("NIS code"), max_length=5)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    arrondissement = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    region = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="one_area_per_code_and_start"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="one_open_start_per_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class AreaSuccession(models.Model):
    """Lineage: `predecessor` became (part of) `successor` on `day` (the mergers of 2025)."""

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessions")
    day = models.DateField()

    class Meta:
        ordering = ["successor", "predecessor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="one_succession_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.day:%d-%m-%Y})"


class AreaGroup(models.Model):
    """A set of areas compared together: the centre cities, the centre cities + VGC, and comparison
    groups an editor or a member defines (visible as core.visibility says, like any content).

    Members are stored on every boundary set they exist on (Hasselt 71022 and 71072); a figure uses
    those valid on its boundary date.
    """

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(Area, related_name="groups")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One figure: an indicator for an area and a period, with SDMX's status and confidentiality."""

    # No database constraint (decision 0012): the import checks every id, deletes go through Django
    # (CASCADE / PROTECT are Django's), and PostgreSQL's per-row checks at commit were most of a big
    # import's time. No index of its own on indicator: the unique cell's index starts with it.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", db_constraint=False, db_index=False
    )
    # No index of its own: every read names the indicator (the unique index leads with it), and an
    # index kept up for every imported row only to check an area's rare deletion costs more than it saves.
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=10)  # 2020, 2020-Q1, 2020-01 or 2020-01-01 (periods.py)
    period_start = models.DateField()
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=1, default="A")  # codes.OBS_STATUS
    confidentiality = models.CharField(max_length=1, default="F")  # codes.CONF_STATUS
    source_version = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_start", "area"]
        # One index serves the pages and the import: the unique cell, by area before period, so the
        # series of a few areas (a page, a comparison) is a short range per area. On PostgreSQL it
        # also carries what the pages read (start, value and flags), so they come from the index
        # alone: migration 0009 builds it so, since Django makes no unique constraint with INCLUDE
        # columns on SQLite (decision 0012). A region's sums and the periods are kept apart (AreaSum,
        # IndicatorPeriod), so no page reads a whole period of every municipality to sum it.
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="one_observation_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period}: {self.value}"


class ObservationRevision(models.Model):
    """A corrected figure: who changed it, when, and the old and new value and flags."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    new_value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    old_status = models.CharField(max_length=1)
    new_status = models.CharField(max_length=1)
    old_confidentiality = models.CharField(max_length=1)
    new_confidentiality = models.CharField(max_length=1)
    source_version = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["observation", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.observation}: {self.old_value} → {self.new_value}"


class StagedObservation(models.Model):
    """A checked row of an import in progress, kept only inside the import's transaction: duplicates
    are found by the database, so memory stays flat however long the file. No index (the merge reads
    a run's rows once, in order) and, on PostgreSQL, not written to the log (UNLOGGED, migration 0010):
    rows that live inside one transaction need neither, and both cost time for every row."""

    run = models.CharField(max_length=32)
    line = models.PositiveIntegerField()
    indicator_id = models.BigIntegerField()
    area_id = models.BigIntegerField()
    period = models.CharField(max_length=10)
    period_start = models.DateField()
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    status = models.CharField(max_length=1)
    confidentiality = models.CharField(max_length=1)

    def __str__(self) -> str:
        return f"{self.run}:{self.line}"


class FiguresImportJob(TimeStamped):
    """A preview or an import of a big upload, run by the background worker (tasks.py); the kept file
    is observation_upload's, named by `token`. Its live progress is a file beside the upload
    (upload_progress.py), since the import's own transaction hides every write until it ends."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("preview")
        IMPORT = "import", _("import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("busy")
        DONE = "done", _("done")
        FAILED = "failed", _("stopped")

    token = models.CharField(max_length=32)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)  # csv (SDMX-CSV included) or xlsx
    source_version = models.CharField(max_length=100, blank=True)
    bytes_total = models.PositiveBigIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # observation_import's report, when done
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["token"], name="figures_job_token")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class KeptFigures(models.Model):
    """Figures computed for an indicator's pages (a series, a map), kept so the web processes need not
    compute them: the worker writes them after an import (tasks.figures_warm), a page reads them
    (caching.remembered). One row per indicator, kind and language, replaced when the figures change;
    `version` names what they were computed from, so a row of older figures is never read."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=120)  # "reeks:None", "kaart:2024:2025", …
    language = models.CharField(max_length=10)
    version = models.CharField(max_length=200)
    value = models.BinaryField()  # pickled: our own objects, written only by our worker
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "language"], name="one_kept_figures_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.kind}/{self.language}"


class AreaSum(models.Model):
    """What the municipalities' figures of one indicator add up to within one region, province or
    arrondissement in one period: how many have a value, the sum of those values, how many are
    confidential. Derived, never edited (area_sums.py): written in the transaction of every merge for
    the indicators it wrote, and for all of them when the geography is loaded again, so a page reads
    a few of these rather than summing hundreds of observations per period."""

    # No database constraints and no indexes of their own (as Observation's): a merge writes these for
    # every indicator it wrote, a big import a few hundred thousand, and their per-row checks at commit
    # cost more than the sums. Only the area_sums.py refresh writes them; deletes go through Django.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=10)
    period_start = models.DateField()
    present = models.PositiveIntegerField()  # municipalities with a value
    value = models.DecimalField(max_digits=30, decimal_places=6, null=True)  # their sum
    secret = models.PositiveIntegerField()  # municipalities whose observation is confidential

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="one_area_sum_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period}"


class IndicatorPeriod(models.Model):
    """A period in which an indicator has at least one observation. Derived, never edited: written
    with the indicator's AreaSum rows (area_sums.py), so a page learns an indicator's periods from a
    few rows rather than from all its observations."""

    indicator = models.ForeignKey(  # as AreaSum's: the unique index leads with it
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=10)
    period_start = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_indicator_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.period}"
