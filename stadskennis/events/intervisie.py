"""Intervisie: a closed peer consultation among a few professionals from several organisations.

The event is closed to a named group (core.models.AccessGroup): its invited participants, who alone
see it, in every page, list, search, feed and API. Each accepts the confidentiality statement before
reading the cases submitted beforehand and the notes, which never leave the group: no search
provider, feed, digest, export or Kennisbank step reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stadskennis.core import access_groups
from stadskennis.core.models import AccessGroup, AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import GROUP, can_manage_event, can_read_group_work, is_group_member
from stadskennis.events import registrations
from stadskennis.events.answers import asks_before_registering
from stadskennis.events.models import Event, IntervisieCase, IntervisieNote


class IntervisieRefused(Exception):
    """A step the intervisie's rules refuse; the message says why, for the person who tried."""


def default_statement() -> str:
    with translation.override(settings.LANGUAGE_CODE):  # for the participants, whatever the organiser reads
        return _(
            "What participants bring to this intervisie stays within the group. I do not share the cases, "
            "the notes or what others said with anyone outside it, I name no one, and I use what I learn "
            "without tracing it back to a person or a city."
        )


def intervisie_close(*, event: Event, actor, statement: str | None = None) -> Event:
    """Close `event` to a named group of its own, run by `actor` and the event's author. Whoever had
    registered with an account joins the group (invited, with a mail: they accept the statement like
    anyone); a guest's registration ends, as a guest cannot log in to the closed event."""
    if event.visibility == GROUP:
        return event
    if event.documents.filter(published_item__isnull=False).exists():
        raise IntervisieRefused(
            _("A document of this event is already in the knowledge base: it can no longer be closed.")
        )
    caller = event
    with transaction.atomic():
        event = registrations.locked(event)  # no registration slips in meanwhile
        group = access_groups.access_group_create(
            name=event.title,
            kind=AccessGroup.Kind.INTERVISIE,
            statement=default_statement() if statement is None else statement,
            actor=actor,
        )
        event.visibility, event.access_group = GROUP, group
        event.save(update_fields=["visibility", "access_group", "updated_at"])
        for organiser in {actor, event.created_by} - {None}:
            access_groups.member_add(group=group, user=organiser, actor=actor, organises=True)
        living = event.registrations.filter(status__in=registrations.Registration.ACTIVE)
        for registration in living.filter(user__isnull=False).select_related("user"):
            _invite(event, group, registration.user, actor)
        for guest in living.filter(user__isnull=True):
            registrations.cancel(registration=guest, actor=actor)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=event, changes={"visibility": GROUP})
        record_change(event)  # the search document now carries only the group's term
    caller.visibility, caller.access_group = GROUP, group
    return event


def _invite(event: Event, group: AccessGroup, user, actor) -> bool:
    """Add `user`; True when they were not in the group yet (then the invitation leaves on commit)."""
    if is_group_member(user, group.pk):
        return False
    access_groups.member_add(group=group, user=user, actor=actor)
    from stadskennis.events.tasks import send_intervisie_invitation

    transaction.on_commit(lambda: send_intervisie_invitation.enqueue(event.pk, user.pk))
    return True


def _managed(event: Event, actor) -> AccessGroup:
    if event.visibility != GROUP or not can_manage_event(actor, event):
        raise IntervisieRefused(_("Only the organisers of this intervisie invite its participants."))
    return event.access_group


def participant_invite(*, event: Event, user, actor) -> bool:
    """Invite an account holder; the mail with the link leaves once the invitation is saved. False
    when they were in the group already (nothing is sent)."""
    group = _managed(event, actor)
    if not user.is_active:
        raise IntervisieRefused(_("This account is not active."))
    with transaction.atomic():
        return _invite(event, group, user, actor)


def participant_remove(*, event: Event, user, actor) -> None:
    group = _managed(event, actor)
    if group.memberships.filter(user=user, organises=True).exists():
        raise IntervisieRefused(_("An organiser of this intervisie cannot be removed."))
    with transaction.atomic():
        access_groups.member_remove(group=group, user=user, actor=actor)
        theirs = event.registrations.filter(Q(user=user) | Q(email__iexact=user.email))
        for registration in theirs.filter(status__in=registrations.Registration.ACTIVE):
            registrations.cancel(registration=registration, actor=actor)


def statement_accept(*, event: Event, user) -> bool:
    """The participant accepts the statement and takes part: a place (or the waiting list). An
    intervisie that asks for parts or answers leaves registering to its form; returns whether the
    participant is registered now."""
    if event.visibility != GROUP or not is_group_member(user, event.access_group_id):
        raise IntervisieRefused(_("Only invited participants take part in this intervisie."))
    with transaction.atomic():
        access_groups.statement_accept(group=event.access_group, user=user)
    theirs = registrations.Registration.objects.filter(
        event=event, user=user, status__in=registrations.Registration.ACTIVE
    )
    if theirs.exists():
        return True
    if not event.registration_open or asks_before_registering(event):
        return False
    try:
        registrations.register_member(event=event, user=user)
    except registrations.RegistrationRefused:
        return False  # already registered by address, or closed meanwhile: the page shows where they stand
    return True


def case_submit(*, event: Event, user, title: str, description: str) -> IntervisieCase:
    if not can_read_group_work(user, event.access_group):
        raise IntervisieRefused(_("Accept the confidentiality statement first."))
    if event.starts_at <= timezone.now():
        raise IntervisieRefused(_("Cases are submitted before the intervisie starts."))
    with transaction.atomic():
        case = IntervisieCase.objects.create(
            event=event, submitted_by=user, title=title.strip()[:200], description=description.strip()
        )
        audit_record(actor=user, action=AuditEntry.Action.CREATE, obj=case)
    return case


def note_add(*, event: Event, user, text: str) -> IntervisieNote:
    if not can_read_group_work(user, event.access_group):
        raise IntervisieRefused(_("Accept the confidentiality statement first."))
    with transaction.atomic():
        note = IntervisieNote.objects.create(event=event, author=user, text=text.strip())
        audit_record(actor=user, action=AuditEntry.Action.CREATE, obj=note, changes={})
    return note
