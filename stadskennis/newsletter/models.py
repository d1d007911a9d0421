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


class Issue(models.Model):
    """One mailing. The monthly newsletter: nine items and an introduction, composed by an editor
    (issues.py), sent once to every subscriber of it (sending.py) and kept in the public archive;
    older issues imported from the centre's earlier site are in the archive without ever being sent
    from here. The weekly "Veranderend speelveld": one spotlight, mailed on its day to those who asked
    for it (spotlight.py); its `month` is that day."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Newsletter")
        WEEKLY = "weekly", _("Veranderend speelveld")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being composed")
        SENDING = "sending", _("Being sent")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        IMPORTED = "imported", _("Imported from the archive")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MONTHLY)
    number = models.PositiveIntegerField(_("number"))
    month = models.DateField(_("month"), help_text=_("The first day of the month (a spotlight: its day)."))
    introduction = models.TextField(_("introduction"), blank=True, max_length=5000, help_text=_("Markdown."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_url = models.URLField(_("original address"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Sending (sending.py): when it started and ended, the run that holds it, why it paused.
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    run_id = models.CharField(max_length=32, blank=True, editable=False)
    errors = models.PositiveIntegerField(default=0, editable=False)  # since the last start or resume
    paused_reason = models.CharField(max_length=500, blank=True, editable=False)
    last_error = models.CharField(max_length=300, blank=True, editable=False)
    waiting_until = models.DateTimeField(null=True, blank=True, editable=False)  # the hourly limit

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_issue_per_number"),
            models.UniqueConstraint(fields=["kind", "month"], name="one_issue_per_month"),
        ]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return f"{self.number}: {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.WEEKLY:
            return f"{reverse('newsletter:spotlight')}#speelveld-{self.month:%Y-%m-%d}"
        return reverse("newsletter:issue", args=[self.number])


class IssueItem(models.Model):
    """One of an issue's nine places: a knowledge item, an event or (in an imported issue) a link,
    with the short text the editor wrote for it. Its kind is the newsletter's own, for the mix."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Good or failed practice")
        RESEARCH = "research", _("Research made accessible")
        FOREIGN = "foreign", _("Foreign example")
        COMPARISON = "comparison", _("Cities compared")
        SPOTLIGHT = "spotlight", _("Veranderend speelveld")
        ANNOUNCEMENT = "announcement", _("Announcement")
        DOSSIER = "dossier", _("New in a dossier")
        LINK = "link", _("Interesting website")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    knowledge_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dossier_site = models.ForeignKey(
        "dossiers.DossierSite", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    url = models.URLField(_("address"), blank=True, max_length=500)  # a link of an imported issue
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, max_length=1500)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("newsletter item")
        verbose_name_plural = _("newsletter items")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """The issue for one subscriber: pending until the worker claims it, then sent, failed (the server
    refused the address) or skipped (unsubscribed or undeliverable since the sending started). A row
    is sent at most once by the run that holds it (sending.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Refused")
        SKIPPED = "skipped", _("Skipped")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    # Erasing a subscriber keeps the count of what was sent, not the address.
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    run_id = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)  # an address refused for now: not before
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)  # through this issue's link

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_subscriber")
        ]
        indexes = [models.Index(fields=["issue", "status"]), models.Index(fields=["status", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.subscriber_id}: {self.status}"
