"""Writing the governing bodies: a body with its named group, its seats (each seat is also the
group's membership, so access follows the roster), its meetings with attendance and documents, and
its decisions. Every change is audited; decisions like the money can be turned back
(`services.change_revert`). Nothing here reaches search, feeds or expertise."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stadskennis.core import access_groups
from stadskennis.core.models import AccessGroup, AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.programmes.models import Body, BodyDocument, BodyMeeting, Seat

MAX_DOCUMENT = 20 * 1024 * 1024


@transaction.atomic
def body_create(
    *, slug: str, name: str, kind: str, actor, description: str = "", sees_draft_budget=False
) -> Body:
    """A body and its named group; whoever makes it joins as its organiser (the secretary)."""
    group = access_groups.access_group_create(name=name, kind=AccessGroup.Kind.BODY, actor=actor)
    body = Body(
        access_group=group,
        slug=slug,
        name=name,
        kind=kind,
        description=description,
        sees_draft_budget=sees_draft_budget,
    )
    body.full_clean()
    body.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=body)
    access_groups.member_add(group=group, user=actor, actor=actor, organises=True)
    return body


@transaction.atomic
def seat_add(*, body: Body, user, actor, organisation=None, function: str = "", chairs: bool = False) -> Seat:
    seat, created = Seat.objects.update_or_create(
        body=body,
        user=user,
        defaults={
            "organisation": organisation or user.organisation,
            "function": function[:200],
            "chairs": chairs,
        },
    )
    access_groups.member_add(group=body.access_group, user=user, actor=actor)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.INVITE if created else AuditEntry.Action.UPDATE,
        obj=body,
        changes={"seat": user.pk, "function": function[:200]},
    )
    return seat


@transaction.atomic
def seat_remove(*, body: Body, user, actor) -> None:
    """The seat and its access go together; the secretary's own organiser membership stays."""
    removed, _detail = Seat.objects.filter(body=body, user=user).delete()
    membership = body.access_group.memberships.filter(user=user).first()
    if membership is not None and not membership.organises:
        access_groups.member_remove(group=body.access_group, user=user, actor=actor)
    if removed:
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=body, changes={"seat removed": user.pk}
        )


@transaction.atomic
def meeting_save(*, meeting: BodyMeeting, actor, attendees=None, **fields) -> BodyMeeting:
    created = meeting.pk is None
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        members = set(meeting.body.access_group.memberships.values_list("user_id", flat=True))
        if any(user.pk not in members for user in attendees):
            raise ValidationError(_("Only the body's members can be present."))
        meeting.attendees.set(attendees)
    changed = sorted(fields) + (["attendees"] if attendees is not None else [])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=meeting,
        changes={} if created else {"fields": changed},  # names only: the log is read outside the body
    )
    return meeting


@transaction.atomic
def document_add(*, meeting: BodyMeeting, upload, title: str, actor) -> BodyDocument:
    if upload.size > MAX_DOCUMENT:
        raise ValidationError(_("The file is larger than 20 MB."))
    name = PurePath(upload.name).name[:255]
    document = BodyDocument(
        meeting=meeting, title=(title or name)[:200], original_name=name, size=upload.size
    )
    document.file.save(name, upload, save=False)
    document.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, changes={"document": document.pk})
    return document
