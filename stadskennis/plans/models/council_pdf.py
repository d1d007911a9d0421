"""The council report of a frozen release as PDF, made once per language by the background worker
(council_pdf.py): a frozen release never changes, so neither does its PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.plans.models import Release


class CouncilReportPdf(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="council_pdfs")
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)  # parts drawn: elements, indicators, the page layout
    total = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(blank=True, default=b"")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)  # how long the drawing took

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "language"], name="council_pdf_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.release} ({self.language})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
