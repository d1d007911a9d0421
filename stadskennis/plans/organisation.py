"""What an organisation keeps for all its plans: its plan managers and its list of statuses, and
starting a new plan. Every change is audited; core.visibility decides who may make it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.plans.import_rules import fold
from stadskennis.plans.models import Plan, PlanElement, PlanManager, PlanStatus, ReleaseEntry


class SetupError(Exception):
    """A change the set-up refuses; the message says why, in the interface language."""


@transaction.atomic
def plan_manager_grant(*, organisation: Organisation, user, actor) -> PlanManager:
    """Make `user`, a member of `organisation`, one of its plan managers (again is no change)."""
    if user.organisation_id != organisation.pk or not user.is_active:
        raise SetupError(
            _("Only an active member of %(name)s can manage its plans.") % {"name": organisation}
        )
    manager, created = PlanManager.objects.get_or_create(
        organisation=organisation, user=user, defaults={"granted_by": actor}
    )
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=manager, changes={"user": user.email})
    return manager


@transaction.atomic
def plan_manager_revoke(*, manager: PlanManager, actor) -> None:
    """Take the role back. The last plan manager of an organisation stays, unless an administrator
    takes it: a city is never left without anyone who may name the next one."""
    # the organisation's managers are locked while one is taken away: two taking each other's at once
    # cannot leave it with none; only those still active members count
    roles = PlanManager.objects.select_for_update(of=("self",)).filter(
        organisation_id=manager.organisation_id
    )
    organisation_id = manager.organisation_id
    others = [
        role for role in roles.select_related("user")
        if role.pk != manager.pk and role.user.is_active and role.user.organisation_id == organisation_id
    ]  # fmt: skip
    if not others and not actor.is_administrator:
        raise SetupError(_("The last plan manager stays; name another one first."))
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=manager, changes={"user": manager.user.email}
    )
    manager.delete()


@transaction.atomic
def status_save(
    *, organisation: Organisation, data: dict, actor, status: PlanStatus | None = None
) -> PlanStatus:
    """Add a status to the organisation's list, or change one. A renamed status keeps its elements;
    releases already frozen keep the name they had (they store it)."""
    creating = status is None
    status = status or PlanStatus(
        organisation=organisation, position=PlanStatus.objects.filter(organisation=organisation).count()
    )
    # an import and the element form match a status by its folded name ("Lopend!" is "lopend")
    folded = fold(data["name"])
    if not folded:
        raise SetupError(_("A status's name holds letters or digits."))
    others = PlanStatus.objects.filter(organisation=organisation).exclude(pk=status.pk)
    if any(fold(other.name) == folded for other in others):
        raise SetupError(_("There is already a status “%(name)s”.") % {"name": data["name"]})
    for field in ("name", "icon", "default_progress", "excluded_from_rollup"):
        setattr(status, field, data[field])
    try:
        with transaction.atomic():
            status.save()
    except IntegrityError as error:  # the same name added at the same moment
        raise SetupError(_("There is already a status “%(name)s”.") % {"name": data["name"]}) from error
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, obj=status,
        changes={"name": status.name, "default_progress": status.default_progress},
    )  # fmt: skip
    return status


@transaction.atomic
def status_delete(*, status: PlanStatus, actor) -> None:
    """Remove a status no element uses, and no open release names (a frozen one keeps its own copy)."""
    in_use = (
        PlanElement.objects.filter(status=status).exists()
        or ReleaseEntry.objects.filter(
            release__plan__owner_id=status.organisation_id, release__phase="open", status_name=status.name
        ).exists()
    )
    if in_use:
        raise SetupError(
            _("Elements still have the status “%(name)s”; give them another first.") % {"name": status}
        )
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=status, changes={"name": status.name})
    try:
        status.delete()
    except ProtectedError as error:  # an element took it in the meantime
        raise SetupError(
            _("Elements still have the status “%(name)s”; give them another first.") % {"name": status}
        ) from error


@transaction.atomic
def plan_create(*, organisation: Organisation, data: dict, actor) -> Plan:
    """A new, empty plan of the organisation, its own until it shares it (DESIGN.md §4)."""
    plan = Plan.objects.create(
        owner=organisation, created_by=actor, title=data["title"], kind=data["kind"],
        start_year=data["start_year"], end_year=data["end_year"], rollup=data["rollup"],
    )  # fmt: skip
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=plan, changes={"title": plan.title})
    return plan
