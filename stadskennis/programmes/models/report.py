"""The annual report of a year: drafted by the background worker from the year's activity (the
snapshot), given its connecting text by an editor, and published as a page, a PDF and a knowledge
item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import TimeStamped


class AnnualReport(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Drafting(models.TextChoices):
        IDLE = "idle", _("not drafted yet")
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being drafted")
        DONE = "done", _("drafted")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True, max_length=20000, help_text=_("Markdown."))
    line_texts = models.JSONField(default=dict, blank=True)  # programme line id -> the editor's text
    closing = models.TextField(_("closing words"), blank=True, max_length=20000, help_text=_("Markdown."))
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    drafting = models.CharField(max_length=8, choices=Drafting.choices, default=Drafting.IDLE)
    draft_done = models.PositiveIntegerField(default=0)
    draft_total = models.PositiveIntegerField(default=0)
    drafted_at = models.DateTimeField(null=True, blank=True)
    draft_seconds = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What the public reads: the texts and the snapshot as they were published, so drafting again or
    # editing after publishing changes nothing public until the editor publishes again.
    published = models.JSONField(null=True, blank=True, editable=False)
    published_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return str(_("Annual report %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("programmes:annual_report", kwargs={"year": self.year})

    @property
    def percent(self) -> int:
        return int(100 * self.draft_done / self.draft_total) if self.draft_total else 0
