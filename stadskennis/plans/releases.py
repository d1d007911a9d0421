"""Releases (reporting rounds): open, ask each owner by mail, update without overwriting, remind,
freeze as an immutable snapshot, and compare two releases.

A release copies the plan's structure and current figures into entries when it opens; owners update
their entries, never the elements, so work in progress is never what a dashboard shows. Freezing
makes the entries final and brings the elements' current status, progress and narrative in step.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.core.tasks import send_email
from stadskennis.plans import release_indicators, rollup
from stadskennis.plans.models import (
    FrozenRelease,
    Plan,
    PlanElement,
    PlanStatus,
    Release,
    ReleaseEntry,
    ReleaseOwner,
)
from stadskennis.plans.services import statuses_for


class ReleaseError(Exception):
    """A step the release's state does not allow; the message says why, in the interface language."""


class UpdateConflict(Exception):
    """Someone else updated the entry since it was read: their version is shown, nothing is lost."""

    def __init__(self, current: ReleaseEntry):
        super().__init__(_("Someone else updated this element in the meantime."))
        self.current = current


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def release_url(release: Release, token: str = "") -> str:
    path = reverse("plans:release", kwargs={"pk": release.pk})
    return f"{settings.SITE_URL.rstrip('/')}{path}" + (f"?t={token}" if token else "")


@transaction.atomic
def release_open(*, plan: Plan, title: str, deadline: date, actor, reminder_days: int = 3) -> Release:
    """A new release with every element's structure and current figures; each owner is asked by mail,
    with a personal link, to update theirs. One release per plan is open at a time."""
    if plan.releases.filter(phase=Release.Phase.OPEN).exists():
        raise ReleaseError(_("This plan already has an open release; freeze it first."))
    try:
        with transaction.atomic():
            release = Release.objects.create(
                plan=plan, title=title, deadline=deadline, reminder_days=reminder_days, opened_by=actor,
                rollup=plan.rollup,
            )  # fmt: skip
    except IntegrityError as error:  # another manager opened one at the same moment
        raise ReleaseError(_("This plan already has an open release; freeze it first.")) from error
    elements = list(plan.elements.select_related("parent", "status", "owner"))
    ReleaseEntry.objects.bulk_create(
        [
            ReleaseEntry(
                release=release,
                element=e,
                code=e.code,
                parent_code=e.parent.code if e.parent else "",
                level=e.level,
                title=e.title,
                weight=e.weight,
                position=e.position,
                priority=e.priority,
                politician=e.politician,
                department=e.department,
                start=e.start,
                end=e.end,
                public=e.public,
                owner_id=e.owner_id,
                **_status_fields(e.status),
                progress=e.progress,
                narrative=e.narrative,
            )  # fmt: skip
            for e in elements
        ],
        batch_size=500,
    )
    indicators = release_indicators.copy_into(release)
    owners = {e.owner for e in elements if _may_be_asked(e.owner, plan)}
    for owner in sorted(owners, key=lambda u: u.pk):
        token = secrets.token_urlsafe(32)
        ReleaseOwner.objects.create(
            release=release, user=owner, token_hash=_hash(token), invited_at=timezone.now()
        )
        _mail(release, owner, token, template="plans/email/release_invite.txt")
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=release,
        changes={"plan": plan.pk, "entries": len(elements), "indicators": indicators, "owners": len(owners)},
    )  # fmt: skip
    return release


def _may_be_asked(user, plan: Plan) -> bool:
    """Only an active member of the plan's organisation is mailed about it: someone who moved to
    another city learns nothing more of a plan that city may not see."""
    return bool(user and user.is_active and user.organisation_id == plan.owner_id)


def _status_fields(status: PlanStatus | None) -> dict:
    if status is None:
        return {"status_name": "", "status_icon": "", "status_progress": None, "status_excluded": False}
    return {
        "status_name": status.name,
        "status_icon": status.icon,
        "status_progress": status.default_progress,
        "status_excluded": status.excluded_from_rollup,
    }


def _mail(release: Release, owner, token: str = "", *, template: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        count = release.entries.filter(owner=owner).count()
        context = {"release": release, "plan": release.plan, "owner": owner, "count": count,
                   "link": release_url(release, token)}  # fmt: skip
        subject = _("Report on %(plan)s: %(release)s") % {
            "plan": release.plan.title,
            "release": release.title,
        }
        send_email.enqueue(str(subject), render_to_string(template, context), [owner.email])


def owner_by_link(release: Release, user, token: str) -> bool:
    """Is `token` the personal link of `user` in this release (a forwarded link opens nothing)?"""
    return bool(token) and release.owners.filter(user=user, token_hash=_hash(token)).exists()


@transaction.atomic
def entry_update(
    *, entry: ReleaseEntry, status: PlanStatus | None, progress: int | None, narrative: str,
    based_on: int, actor, indicator_values: dict[int, tuple] | None = None,
) -> ReleaseEntry:  # fmt: skip
    """Store an owner's update, if nobody stored another since `based_on` (the version the form
    showed); otherwise UpdateConflict with what is stored now. A frozen release refuses.
    `indicator_values`: the entry's own indicators' {copy pk: (year, value)}, stored with it."""
    if status is not None and status.organisation_id != entry.release.plan.owner_id:
        raise ReleaseError(_("Choose one of your organisation's statuses."))
    # the release's row lock orders this update against a freeze (which takes the same lock)
    if Release.objects.select_for_update().get(pk=entry.release_id).frozen:
        raise FrozenRelease
    changed = ReleaseEntry.objects.filter(
        pk=entry.pk, version=based_on, release__phase=Release.Phase.OPEN
    ).update(
        **_status_fields(status), progress=progress, narrative=narrative, updated_by=actor,
        updated_at=timezone.now(), version=F("version") + 1,
    )  # fmt: skip
    current = ReleaseEntry.objects.select_related("release").get(pk=entry.pk)
    if not changed:
        if current.release.frozen:
            raise FrozenRelease
        raise UpdateConflict(current)
    indicators = release_indicators.record(current, indicator_values or {})
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=current.release,
        changes={"code": current.code, "status": current.status_name, "progress": progress,
                 **({"indicators": indicators} if indicators else {})},
    )  # fmt: skip
    return current


