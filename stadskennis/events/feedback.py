"""After the event: a short feedback form mailed to those who came, and its anonymous summary.

The survey engine (questions) answers per organisation; this is per person, so it is its own small
form. Each participant answers once, for good; organisers see only averages, the spread and the
comments without names, over whole steps of MIN_FOR_SUMMARY answers (the first 5, the first 10, …):
a summary that moved with every answer would show the newest person's ratings and comment to whoever
looked before and after. A group smaller than a step (an intervisie of three) gets no summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.reminders import mark_and_queue
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import registration_reaches_event, registrations_reaching_events
from stadskennis.events.models import Event, Feedback, Registration

FEEDBACK_OPEN_DAYS = 30  # after the event ends: the form takes answers, and corrections
ASK_WITHIN_DAYS = 7  # people who came to an event that ended longer ago are not asked any more
MIN_FOR_SUMMARY = 5
QUESTIONS = ("overall", "content", "organisation", "usefulness")


def is_open(event: Event, *, now=None) -> bool:
    now = now or timezone.now()
    return event.ends_at <= now < event.ends_at + timedelta(days=FEEDBACK_OPEN_DAYS)


def may_give(registration: Registration) -> bool:
    """Those who were checked in with a place, while the form is open (and the event still reaches
    them: not removed from an intervisie's group since)."""
    return (
        registration.attended_at is not None
        and registration.status == Registration.Status.CONFIRMED
        and not registration.event.is_cancelled
        and is_open(registration.event)
        and registration_reaches_event(registration)
    )


class FeedbackRefused(Exception):
    pass


@transaction.atomic
def feedback_give(*, registration: Registration, **answers) -> Feedback:
    """Save the person's feedback, once; the ratings are checked by the form and the database."""
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if Feedback.objects.filter(registration=registration).exists():
        raise FeedbackRefused
    feedback = Feedback.objects.create(registration=registration, event=registration.event, **answers)
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        obj=feedback,
        changes={},  # the audit log keeps no answer: the summary is anonymous
    )
    return feedback


def requests_due() -> int:
    """Housekeeping: mail the form once to each person checked in at an event that ended (in the last
    ASK_WITHIN_DAYS days). Marked before the mail is queued, so nobody is asked twice."""
    from stadskennis.events.tasks import send_feedback_request

    now = timezone.now()
    due = Registration.objects.filter(
        registrations_reaching_events(),
        attended_at__isnull=False,
        event__status=Event.Status.SCHEDULED,
        feedback_asked_at__isnull=True,
        status=Registration.Status.CONFIRMED,
        event__deleted_at__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gt=now - timedelta(days=ASK_WITHIN_DAYS),
    ).exclude(email="")
    return mark_and_queue(due, mark="feedback_asked_at", task=send_feedback_request, now=now)


@dataclass
class Summary:
    answers: int
    shown: bool  # False below MIN_FOR_SUMMARY answers: nothing but the count is shown
    counted: int = 0  # the answers the summary is over: a whole number of steps
    averages: dict[str, float] = field(default_factory=dict)
    spread: dict[str, list[int]] = field(default_factory=dict)  # question → count of 1 … 5
    comments: list[str] = field(default_factory=list)


def summary(event: Event) -> Summary:
    every = Feedback.objects.filter(event=event)
    answers = every.count()
    if answers < MIN_FOR_SUMMARY:
        return Summary(answers=answers, shown=False)
    counted = answers - answers % MIN_FOR_SUMMARY  # whole steps, the earliest answers first
    rows = Feedback.objects.filter(pk__in=every.order_by("created_at", "pk").values("pk")[:counted])
    averages = rows.aggregate(**{q: Avg(q) for q in QUESTIONS})
    spread = {}
    for question in QUESTIONS:
        counts = dict(rows.values_list(question).annotate(n=Count("pk")).values_list(question, "n"))
        spread[question] = [counts.get(score, 0) for score in range(1, 6)]
    # Sorted by their text, not by when they came: the order tells nothing about who wrote what.
    comments = sorted(c.strip() for c in rows.exclude(comment="").values_list("comment", flat=True))
    return Summary(
        answers=answers,
        counted=counted,
        shown=True,
        averages={q: round(averages[q], 1) for q in QUESTIONS},
        spread=spread,
        comments=comments,
    )
