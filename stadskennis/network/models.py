"""People in the network, the workgroups they meet in, and the work between meetings."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Organisation, ProgrammeLine, Theme, TimeStamped
from stadskennis.core.visibility import Visibility


class LegalBasis(models.TextChoices):
    """Why the platform may hold a person's data (GDPR art. 6); see docs/gdpr.md."""

    CONSENT = "consent", _("Consent")
    PUBLIC_TASK = "public_task", _("Public task of the member organisation")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (network contact)")


def person_photo_path(instance: Person, filename: str) -> str:
    return f"people/{instance.pk or 'new'}/{PurePath(filename).name}"


class Person(TimeStamped):
    """Someone in the network, with or without an account. Contact data is for members only."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="people", verbose_name=_("themes"))
    expertise = models.TextField(_("expertise"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True, max_length=300)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, default=LegalBasis.LEGITIMATE_INTEREST
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    informed_at = models.DateTimeField(_("informed of registration"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_active_at = models.DateTimeField(_("last active"), default=timezone.now)
    erasure_requested_at = models.DateTimeField(_("erasure requested"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="unique_person_email"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.erased_at:
            return _("a person of %(organisation)s") % {"organisation": self.organisation.name}
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def get_absolute_url(self) -> str:
        return reverse("network:person", kwargs={"pk": self.pk})


class Workgroup(Content):
    class Kind(models.TextChoices):
        WERKGROEP = "werkgroep", _("Workgroup")
        KENNISKRING = "kenniskring", _("Knowledge circle")
        OVERLEGGROEP = "overleggroep", _("Consultation group")
        KLANKBORDGROEP = "klankbordgroep", _("Sounding board")

    class Status(models.TextChoices):
        STARTING = "starting", _("Starting")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    key = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WERKGROEP)
    purpose = models.TextField(_("purpose"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="workgroups", verbose_name=_("themes"))
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_workgroups",
        verbose_name=_("lead city"),
    )
    lead_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workgroups",
        verbose_name=_("lead person"),
    )
    members = models.ManyToManyField(Person, blank=True, related_name="workgroups", verbose_name=_("members"))
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workgroups",
        verbose_name=_("programme"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:workgroup", kwargs={"key": self.key})

    def member_organisation_ids(self) -> set[int]:
        return set(self.members.values_list("organisation_id", flat=True))


class Meeting(TimeStamped):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    attendees = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="meeting_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("network:meeting", kwargs={"key": self.workgroup.key, "pk": self.pk})


def meeting_document_path(instance: MeetingDocument, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{PurePath(filename).name}"


class MeetingDocument(models.Model):
    """A presentation or note of a meeting; one step publishes it to the Kennisbank."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=meeting_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    published_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:meeting_document", kwargs={"pk": self.pk})


class Assignment(TimeStamped):
    """A homework assignment (thuisopdracht): one submission per member organisation before a deadline."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="assignments")
    for_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("for meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question or template"))
    deadline = models.DateTimeField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before the deadline)"), default=3)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    questionnaire = models.ForeignKey(
        "questions.Rondvraag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("structured questionnaire"),
        help_text=_(
            "Optional: a survey round (being composed) whose questions every member organisation answers."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("homework assignment")
        verbose_name_plural = _("homework assignments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:assignment", kwargs={"key": self.workgroup.key, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return timezone.now() <= self.deadline


class Submission(Content):
    """One member organisation's answer to an assignment. `owner` is that organisation.

    A draft is `organisation`-visible (colleagues work on it together); a submitted answer is
    `network`-visible, so the visibility model keeps drafts from other organisations.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    text = models.TextField(_("answer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )

    class Meta:
        ordering = ["owner__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "owner"], name="one_submission_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.owner}"

    def get_absolute_url(self) -> str:
        return self.assignment.get_absolute_url() + f"#inzending-{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None and self.visibility == Visibility.NETWORK

    @property
    def is_late(self) -> bool:
        return self.submitted_at is not None and self.submitted_at > self.assignment.deadline


def submission_file_path(instance: SubmissionFile, filename: str) -> str:
    return f"submissions/{instance.submission_id}/{PurePath(filename).name}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=submission_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("network:submission_file", kwargs={"pk": self.pk})


class ActionPoint(TimeStamped):
    """A decision or an action point; an open action is carried to every next meeting until done."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action point")

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="action_points")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_points"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ACTION)
    text = models.TextField(_("text"))
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_points",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        verbose_name = _("decision or action point")
        verbose_name_plural = _("decisions and action points")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.kind == self.Kind.ACTION and self.done_at is None
