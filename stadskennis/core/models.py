"""Organisations, themes, cooperation periods, the audit log, and the base of all content."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.visibility import Visibility, visible_filter


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    class Kind(models.TextChoices):
        CENTRE = "centre", _("Knowledge centre")
        CENTRE_CITY = "centre_city", _("Centre city")
        VGC = "vgc", _("Flemish Community Commission (VGC)")
        VVSG = "vvsg", _("VVSG")
        GOVERNMENT = "government", _("Government")
        KNOWLEDGE_INSTITUTION = "knowledge_institution", _("Knowledge institution")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        COMPANY = "company", _("Company")
        FOREIGN_CITY = "foreign_city", _("Foreign city")
        MUNICIPALITY = "municipality", _("Municipality")
        PARTNER = "partner", _("Partner")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("network:organisation", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def nis_code_on(self, day: date | None = None) -> str | None:
        """The NIS code valid on `day` (today by default); mergers change codes over time."""
        day = day or timezone.localdate()
        for code in self.codes.all():
            if code.valid_from <= day and (code.valid_until is None or day <= code.valid_until):
                return code.code
        return None

    @property
    def nis_code(self) -> str | None:
        return self.nis_code_on()


class OrganisationCode(models.Model):
    """A NIS code with its validity: the 2025 mergers gave Hasselt a new code."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("NIS code"), max_length=5)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_code_validity"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="code_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from}–{self.valid_until or ''})"


class Theme(TimeStamped):
    class Kind(models.TextChoices):
        URBANITY_FIELD = "urbanity_field", _("Field of urbanity")
        PROGRAMME_SUBJECT = "programme_subject", _("Programme subject")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The theme's dossier in the Kennisbank."""
        from django.urls import reverse

        return reverse("knowledge:theme", kwargs={"slug": self.slug})


class Period(models.Model):
    """A cooperation period (samenwerkingsperiode) founded by a five-year agreement."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("cooperation period")
        verbose_name_plural = _("cooperation periods")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="period_ordered")
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeLine(models.Model):
    """A programme line of a cooperation period, or a sub-programme of one (`parent`). A line that
    continues an earlier period's line (`continues`) keeps that line's history on its page."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="programme_lines")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="programme_lines")
    position = models.PositiveSmallIntegerField(default=0)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_programmes",
        verbose_name=_("part of programme line"),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues the line"),
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead city"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("centre staff")
    )

    class Meta:
        ordering = ["period", "position", "name"]
        verbose_name = _("programme line")
        verbose_name_plural = _("programme lines")
        constraints = [models.UniqueConstraint(fields=["period", "name"], name="unique_line_per_period")]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"

    def get_absolute_url(self) -> str:
        """The line's page in the Werking."""
        from django.urls import reverse

        return reverse("programmes:line", kwargs={"pk": self.pk})


class ContentQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def visible_to(self, user):
        """Rows `user` may see, as a filter inside the query (never a post-filter)."""
        return self.alive().filter(visible_filter(user, model=self.model))


class Content(TimeStamped):
    """Base of every piece of content: an owner organisation, a visibility, a soft delete."""

    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AuditEntry(models.Model):
    """Who created, changed, deleted or restored what, and when. Written only by core.services."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")
        INVITE = "invite", _("invited")
        IMPORT = "import", _("imported")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    @property
    def changed_fields(self) -> list[str]:
        """The names of what changed. Templates use this, never `changes.items`: a change of a field
        named "items" (a question's linked items) would shadow the dict method."""
        return list(self.changes) if isinstance(self.changes, dict) else []


class OutboxEntry(models.Model):
    """One change that derived stores (the search index) must follow: written in the transaction of
    the change itself, so a rolled-back write leaves no entry and a committed one is never missed.

    The id is the sequence number consumers keep their position by. `model` is the app label and
    model name ("knowledge.knowledgeitem"); `object_id` empty with model "*" asks for a rebuild.
    Written only by core.outbox.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.model}:{self.object_id}"


class OutboxState(models.Model):
    """The highest outbox id ever pruned: a consumer whose position lies below it missed changes
    and must rebuild. One row, id 1."""

    pruned_through = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"pruned through {self.pruned_through}"


class ProcessHeartbeat(models.Model):
    """The last sign of life of a background process (the worker, a search indexer).

    A worker's heartbeat is the lease on the tasks it runs: when it stops beating, another worker
    resumes or fails them. /healthz shows the latest beat of each kind; /healthz/worker answers 503
    when one is stale. Written only by core.heartbeat.
    """

    key = models.CharField(max_length=64, unique=True)  # the worker id, or "search-indexer:<host>:<pid>"
    name = models.CharField(max_length=32)  # "worker" or "search-indexer"
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # Containers may share a host name but not their process ids: the pid is asked only where both match.
    pid_namespace = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-beat_at"]
        indexes = [models.Index(fields=["name", "beat_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.host}:{self.pid} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class StoredMail(models.Model):
    """A mail the platform would have sent, kept instead by the embedded default's mail backend
    (core.mail_store): in the database, where both the worker that sends most mail and the web process
    that shows them at /beheer/mail/ reach it. Only the newest are kept. Written only by that backend.
    """

    sent_at = models.DateTimeField(default=timezone.now)
    from_email = models.CharField(max_length=300)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    subject = models.TextField()
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)  # their file names

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {', '.join(self.to)}: {self.subject}"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class AccessGroup(TimeStamped):
    """A named group of people across organisations (the participants of an intervisie, the members
    of a governing body): the fifth audience of DESIGN.md section 4. Content closed to a group is seen
    by its members only, centre staff included (core.visibility); its confidential work only once a
    member accepted the group's statement, when it has one. Written only by core.access_groups."""

    class Kind(models.TextChoices):
        INTERVISIE = "intervisie", _("Peer consultation (intervisie)")
        BODY = "body", _("Governing body")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    statement = models.TextField(
        _("confidentiality statement"),
        blank=True,
        max_length=5000,
        help_text=_("Each member accepts it before seeing the group's cases and notes."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AccessGroupMembership",
        through_fields=("group", "user"),
        related_name="access_groups",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("named group")
        verbose_name_plural = _("named groups")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class AccessGroupMembership(models.Model):
    group = models.ForeignKey(AccessGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    statement_accepted_at = models.DateTimeField(_("statement accepted"), null=True, blank=True)
    organises = models.BooleanField(_("organiser"), default=False)  # runs the group's event or body

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"
