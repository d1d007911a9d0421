"""What a member follows (a theme, a workgroup, an organisation or a person) and how often they
want the digest of what is new there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TARGETS = ("theme", "workgroup", "organisation", "person")


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    theme = models.ForeignKey("core.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    workgroup = models.ForeignKey(
        "network.Workgroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "network.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(theme__isnull=False, workgroup=None, organisation=None, person=None)
                    | Q(theme=None, workgroup__isnull=False, organisation=None, person=None)
                    | Q(theme=None, workgroup=None, organisation__isnull=False, person=None)
                    | Q(theme=None, workgroup=None, organisation=None, person__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_once_per_{target}",
                )  # fmt: skip
                for target in TARGETS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return next(getattr(self, t) for t in TARGETS if getattr(self, f"{t}_id"))

    @property
    def target_kind(self) -> str:
        return next(t for t in TARGETS if getattr(self, f"{t}_id"))


class DigestPreference(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NONE = "none", _("No email")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    frequency = models.CharField(
        _("digest by email"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
