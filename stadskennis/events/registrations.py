"""Registrations that never overbook: every decision on a place is taken under a lock on the event.

The check (how many places are taken) and the write (this registration takes one) happen in one
transaction that first locks the event's row: `SELECT … FOR UPDATE` on PostgreSQL, and on SQLite
the IMMEDIATE transaction every write already opens (config/django/base.py), which lets one writer
in at a time. A place is taken by a confirmed registration, by a guest's unconfirmed registration
until its hold expires (HOLD_MINUTES, a ticket shop's basket), and by a place offered to the first
on the waiting list until the offer expires (OFFER_HOURS). While anyone waits, a freed place goes to
the waiting list by an offer, never to whoever registers next.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.reminders import mark_and_queue
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import (
    can_attend_session,
    can_manage_event,
    can_register_as_guest,
    can_register_in_one_click,
    registrations_reaching_events,
)
from stadskennis.events.answers import answers_checked, answers_save, unanswered_required
from stadskennis.events.models import Event, EventSession, Registration
from stadskennis.events.places import (  # noqa: F401 - the counts are read through this service too
    RegistrationRefused,
    first_who_fit,
    has_room,
    option_places_left,
    places,
    registration_has_room,
    session_places_left,
    session_places_taken,
)
from stadskennis.mail.services import address_confirmed, is_undeliverable

Status = Registration.Status


def hold_minutes() -> int:
    return settings.EVENT_HOLD_MINUTES


def offer_hours() -> int:
    return settings.EVENT_OFFER_HOURS


def locked(event: Event) -> Event:
    """The event, re-read under the lock every decision on its places takes (see the module's text)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event) -> None:
    if event.is_cancelled:
        raise RegistrationRefused(_("This event is cancelled."))
    if event.deleted_at is not None:
        raise RegistrationRefused(_("This event no longer exists."))
    if timezone.now() >= event.closes_at:
        raise RegistrationRefused(_("Registration for this event is closed."))


def _place_is_free(event: Event, now) -> bool:
    """A newcomer gets a place only when one is free and nobody waiting can take it (nobody waiting,
    or only people whose chosen parts or choices are full)."""
    counted = places(event, now=now)
    if counted.is_full:
        return False
    if counted.waiting == 0:
        return True
    waiting = event.registrations.filter(registrations_reaching_events(), status=Status.WAITING)
    return not first_who_fit(event, waiting.order_by("waiting_since", "pk"), 1, now)


def _create(event: Event, **fields) -> Registration:
    try:
        with transaction.atomic():
            return Registration.objects.create(event=event, **fields)
    except IntegrityError as exc:  # the unique constraint: the same address, registered concurrently
        raise RegistrationRefused(_("This email address is already registered for this event.")) from exc


def _already_registered(event: Event, email: str) -> Registration | None:
    return event.registrations.filter(email__iexact=email, status__in=Registration.ACTIVE).first()


def _sessions_checked(event: Event, sessions, *, user, holds_place: bool, now) -> list[EventSession]:
    """The parts of `event` a registration chooses (when the event asks it): each one the person may
    attend, none at the same time as another, and each with a place left for whoever gets one now.
    Call under the event's lock, which also guards its sessions' places."""
    if not event.sessions_chosen:
        return []
    chosen = sorted(event.sessions.filter(pk__in=[s.pk for s in sessions]), key=lambda s: s.starts_at)
    if not chosen:
        raise RegistrationRefused(_("Choose at least one session."))
    for session in chosen:
        if not can_attend_session(user, session):
            raise RegistrationRefused(
                _("“%(title)s” is for members of the network: log in to choose it.")
                % {"title": session.title}
            )
    for earlier, later in zip(chosen, chosen[1:], strict=False):
        if later.starts_at < earlier.ends_at:
            raise RegistrationRefused(
                _("“%(first)s” and “%(second)s” take place at the same time: choose one.")
                % {"first": earlier.title, "second": later.title}
            )
    if holds_place:
        for session in chosen:
            if not has_room(session_places_left(session, now=now)):
                raise RegistrationRefused(_("“%(title)s” is full.") % {"title": session.title})
    return chosen


def register_member(*, event: Event, user, sessions=(), answers=None) -> Registration:
    """One click: a place when one is free, else the waiting list. Mails the confirmation."""
    if not can_register_in_one_click(user, event):
        raise RegistrationRefused(_("Log in to register for this event."))
    with transaction.atomic():
        event = locked(event)
        _check_open(event)
        if _already_registered(event, user.email):
            raise RegistrationRefused(_("You are already registered for this event."))
        now = timezone.now()
        free = _place_is_free(event, now)
        chosen = _sessions_checked(event, sessions, user=user, holds_place=free, now=now)
        answered = answers_checked(event, answers or {}, holds_place=free, now=now)
        registration = _create(
            event, user=user, name=user.get_full_name() or user.email, email=user.email.lower(),
            organisation=user.organisation, status=Status.CONFIRMED if free else Status.WAITING,
            confirmed_at=now if free else None, waiting_since=None if free else now,
        )  # fmt: skip
        registration.sessions.set(chosen)
        answers_save(registration, answered)
        audit_record(
            actor=user,
            action=AuditEntry.Action.CREATE,
            obj=registration,
            changes={"status": registration.status},
        )
        _mail_on_commit(registration)
    return registration


def register_guest(
    *, event: Event, name: str, email: str, organisation_name: str, sessions=(), answers=None
) -> Registration:
    """The public form: the registration waits for the link mailed to `email` (double opt-in), and
    holds a free place for HOLD_MINUTES meanwhile."""
    if not can_register_as_guest(None, event):
        raise RegistrationRefused(_("This event is for members of the network: log in to register."))
    email = email.strip().lower()
    if is_undeliverable(email):
        raise RegistrationRefused(
            _("Mail to this address did not arrive before. Check the address, or use another one.")
        )
    with transaction.atomic():
        event = locked(event)
        _check_open(event)
        if _already_registered(event, email):
            raise RegistrationRefused(_("This email address is already registered for this event."))
        now = timezone.now()
        held = now + timedelta(minutes=hold_minutes()) if _place_is_free(event, now) else None
        chosen = _sessions_checked(event, sessions, user=None, holds_place=held is not None, now=now)
        answered = answers_checked(event, answers or {}, holds_place=held is not None, now=now)
        registration = _create(
            event, name=name.strip(), email=email, organisation_name=organisation_name.strip(),
            status=Status.PENDING, held_until=held,
        )  # fmt: skip
        registration.sessions.set(chosen)
        answers_save(registration, answered)
        audit_record(
            actor=None, action=AuditEntry.Action.CREATE, obj=registration, changes={"status": "pending"}
        )
        _mail_on_commit(registration)
    return registration


def confirm_email(*, registration: Registration) -> Registration:
    """The guest followed the mailed link: the place held for them becomes theirs; when the hold ran
    out, a place if one is free now, else the waiting list."""
    with transaction.atomic():
        event = locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.PENDING:
            return registration  # a second click changes nothing
        _check_open(event)
        now = timezone.now()
        held = registration.held_until and registration.held_until > now  # its parts' places are held too
        if held or (_place_is_free(event, now) and registration_has_room(registration, now)):
            registration.status, registration.confirmed_at = Status.CONFIRMED, now
        else:
            registration.status, registration.waiting_since = Status.WAITING, now
        registration.held_until = None
        registration.save(
            update_fields=["status", "confirmed_at", "waiting_since", "held_until", "updated_at"]
        )
        audit_record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            obj=registration,
            changes={"status": registration.status},
        )
        address_confirmed(registration.email)  # the link mailed to it arrived
        _mail_on_commit(registration)
    return registration


