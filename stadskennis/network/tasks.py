"""Background mail of the network. Runs in `stadskennis worker`, never in a request."""

from __future__ import annotations

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django_tasks import task

from stadskennis.core.reminders import REMINDER_SOURCES
from stadskennis.network.models import Assignment, Person, Submission

logger = logging.getLogger(__name__)


@task()
def send_added_notice(person_id: int) -> str:
    """GDPR art. 14: tell a person an editor added why we hold their data and how to object."""
    person = Person.objects.select_related("organisation", "added_by").filter(pk=person_id).first()
    if person is None or not person.email or person.informed_at or person.is_erased:
        return "skipped"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": person,
            "profile_url": settings.SITE_URL.rstrip("/") + person.get_absolute_url(),
            "privacy_url": settings.SITE_URL.rstrip("/") + reverse("privacy"),
        }
        send_mail(
            subject=_("You are listed in the Stadskennis network"),
            message=render_to_string("network/email/added_notice.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    Person.objects.filter(pk=person_id).update(informed_at=timezone.now())
    return "sent"


def _reminder_recipients(assignment: Assignment) -> list[Person]:
    """Members with an email address of the organisations that have not submitted yet."""
    done = Submission.objects.filter(assignment=assignment, submitted_at__isnull=False).values("owner_id")
    return list(
        assignment.workgroup.members.filter(erased_at__isnull=True)
        .exclude(email="")
        .exclude(organisation_id__in=done)
        .select_related("organisation")
    )


@task()
def send_assignment_reminder(assignment_id: int) -> int:
    """Remind who has not submitted; one refused address does not stop the others."""
    assignment = Assignment.objects.select_related("workgroup").filter(pk=assignment_id).first()
    if assignment is None:
        return 0
    sent = 0
    link = settings.SITE_URL.rstrip("/") + assignment.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        for person in _reminder_recipients(assignment):
            context = {"person": person, "assignment": assignment, "link": link}
            try:
                send_mail(
                    subject=_("Reminder: %(title)s, due %(deadline)s")
                    % {
                        "title": assignment.title,
                        "deadline": date_format(localtime(assignment.deadline), "j F"),
                    },
                    message=render_to_string("network/email/assignment_reminder.txt", context),
                    from_email=None,
                    recipient_list=[person.email],
                )
                sent += 1
            except (SMTPException, OSError):
                logger.warning(
                    "reminder not delivered", extra={"person": person.pk, "assignment": assignment.pk}
                )
    Assignment.objects.filter(pk=assignment_id).update(reminder_sent_at=timezone.now())
    return sent


@task()
def send_due_reminders() -> int:
    """Enqueued by `stadskennis send-reminders` (cron, hourly): homework and survey rounds whose reminder
    day has come."""
    now = timezone.now()
    count = sum(source(now) for source in REMINDER_SOURCES)  # survey rounds, releases (core.reminders)
    for assignment in Assignment.objects.filter(reminder_sent_at__isnull=True, deadline__gt=now):
        if assignment.deadline - timedelta(days=assignment.reminder_days) <= now:
            send_assignment_reminder.call(assignment.pk)
            count += 1
    return count
