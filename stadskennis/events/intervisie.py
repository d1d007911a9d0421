"""Intervisie: a closed peer consultation among a few professionals from several organisations.

The event is closed to a named group (core.models.AccessGroup): its invited participants, who alone
see it, in every page, list, search, feed and API. Each accepts the confidentiality statement before
reading the cases submitted beforehand and the notes, which never leave the group: no search
provider, feed, digest, export or Kennisbank step reads them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core import access_groups
from stadskennis.core.models import AccessGroup, AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import GROUP, can_manage_event, can_read_group_work, is_group_member
from stadskennis.events import registrations
from stadskennis.events.models import Event, IntervisieCase, IntervisieNote


class IntervisieRefused(Exception):
    """A step the intervisie's rules refuse; the message says why, for the person who tried."""


def default_statement() -> str:
    return _(
        "What participants bring to this intervisie stays within the group. I do not share the cases, "
        "the notes or what others said with anyone outside it, I name no one, and I use what I learn "
        "without tracing it back to a person or a city."
    )


@transaction.atomic
def intervisie_close(*, event: Event, actor, statement: str | None = None) -> Event:
    """Close `event` to a named group of its own, with the organiser as its first member."""
    if event.visibility == GROUP:
        return event
    group = access_groups.access_group_create(
        name=event.title,
        kind=AccessGroup.Kind.INTERVISIE,
        statement=default_statement() if statement is None else statement,
        actor=actor,
    )
    event.visibility, event.access_group = GROUP, group
    event.save(update_fields=["visibility", "access_group", "updated_at"])
    access_groups.member_add(group=group, user=actor, actor=actor, statement_accepted=True)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=event, changes={"visibility": GROUP})
    record_change(event)  # the search document now carries only the group's term
    return event


def _managed(event: Event, actor) -> AccessGroup:
    if event.visibility != GROUP or not can_manage_event(actor, event):
        raise IntervisieRefused(_("Only the organisers of this intervisie invite its participants."))
    return event.access_group


def participant_invite(*, event: Event, user, actor):
    """Invite an account holder; the mail with the link leaves once the invitation is saved."""
    group = _managed(event, actor)
    if not user.is_active:
        raise IntervisieRefused(_("This account is not active."))
    with transaction.atomic():
        new = not is_group_member(user, group.pk)
        membership = access_groups.member_add(group=group, user=user, actor=actor)
        if new:
            from stadskennis.events.tasks import send_intervisie_invitation

            transaction.on_commit(lambda: send_intervisie_invitation.enqueue(event.pk, user.pk))
    return membership


def participant_remove(*, event: Event, user, actor) -> None:
    group = _managed(event, actor)
    if user.pk == actor.pk:
        raise IntervisieRefused(_("You organise this intervisie: you cannot remove yourself."))
    with transaction.atomic():
        access_groups.member_remove(group=group, user=user, actor=actor)
        for registration in event.registrations.filter(
            user=user, status__in=registrations.Registration.ACTIVE
        ):
            registrations.cancel(registration=registration, actor=actor)


def statement_accept(*, event: Event, user):
    """The participant accepts the statement and takes part: a place (or the waiting list)."""
    if event.visibility != GROUP or not is_group_member(user, event.access_group_id):
        raise IntervisieRefused(_("Only invited participants take part in this intervisie."))
    with transaction.atomic():
        access_groups.statement_accept(group=event.access_group, user=user)
    if (
        event.registration_open
        and not registrations.Registration.objects.filter(
            event=event, user=user, status__in=registrations.Registration.ACTIVE
        ).exists()
    ):
        try:
            registrations.register_member(event=event, user=user)
        except registrations.RegistrationRefused:
            pass  # already registered by address, or full: the page shows where they stand


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