def cancel(*, registration: Registration, actor=None) -> Registration:
    """The person (or an organiser) cancels; a place it held is offered to the first in line."""
    with transaction.atomic():
        event = locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE:
            return registration
        registration.status, registration.cancelled_at, registration.held_until = (
            Status.CANCELLED,
            timezone.now(),
            None,
        )
        registration.save(update_fields=["status", "cancelled_at", "held_until", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=registration, changes={"status": "cancelled"}
        )
        _offer_free_places(event)
    return registration


def choices_change(*, registration: Registration, sessions=(), answers=None, actor=None) -> Registration:
    """The person changes their parts or answers on their registration's page, until registration
    closes. Whoever holds a place takes a new part or choice only when it has room (what they held
    stays theirs); what they leave is offered to the waiting list."""
    with transaction.atomic():
        event = locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE:
            raise RegistrationRefused(_("This registration is no longer active."))
        _check_open(event)
        now = timezone.now()
        chosen = _sessions_checked(event, sessions, user=registration.user, holds_place=False, now=now)
        answered = answers_checked(
            event, answers or {}, holds_place=False, now=now, may_stay_empty=unanswered_required(registration)
        )
        if registration.status != Status.WAITING:
            held_sessions = set(registration.sessions.values_list("pk", flat=True))
            held_options = set(registration.answers.exclude(option=None).values_list("option_id", flat=True))
            for session in chosen:
                if session.pk not in held_sessions and not has_room(session_places_left(session, now=now)):
                    raise RegistrationRefused(_("“%(title)s” is full.") % {"title": session.title})
            for answer in answered:
                if answer.option_id and answer.option_id not in held_options:
                    if not has_room(option_places_left(answer.option, now=now)):
                        raise RegistrationRefused(
                            _("“%(choice)s” is full: choose another answer to “%(question)s”.")
                            % {"choice": answer.option.label, "question": answer.question.label}
                        )
        registration.sessions.set(chosen)
        registration.answers.all().delete()
        answers_save(registration, answered)
        registration.save(update_fields=["updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=registration, changes={"choices": "changed"}
        )
        _offer_free_places(event)  # a part or a choice left may be what someone waits for
    return registration


def event_cancel(*, event: Event, actor, message: str = "") -> int:
    """The organiser calls the event off: every living registration ends with it, nobody is offered a
    place any more, and each person with a confirmed address is mailed (with `message`). Returns how
    many are mailed."""
    from stadskennis.events.tasks import send_event_cancelled

    if not can_manage_event(actor, event):
        raise RegistrationRefused(_("Only the organisers of this event cancel it."))
    with transaction.atomic():
        event = locked(event)
        if event.is_cancelled:
            return 0
        if event.starts_at <= timezone.now():
            raise RegistrationRefused(_("This event has begun: it can no longer be cancelled."))
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        living = event.registrations.filter(status__in=Registration.ACTIVE)
        told = list(living.exclude(status=Status.PENDING).values_list("pk", flat=True))
        now = timezone.now()
        ended = living.update(status=Status.CANCELLED, cancelled_at=now, held_until=None, updated_at=now)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=event,
            changes={"status": "cancelled", "registrations ended": ended},
        )
        record_change(event)
        for pk in told:
            transaction.on_commit(lambda pk=pk: send_event_cancelled.enqueue(pk, message[:2000]))
    return len(told)


def accept_offer(*, registration: Registration) -> Registration:
    with transaction.atomic():
        event = locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Status.CONFIRMED:
            return registration
        _check_open(event)
        if registration.status != Status.OFFERED or registration.held_until <= timezone.now():
            raise RegistrationRefused(_("This offer has expired; the place went to the next person in line."))
        registration.status, registration.confirmed_at, registration.held_until = (
            Status.CONFIRMED,
            timezone.now(),
            None,
        )
        registration.save(update_fields=["status", "confirmed_at", "held_until", "updated_at"])
        audit_record(
            actor=None, action=AuditEntry.Action.UPDATE, obj=registration, changes={"status": "confirmed"}
        )
        _mail_on_commit(registration)
    return registration


def decline_offer(*, registration: Registration) -> Registration:
    """ "No longer interested": the offer goes to the next in line at once."""
    return cancel(registration=registration)


def _takes_registrations(event: Event, now) -> bool:
    return not event.is_cancelled and event.deleted_at is None and now < event.closes_at


def _offer_free_places(event: Event) -> int:
    """Offer each free place to the next on the waiting list, while the event still takes
    registrations. Call under the event's lock."""
    now = timezone.now()
    if not _takes_registrations(event, now):
        return 0  # a place freed after registration closed goes to nobody
    counted = places(event, now=now)
    if counted.capacity is None:
        free = counted.waiting  # no limit (any more): everyone waiting gets an offer
    else:
        free = min(counted.free, counted.waiting)
    if free <= 0:
        return 0
    until = min(now + timedelta(hours=offer_hours()), event.closes_at)  # never past the closing
    waiting = event.registrations.filter(registrations_reaching_events(), status=Status.WAITING)
    offered = first_who_fit(event, waiting.order_by("waiting_since", "pk"), free, now)
    for registration in offered:
        registration.status, registration.held_until = Status.OFFERED, until
        registration.save(update_fields=["status", "held_until", "updated_at"])
        audit_record(
            actor=None, action=AuditEntry.Action.UPDATE, obj=registration, changes={"status": "offered"}
        )
        _mail_on_commit(registration)
    return len(offered)


def offer_free_places(*, event: Event) -> int:
    """After the organiser added places, or a hold ran out: offers to the waiting list."""
    with transaction.atomic():
        return _offer_free_places(locked(event))


def expired_places_pass_on() -> int:
    """Housekeeping (the worker, every few seconds): an offer nobody took in time expires and passes
    on; a guest's place held too long without confirmation is free again, for the waiting list first."""
    now = timezone.now()
    expired_offer = Q(status=Status.OFFERED, held_until__lte=now)
    expired_hold = Q(status=Status.PENDING, held_until__lte=now)
    offered = 0
    event_ids = set(
        Registration.objects.filter(expired_offer | expired_hold).values_list("event_id", flat=True)
    )
    for event in Event.objects.filter(pk__in=event_ids):
        with transaction.atomic():
            event = locked(event)
            for registration in event.registrations.filter(expired_offer):
                registration.status = Status.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                audit_record(
                    actor=None,
                    action=AuditEntry.Action.UPDATE,
                    obj=registration,
                    changes={"status": "expired"},
                )
            event.registrations.filter(expired_hold).update(held_until=None, updated_at=now)
            offered += _offer_free_places(event)
    return offered


def _mail_on_commit(registration: Registration) -> None:
    from stadskennis.events.tasks import send_registration_mail

    pk, status = registration.pk, registration.status
    transaction.on_commit(lambda: send_registration_mail.enqueue(pk, status))


def reminders_due() -> int:
    """Housekeeping: a reminder to everyone with a place, EVENT_REMINDER_HOURS before the event.
    Marked before the mail is queued, in one update per event, so no one is reminded twice."""
    from stadskennis.events.tasks import send_reminder

    now = timezone.now()
    window = timedelta(hours=settings.EVENT_REMINDER_HOURS)
    due = Registration.objects.filter(
        registrations_reaching_events(),
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        confirmed_at__lt=F("event__starts_at") - window,  # a late confirmation was reminder enough
        event__status=Event.Status.SCHEDULED,
        event__deleted_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + window,
    )
    return mark_and_queue(due, mark="reminded_at", task=send_reminder, now=now)
