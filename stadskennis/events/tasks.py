"""Mail of the Agenda, sent by the background worker, never in a request."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from stadskennis.core.visibility import registration_reaches_event
from stadskennis.events.ical import calendar_of
from stadskennis.events.models import Registration
from stadskennis.mail.services import is_undeliverable

SUBJECTS = ("pending", "confirmed", "waiting", "offered")  # the states that get a mail


def _subject(status: str, title: str) -> str:
    subjects = {
        Registration.Status.PENDING: _("Confirm your registration: %(title)s"),
        Registration.Status.CONFIRMED: _("You are registered: %(title)s"),
        Registration.Status.WAITING: _("You are on the waiting list: %(title)s"),
        Registration.Status.OFFERED: _("A place is free for you: %(title)s"),
    }
    return subjects[status] % {"title": title}


@task()
def send_registration_mail(registration_id: int, status: str) -> str:
    """The mail that belongs to the state a registration reached; none when it has moved on since
    (a confirmation overtaken by a cancellation is not sent)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status != status or status not in SUBJECTS:
        return "skipped"
    if not registration_reaches_event(registration):
        return "skipped"  # removed from the group the event is closed to
    if is_undeliverable(registration.email):
        return "undeliverable"  # the address bounced (mail.services)
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event": event,
            "page": settings.SITE_URL.rstrip("/") + registration.get_absolute_url(),
            "event_page": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
            "hold_minutes": settings.EVENT_HOLD_MINUTES,
        }
        message = EmailMessage(
            subject=_subject(status, event.title),
            body=render_to_string(f"events/email/{status}.txt", context),
            to=[registration.email],
        )
        if status == Registration.Status.CONFIRMED:
            message.attach(
                f"{slugify(event.title)[:60] or 'activiteit'}.ics",
                calendar_of([event], name=event.title, with_online_link=True),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
        message.send()
    return "sent"


@task()
def send_reminder(registration_id: int) -> str:
    """The reminder before the event, with the online link for whoever has a place."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return "skipped"
    if not registration_reaches_event(registration):
        return "skipped"
    if is_undeliverable(registration.email):
        return "undeliverable"  # the address bounced (mail.services)
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event": event,
            "page": settings.SITE_URL.rstrip("/") + registration.get_absolute_url(),
        }
        EmailMessage(
            subject=_("Reminder: %(title)s") % {"title": event.title},
            body=render_to_string("events/email/reminder.txt", context),
            to=[registration.email],
        ).send()
    return "sent"


@task()
def send_intervisie_invitation(event_id: int, user_id: int) -> str:
    """The invitation to an intervisie: its title, day and page, where the statement is accepted.
    No case or note is ever mailed."""
    from stadskennis.core.visibility import is_group_member
    from stadskennis.events.models import Event

    event = Event.objects.filter(pk=event_id, deleted_at__isnull=True).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if (
        event is None
        or user is None
        or event.is_cancelled
        or not is_group_member(user, event.access_group_id)
    ):
        return "skipped"  # removed again before the worker got to it
    if is_undeliverable(user.email):
        return "undeliverable"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "user": user,
            "page": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
        }
        EmailMessage(
            subject=_("Invitation to an intervisie: %(title)s") % {"title": event.title},
            body=render_to_string("events/email/intervisie_invitation.txt", context),
            to=[user.email],
        ).send()
    return "sent"


@task()
def send_event_cancelled(registration_id: int, message: str) -> str:
    """To each person whose registration ended with the event, with the organiser's word."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email or not registration.event.is_cancelled:
        return "skipped"
    if is_undeliverable(registration.email):
        return "undeliverable"  # the address bounced (mail.services)
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        context = {"registration": registration, "event": event, "message": message}
        EmailMessage(
            subject=_("Cancelled: %(title)s") % {"title": event.title},
            body=render_to_string("events/email/event_cancelled.txt", context),
            to=[registration.email],
        ).send()
    return "sent"


@task()
def send_feedback_request(registration_id: int) -> str:
    """After the event, to each person who came: the link to the short feedback form."""
    from django.urls import reverse

    from stadskennis.events.feedback import may_give

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not registration.email or not may_give(registration):
        return "skipped"
    if is_undeliverable(registration.email):
        return "undeliverable"  # the address bounced (mail.services)
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        page = reverse("events:feedback", args=[registration.token])
        context = {"registration": registration, "event": event, "page": settings.SITE_URL.rstrip("/") + page}
        EmailMessage(
            subject=_("How was it? %(title)s") % {"title": event.title},
            body=render_to_string("events/email/feedback_request.txt", context),
            to=[registration.email],
        ).send()
    return "sent"
