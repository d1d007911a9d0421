"""Registrants' personal data under the GDPR (docs/gdpr.md): in a member's data export, gone with
their erasure, and anonymised for everyone EVENT_RETENTION_DAYS after the event; what stays is the
count, per organisation, of who had a place and who came. Their answers to the registration
questions (a diet, a question for the speaker) go with their name."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from stadskennis.events import registrations
from stadskennis.events.models import (
    Feedback,
    IntervisieCase,
    IntervisieNote,
    Registration,
    RegistrationAnswer,
)

ANONYMISED = ""  # the name and address of an anonymised registration


def account_data_export(user) -> dict:
    rows = (
        Registration.objects.filter(user=user)
        .select_related("event")
        .prefetch_related("sessions", "answers__question", "answers__option")
        .order_by("created_at")
    )
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "checked_in_at": r.attended_at.isoformat() if r.attended_at else None,
                "sessions": [s.title for s in r.sessions.all()],
                "answers": [{"question": a.question.label, "answer": str(a)} for a in r.answers.all()],
            }
            for r in rows
        ],
        # What the user wrote in an intervisie is theirs to take along (it never leaves the group else).
        "event_feedback": [
            {
                "event": f.event.title,
                "overall": f.overall,
                "content": f.content,
                "organisation": f.organisation,
                "usefulness": f.usefulness,
                "comment": f.comment,
            }
            for f in Feedback.objects.filter(registration__user=user).select_related("event")
        ],  # fmt: skip
        "intervisie_cases": [
            {"event": c.event.title, "title": c.title, "case": c.description, "at": c.created_at.isoformat()}
            for c in IntervisieCase.objects.filter(submitted_by=user).select_related("event")
        ],
        "intervisie_notes": [
            {"event": n.event.title, "note": n.text, "at": n.created_at.isoformat()}
            for n in IntervisieNote.objects.filter(author=user).select_related("event")
        ],
    }


def account_data_erase(user) -> None:
    """On erasure: a living registration is cancelled (its place offered on), and every one of the
    user's registrations loses name and address; attendance stays as a count."""
    for registration in Registration.objects.filter(user=user, status__in=Registration.ACTIVE):
        registrations.cancel(registration=registration)
    RegistrationAnswer.objects.filter(registration__user=user).delete()  # a diet can say much of a person
    Registration.objects.filter(user=user).update(name=ANONYMISED, email=ANONYMISED, user=None)
    # Their cases and notes stay with the group that discussed them, under no name.
    IntervisieCase.objects.filter(submitted_by=user).update(submitted_by=None)
    IntervisieNote.objects.filter(author=user).update(author=None)


def _guest_registrations(addresses: set[str]):
    """Registrations made with the public form (no account) under one of these addresses."""
    return Registration.objects.annotate(address=Lower("email")).filter(
        address__in=addresses, user__isnull=True
    )


def address_data_export(addresses: set[str], user) -> dict:
    """What a person registered as a guest, under an address of theirs (their account's registrations
    are in `account_data_export`)."""
    rows = _guest_registrations(addresses).select_related("event").order_by("created_at")
    return {
        "event_guest_registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation_name,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
            }
            for r in rows
        ]
    }


def address_data_erase(addresses: set[str], user) -> None:
    """On a person's erasure: their guest registrations are cancelled (the place offered on) and
    lose name, address and answers, as an account's do."""
    guests = _guest_registrations(addresses)
    for registration in guests.filter(status__in=Registration.ACTIVE):
        registrations.cancel(registration=registration)
    RegistrationAnswer.objects.filter(registration__in=guests).delete()
    # The organisation they typed stays, for the counts per organisation.
    Registration.objects.filter(pk__in=guests.values("pk")).update(name=ANONYMISED, email=ANONYMISED)


def past_registrations_anonymise() -> int:
    """Housekeeping: registrations of events that ended EVENT_RETENTION_DAYS ago keep no name or
    address; their organisation and attendance stay, for the participation counts."""
    before = timezone.now() - timedelta(days=settings.EVENT_RETENTION_DAYS)
    with transaction.atomic():
        RegistrationAnswer.objects.filter(registration__event__ends_at__lt=before).delete()
        return (
            Registration.objects.filter(event__ends_at__lt=before)
            .exclude(name=ANONYMISED, email=ANONYMISED, user=None)
            .update(name=ANONYMISED, email=ANONYMISED, user=None, updated_at=timezone.now())
        )
