"""The centre's governing bodies: the management committee of mayors, the executive board and any
other, their seats (who sits for which organisation, in which function), their meetings with agenda,
minutes, attendance and documents, and the register of their decisions.

A body is a named group of people (core.AccessGroup, kind `body`, decision 0019): its meetings and
documents are for its members only, staff included only when they sit in it (the centre's secretary
does, as the group's organiser). A body is not a workgroup: sitting in it is no expertise evidence,
it cannot be followed, and nothing of it reaches search, feeds or digests."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import AccessGroup, Organisation, ProgrammeLine, TimeStamped
from stadskennis.programmes.models import TrashQuerySet


class Body(TimeStamped):
    class Kind(models.TextChoices):
        MANAGEMENT_COMMITTEE = "management_committee", _("Management committee")
        EXECUTIVE_BOARD = "executive_board", _("Executive board")
        OTHER = "other", _("Other body")

    access_group = models.OneToOneField(AccessGroup, on_delete=models.PROTECT, related_name="body")
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    sees_draft_budget = models.BooleanField(
        _("sees the draft budget"),
        default=False,
        help_text=_("Its members read the budget and actuals of every year (the executive board does)."),
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:body", kwargs={"slug": self.slug})


class Seat(TimeStamped):
    """Who sits in a body, for which organisation and in which function. Their access is the named
    group's membership, which `governance.seat_add` writes with the seat."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("for")
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    chairs = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-chairs", "organisation__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="one_seat_per_body")]

    def __str__(self) -> str:
        return f"{self.user} ({self.function})"


class BodyMeeting(TimeStamped):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place of the meeting"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=20000, help_text=_("Markdown."))
    minutes = models.TextField(_("minutes"), blank=True, max_length=100000, help_text=_("Markdown."))
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("present")
    )

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting of a body")
        verbose_name_plural = _("meetings of bodies")

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    @property
    def audit_label(self) -> str:
        return f"{self.body.name}: {timezone.localtime(self.starts_at):%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:body_meeting", kwargs={"slug": self.body.slug, "pk": self.pk})


def body_document_path(instance: BodyDocument, filename: str) -> str:
    return f"bodies/{instance.meeting_id}/{PurePath(filename).name}"


class BodyDocument(models.Model):
    """A document of a body's meeting: for the body's members only, served through a view that asks."""

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=body_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:body_document", kwargs={"pk": self.pk})


class Decision(TimeStamped):
    """One decision of a body, in its register, with what it concerns in the work programme and
    the budget."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        BodyMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    number = models.CharField(_("number"), max_length=20)
    decided_on = models.DateField(_("decided on"))
    title = models.CharField(_("decision"), max_length=300)
    text = models.TextField(_("explanation"), blank=True, max_length=20000, help_text=_("Markdown."))
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("programme line"),
    )
    planned_activity = models.ForeignKey(
        "programmes.PlannedActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("planned activity"),
    )
    budget_line = models.ForeignKey(
        "programmes.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("budget line"),
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TrashQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="one_decision_number_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def audit_label(self) -> str:
        return f"{self.body.name} {self.number}"
