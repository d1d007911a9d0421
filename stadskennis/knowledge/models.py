"""Knowledge items (practices, studies, instruments, cases, …) and their attachments."""

from __future__ import annotations

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Organisation, ProgrammeLine, Theme

# A lead is a few sentences (a published comparison cuts it at this length too); the Markdown texts
# are bounded so that one item can never hold up the page or the search index that renders it.
SUMMARY_MAX_LENGTH = 1_000
TEXT_MAX_LENGTH = 100_000


def _at_most(limit: int, message):
    return [MaxLengthValidator(limit, message=message)]


_TOO_LONG = _("This text is too long: at most %(limit_value)d characters (it has %(show_value)d).")


class KnowledgeItem(Content):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        STUDY = "study", _("Study or publication")
        RESEARCH = "research", _("Research disclosure")
        INSTRUMENT = "instrument", _("Policy instrument")
        FOREIGN_EXAMPLE = "foreign_example", _("Foreign example")
        CASE = "case", _("Case")
        PRESENTATION = "presentation", _("Presentation")
        LINK = "link", _("Website or link")
        NEWS = "news", _("News or announcement")
        ANSWER = "answer", _("Answer to a question")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Succeeded")
        PARTIAL = "partial", _("Partly succeeded")
        FAILED = "failed", _("Failed")

    external_id = models.CharField(_("external id"), max_length=200, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=_at_most(
            SUMMARY_MAX_LENGTH,
            _("Keep the summary short: at most %(limit_value)d characters (it has %(show_value)d)."),
        ),
    )
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown."), validators=_at_most(TEXT_MAX_LENGTH, _TOO_LONG)
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    what_worked = models.TextField(
        _("what worked"), blank=True, validators=_at_most(TEXT_MAX_LENGTH, _TOO_LONG)
    )
    what_failed = models.TextField(
        _("what did not work"), blank=True, validators=_at_most(TEXT_MAX_LENGTH, _TOO_LONG)
    )
    lessons = models.TextField(
        _("lessons learned"), blank=True, validators=_at_most(TEXT_MAX_LENGTH, _TOO_LONG)
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="knowledge_items", verbose_name=_("themes")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="knowledge_items", verbose_name=_("organisations involved")
    )
    contacts = models.ManyToManyField(
        "network.Person", blank=True, related_name="knowledge_items", verbose_name=_("contact persons")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period = models.CharField(
        _("period or date"), max_length=100, blank=True, help_text=_("For example 2019–2021.")
    )
    url = models.URLField(_("web address"), blank=True, max_length=500)
    source = models.CharField(_("source"), max_length=300, blank=True)
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("programme line"),
        help_text=_("The centre's programme this item came out of, if any."),
        db_index=False,  # the index `knowledge_line_activity` starts with it; PostgreSQL chose this one
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(kind="practice"), name="outcome_only_for_practice"
            )
        ]
        indexes = [
            models.Index(fields=["visibility", "deleted_at", "-created_at"]),
            # A programme line's page counts its items per year as the viewer may see them and lists the
            # newest: everything those read is in here, so neither database opens the rows for it.
            models.Index(
                fields=[
                    "programme_line",
                    "deleted_at",
                    "visibility",
                    "created_at",
                    "owner",
                    "created_by",
                    "id",
                ],
                name="knowledge_line_activity",
            ),
            # Its newest items: walked from the newest until enough match (a busy line finds them in
            # the first hundred), the filter read from the index too, so a small line whose items are
            # far back costs one pass over the index and never the rows.
            models.Index(
                fields=[
                    "-created_at",
                    "programme_line",
                    "deleted_at",
                    "visibility",
                    "owner",
                    "created_by",
                    "id",
                ],
                name="knowledge_newest_of_line",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.outcome and self.kind != self.Kind.PRACTICE:
            raise ValidationError({"outcome": _("Only a practice has an outcome.")})

    @property
    def extraction_in_progress(self) -> bool:
        """Whether the item page keeps asking: some attachment's text is being read, within the limit."""
        return any(a.extraction_busy for a in self.attachments.all())


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.item_id}/{PurePath(filename).name}"


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("busy")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


EXTRACTION_TIMED_OUT = _(
    "Reading the text took too long and was stopped. The file can be downloaded, but its text is not "
    "searchable."
)


def extraction_stuck_before():
    """An attachment uploaded before this and still waiting or being read is stuck."""
    return timezone.now() - timedelta(minutes=settings.EXTRACTION_STUCK_MINUTES)


class Attachment(models.Model):
    """A file on an item. Served only through knowledge:attachment, which checks the item's visibility."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=16,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_message = models.CharField(max_length=300, blank=True)
    extracted_text = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:attachment", kwargs={"pk": self.pk})

    @property
    def extraction_stuck(self) -> bool:
        """Still waiting or being read past EXTRACTION_STUCK_MINUTES: shown as failed, no longer asked
        after (the worker also records it as failed, see services.attachments_fail_stuck)."""
        return (
            self.extraction_status in (ExtractionStatus.PENDING, ExtractionStatus.RUNNING)
            and self.created_at < extraction_stuck_before()
        )

    @property
    def extraction_stuck_message(self) -> str:
        return EXTRACTION_TIMED_OUT

    @property
    def extraction_busy(self) -> bool:
        return (
            self.extraction_status in (ExtractionStatus.PENDING, ExtractionStatus.RUNNING)
            and not self.extraction_stuck
        )


class ThemeDossier(models.Model):
    """The state of the art of one theme: an editor's introduction and the items that matter most."""

    theme = models.OneToOneField(Theme, on_delete=models.CASCADE, related_name="dossier")
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    key_items = models.ManyToManyField(
        KnowledgeItem, blank=True, related_name="key_in", verbose_name=_("key items")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme"]
        verbose_name = _("theme dossier")
        verbose_name_plural = _("theme dossiers")

    def __str__(self) -> str:
        return str(self.theme)


class ImportJob(models.Model):
    """An import an editor started in the interface; the worker runs it and fills in the report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("busy")
        DONE = "done", _("done")
        FAILED = "failed", _("refused")

    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )
