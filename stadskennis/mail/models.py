"""Addresses our mail did not reach, as the mail server reported it (a bounce) or the reader did (a
complaint). Every module that mails asks `services.is_undeliverable` first: the Agenda's forms, and
the newsletter's sending next."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailBounce(models.Model):
    """One address, with what its bounces said. Written only by mail.services."""

    address = models.EmailField(_("email address"), unique=True)  # lowercased
    hard_at = models.DateTimeField(_("permanent failure"), null=True, blank=True)
    complaint_at = models.DateTimeField(_("marked as spam"), null=True, blank=True)
    soft_count = models.PositiveIntegerField(_("temporary failures"), default=0)
    last_at = models.DateTimeField(_("last report"), default=timezone.now)
    last_status = models.CharField(_("last status"), max_length=200, blank=True)

    class Meta:
        ordering = ["-last_at", "pk"]
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")

    def __str__(self) -> str:
        return self.address