@dataclass
class OwnerProgress:
    """A line of the tracker: who was asked, for how many elements, and how many they updated."""

    owner: object
    elements: int
    updated: int
    last_update: object
    reminded_at: object

    @property
    def done(self) -> bool:
        return self.updated >= self.elements


def tracker(release: Release) -> list[OwnerProgress]:
    rows = (
        release.entries.filter(owner__isnull=False)
        .values("owner")
        .annotate(
            elements=Count("pk"),
            updated=Count("pk", filter=Q(updated_at__isnull=False)),
            last=Max("updated_at"),
        )  # fmt: skip
    )
    owners = {o.user_id: o for o in release.owners.select_related("user")}
    lines = [
        OwnerProgress(
            owners[r["owner"]].user, r["elements"], r["updated"], r["last"], owners[r["owner"]].reminded_at
        )
        for r in rows
        if r["owner"] in owners
    ]
    return sorted(lines, key=lambda line: (line.done, line.owner.get_full_name() or line.owner.email))


@transaction.atomic
def release_remind(*, release: Release, actor=None) -> int:
    """Mail every owner who has not updated all their elements; their personal link stays valid."""
    if release.frozen:
        return 0
    count = 0
    for line in tracker(release):
        if line.done or not _may_be_asked(line.owner, release.plan):
            continue
        ReleaseOwner.objects.filter(release=release, user=line.owner).update(reminded_at=timezone.now())
        _mail(release, line.owner, template="plans/email/release_reminder.txt")
        count += 1
    if actor is not None:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=release, changes={"reminded": count})
    return count


def due_reminders(*, now=None) -> int:
    """Open releases whose reminder day has come (`reminder_days` before the deadline), reminded once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    due = Release.objects.filter(
        phase=Release.Phase.OPEN,
        deadline__gte=today,
        reminder_sent_at__isnull=True,
        plan__deleted_at__isnull=True,
    ).select_related("plan")
    for release in due:
        if release.deadline - timedelta(days=release.reminder_days) > today:
            continue
        count += release_remind(release=release)
        Release.objects.filter(pk=release.pk).update(reminder_sent_at=now)
    return count


@transaction.atomic
def release_freeze(*, release: Release, actor) -> Release:
    """Make the release final: its entries can no longer change by any path, and the elements take
    its status, progress and narrative as their current figures."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    if release.frozen:
        raise ReleaseError(_("This release is already frozen."))
    statuses = {s.name: s for s in statuses_for(release.plan.owner)}
    gone = sorted(
        {e.status_name for e in release.entries.all() if e.status_name and e.status_name not in statuses}
    )
    if gone:
        raise ReleaseError(
            _("The status “%(name)s” no longer exists; choose another for its elements first.")
            % {"name": gone[0]}
        )
    entries = {e.element_id: e for e in release.entries.exclude(element=None)}
    elements = list(PlanElement.objects.filter(pk__in=entries))
    for element in elements:
        entry = entries[element.pk]
        element.status = statuses.get(entry.status_name)
        element.progress = entry.progress
        element.narrative = entry.narrative
    PlanElement.objects.bulk_update(elements, ["status", "progress", "narrative"], batch_size=500)
    release_indicators.freeze(release)
    Release.objects.filter(pk=release.pk).update(
        phase=Release.Phase.FROZEN, frozen_at=timezone.now(), frozen_by=actor, updated_at=timezone.now()
    )
    release.refresh_from_db()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=release, changes={"phase": "frozen"})
    return release


def latest_frozen(plan: Plan) -> Release | None:
    """What dashboards and reports read: the last frozen release, never work in progress."""
    return plan.releases.filter(phase=Release.Phase.FROZEN).order_by("-frozen_at").first()


def release_figures(release: Release) -> dict[str, rollup.Figure]:
    """Every entry's progress and how it was reached, by code, by the plan's one roll-up rule."""
    return entry_figures(list(release.entries.all()), method=release.rollup)


def entry_figures(entries: list[ReleaseEntry], *, method: str) -> dict[str, rollup.Figure]:
    """The roll-up of `entries` alone: a parent that is not among them (the public dashboard leaves
    out the elements not marked public) makes its children roots, so nothing left out shows through."""
    codes = {e.code for e in entries}
    nodes = [
        rollup.Node(
            key=e.code,
            parent=e.parent_code if e.parent_code in codes else None,
            progress=e.progress,
            status_progress=e.status_progress,
            excluded=e.status_excluded,
            weight=e.weight,
        )  # fmt: skip
        for e in entries
    ]
    return rollup.roll_up(nodes, method=method)
