"""The newsletter's subscribers, and the log of how each gave (and withdrew) consent.

What a subscription may become is decided in subscriptions.py; the models only keep the state.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Theme


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """One address that receives (or asked to receive, or no longer receives) the newsletter and the
    weekly "Veranderend speelveld". Its secret token is in the links of every mail: manage, unsubscribe."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscription",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    monthly = models.BooleanField(_("the monthly newsletter"), default=True)
    weekly = models.BooleanField(_("the weekly “Veranderend speelveld”"), default=False)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("themes"),
        help_text=_("The themes you follow most; none: all."),
    )  # fmt: skip
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirm_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)  # "already subscribed"
    # Confirmation mails in the current day: a victim's address is not flooded from many networks.
    mails_since = models.DateTimeField(null=True, blank=True, editable=False)
    mails_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.email

    # No get_absolute_url: the address of a subscription's page is its secret, for its owner alone,
    # and Django's admin and generic views would link to it ("View on site").
    @property
    def manage_url(self) -> str:
        return reverse("newsletter:manage", args=[self.token])

    @property
    def unsubscribe_url(self) -> str:
        return reverse("newsletter:unsubscribe", args=[self.token])


class Consent(models.Model):
    """One step in the life of a subscription: when, how, and what was chosen. The proof the GDPR asks
    for (article 7: the controller shows that the person consented), kept as long as the address."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Asked to subscribe")
        CONFIRMED = "confirmed", _("Confirmed the address")
        CHANGED = "changed", _("Changed the preferences")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        FORM = "form", _("The sign-up form")
        LINK = "link", _("The link in the confirmation mail")
        PROFILE = "profile", _("A member's own page")
        PAGE = "page", _("The subscription's own page")
        ONE_CLICK = "one_click", _("One click in the mail program (RFC 8058)")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=12, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    preferences = models.CharField(max_length=500, blank=True)  # what was chosen, in words
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.subscriber} {self.action} {self.at:%Y-%m-%d}"


class SpotlightEntry(models.Model):
    """One week's "Veranderend speelveld": a public study or publication of the Kennisbank with a short
    commentary, scheduled ahead and shown from its day on (spotlight.py)."""

    item = models.ForeignKey(
        "knowledge.KnowledgeItem",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("study or publication"),
    )
    commentary = models.TextField(_("commentary"), max_length=3000, help_text=_("Markdown. Why read it now."))
    publish_on = models.DateField(_("in the spotlight from"), unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-publish_on"]
        verbose_name = _("spotlight")
        verbose_name_plural = _("spotlights")

    def __str__(self) -> str:
        return f"{self.publish_on:%Y-%m-%d}: {self.item}"

    @property
    def anchor(self) -> str:
        return f"speelveld-{self.publish_on:%Y-%m-%d}"
