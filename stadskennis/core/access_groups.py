"""Writing named groups of people (core.models.AccessGroup): who is in one, and who accepted its
statement. Every change is audited. None needs the search index: a document closed to a group carries
the group's term, and an asker's terms are read from the memberships at the moment of asking."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from stadskennis.core.models import AccessGroup, AccessGroupMembership, AuditEntry
from stadskennis.core.services import audit_record


@transaction.atomic
def access_group_create(*, name: str, kind: str, statement: str = "", actor) -> AccessGroup:
    group = AccessGroup(name=name[:200], kind=kind, statement=statement)
    group.full_clean()
    group.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=group)
    return group


@transaction.atomic
def member_add(*, group: AccessGroup, user, actor, organises: bool = False) -> AccessGroupMembership:
    """Add `user` to `group` (again: nothing changes). An organiser wrote the statement: it counts as
    accepted. The audit log names the member by account number only (staff outside the group read it)."""
    membership, created = AccessGroupMembership.objects.get_or_create(
        group=group,
        user=user,
        defaults={
            "added_by": actor,
            "organises": organises,
            "statement_accepted_at": timezone.now() if organises else None,
        },
    )
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.INVITE, obj=group, changes={"member": user.pk})
    return membership


@transaction.atomic
def member_remove(*, group: AccessGroup, user, actor) -> bool:
    removed, _detail = AccessGroupMembership.objects.filter(group=group, user=user).delete()
    if removed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=group, changes={"removed": user.pk})
    return bool(removed)


@transaction.atomic
def statement_accept(*, group: AccessGroup, user) -> AccessGroupMembership | None:
    """`user` accepts the group's statement; None when they are not in the group."""
    membership = AccessGroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None or membership.statement_accepted_at is not None:
        return membership
    membership.statement_accepted_at = timezone.now()
    membership.save(update_fields=["statement_accepted_at"])
    audit_record(
        actor=user, action=AuditEntry.Action.UPDATE, obj=group, changes={"statement accepted": user.pk}
    )
    return membership


@transaction.atomic
def statement_change(*, group: AccessGroup, statement: str, actor) -> AccessGroup:
    """A changed statement is accepted anew by everyone (but `actor`, who wrote it)."""
    if statement == group.statement:
        return group
    group.statement = statement
    group.full_clean()
    group.save(update_fields=["statement", "updated_at"])
    group.memberships.exclude(user=actor).update(statement_accepted_at=None)
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=group, changes={"statement": statement[:200]}
    )
    return group
