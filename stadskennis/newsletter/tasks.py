"""The newsletter's own mails about a subscription, sent by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from stadskennis.core.recovery import resumable
from stadskennis.mail.services import is_undeliverable
from stadskennis.newsletter.models import Subscriber

Status = Subscriber.Status
# Each mail: its subject, and the states of the subscription it is still true for when it is sent.
MAILS = {
    "confirm": (
        gettext_noop("Confirm your subscription to the newsletter"),
        (Status.PENDING, Status.UNSUBSCRIBED),
    ),
    "already": (gettext_noop("You are already subscribed to the newsletter"), (Status.CONFIRMED,)),
    "welcome": (gettext_noop("Welcome to the newsletter"), (Status.CONFIRMED,)),
}


def _send(subscriber_id: int, mail: str) -> str:
    from stadskennis.newsletter.subscriptions import confirmation_token, list_unsubscribe_headers

    subject, states = MAILS[mail]
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status not in states:
        return "skipped"  # erased, or moved on since (a confirmation overtaken by a click on an older one)
    if mail == "confirm" and subscriber.confirm_requested_at is None:
        return "skipped"
    if is_undeliverable(subscriber.email):
        return "undeliverable"
    site = settings.SITE_URL.rstrip("/")
    context = {
        "subscriber": subscriber,
        "manage": site + subscriber.manage_url,
        "unsubscribe": site + subscriber.unsubscribe_url,
        "hours": settings.NEWSLETTER_CONFIRM_HOURS,
    }
    if mail == "confirm":
        context["confirm"] = site + reverse("newsletter:confirm", args=[confirmation_token(subscriber)])
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMessage(
            subject=_(subject),
            body=render_to_string(f"newsletter/email/{mail}.txt", context),
            to=[subscriber.email],
            headers=list_unsubscribe_headers(subscriber) if subscriber.status == Status.CONFIRMED else None,
        )
    message.send()
    return "sent"


@task()
def send_confirmation(subscriber_id: int) -> str:
    """The double opt-in: the link that subscribes this address."""
    return _send(subscriber_id, "confirm")


@task()
def send_already_subscribed(subscriber_id: int) -> str:
    """To the owner of a subscribed address someone signed up again: nothing changed, manage it here."""
    return _send(subscriber_id, "already")


@task()
def send_welcome(subscriber_id: int) -> str:
    return _send(subscriber_id, "welcome")


def _abandon(issue_id: int, *, message: str = "") -> None:
    from stadskennis.newsletter.sending import abandon

    abandon(issue_id, message=message)


@resumable(attempts=5, on_abandon=_abandon)
@task()
def deliver_issue(issue_id: int) -> str:
    """One run of an issue's sending (newsletter/sending.py); safe to run again: a row is sent once."""
    from stadskennis.newsletter.sending import deliver

    return deliver(issue_id).result


@task()
def send_test_issue(issue_id: int, address: str) -> str:
    """The issue exactly as a subscriber receives it, to an editor's own address."""
    from stadskennis.newsletter.models import Issue
    from stadskennis.newsletter.rendering import issue_message, preview_subscriber

    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None:
        return "skipped"
    issue_message(issue, preview_subscriber(address)).send()
    return "sent"
