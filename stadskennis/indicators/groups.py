"""Comparison groups that centre staff or a member define (issue 14, point 2), like waarstaatjegemeente's
"vergelijkbare gemeenten": writes (audited), the municipalities a group is made of, and a group's row
beside the series of an indicator page or the compare builder.

Who may see, use, edit or delete a group is decided in core.visibility (`visible_groups`,
`can_edit_group`); the platform's own groups (the centre cities, with and without the VGC) are edited by
nobody here. A municipality chosen for a group is stored with the municipalities it was made of (Hasselt
71072 with Hasselt 71022 and Kortessem), so the group covers the same territory on the 2019–2024
boundaries as on those of 2025, and its figures of 2020 are comparable with those of 2025.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import can_see_confidential_figures, is_staff_user, visible_groups
from stadskennis.indicators.aggregation import figures_for_periods
from stadskennis.indicators.display import shown
from stadskennis.indicators.models import Area, AreaGroup, AreaSuccession
from stadskennis.indicators.series import Row, Series

MAX_MEMBERS = 100  # municipalities chosen for one group
MAX_NAME = 120


def municipalities_today():
    """The municipalities a group is made of, as a picker offers them: those of today's boundaries."""
    today = timezone.localdate()
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return Area.objects.filter(valid, level=Area.Level.MUNICIPALITY).order_by("name")


def current_members(group: AreaGroup) -> list[Area]:
    """The members on today's boundaries (what a person chose); older ones are their history."""
    today = timezone.localdate()
    members = sorted(group.members.all(), key=lambda m: (m.name, m.code))  # uses a prefetch (group list)
    return [m for m in members if m.valid_on(today)]


def _with_history(areas: list[Area]) -> set[Area]:
    """The chosen areas with every municipality they were made of, recursively (one query a step)."""
    found, step = set(areas), list(areas)
    while step:
        step = [
            s.predecessor
            for s in AreaSuccession.objects.filter(successor__in=step).select_related("predecessor")
            if s.predecessor not in found
        ]
        found.update(step)
    return found


def _unique_slug(name: str, *, actor=None) -> str:
    """A free slug for a new group that tells nothing of groups `actor` may not see: a member's group
    starts with their organisation's slug (Antwerpen's "Gent geheime groep" is
    antwerpen-gent-geheime-groep, so it never meets Gent's), numbered only past the groups they see;
    a slug still held by a hidden group gets a random suffix, never the telling "-2"."""
    base = slugify(name) or "groep"
    organisation = (
        actor.organisation if actor and actor.organisation_id and not is_staff_user(actor) else None
    )
    if organisation is not None and not base.startswith(f"{organisation.slug}-"):
        base = f"{organisation.slug}-{base}"
    base = base[:40].strip("-") or "groep"
    same_start = AreaGroup.objects.filter(slug__startswith=base)
    taken = set(same_start.values_list("slug", flat=True))
    seen = set(visible_groups(actor, same_start).values_list("slug", flat=True)) | {"nieuw"}  # the form's
    slug, n = base, 2
    while slug in seen:
        slug, n = f"{base}-{n}", n + 1
    while slug in taken or slug in seen:
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


@transaction.atomic
def group_create(*, actor, name: str, description: str, visibility: str, members: list[Area]) -> AreaGroup:
    """A new group owned by `actor`'s organisation (views check `can_create_group` first)."""
    group = AreaGroup.objects.create(
        slug=_unique_slug(name, actor=actor),
        name=name[:MAX_NAME],
        description=description,
        visibility=visibility,
        owner_id=actor.organisation_id,
        created_by=actor,
    )
    group.members.set(_with_history(members))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=group,
        changes={"members": sorted(a.code for a in members)},
    )
    return group


@transaction.atomic
def group_update(
    *, actor, group: AreaGroup, name: str, description: str, visibility: str, members: list[Area]
) -> AreaGroup:
    """Change a group in place (its slug, in addresses others bookmarked, stays); audited when changed."""
    before = {"name": group.name, "description": group.description, "visibility": group.visibility}
    old_members = {a.code for a in current_members(group)}
    group.name, group.description, group.visibility = name[:MAX_NAME], description, visibility
    changes = {key: [old, getattr(group, key)] for key, old in before.items() if getattr(group, key) != old}
    if changes:
        group.save(update_fields=list(changes))
    if {a.code for a in members} != old_members:
        group.members.set(_with_history(members))
        changes["members"] = sorted(a.code for a in members)
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=group, changes=changes)
    return group


@transaction.atomic
def group_delete(*, actor, group: AreaGroup) -> None:
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=group)
    group.delete()


def group_for(user, slug: str | None) -> AreaGroup | None:
    """The group `slug` names if `user` may see it; None for an unknown one and another's unshared one
    alike, so that an address reveals nothing."""
    if not slug or len(slug) > 50:
        return None
    return visible_groups(user, AreaGroup.objects.all()).filter(slug=slug).first()


def group_choices(user) -> list[AreaGroup]:
    """The groups a viewer may pick beside a series: every group they may see, by name, each with
    `member_count`, its municipalities on today's boundaries."""
    today = timezone.localdate()
    current = (Q(members__valid_from__isnull=True) | Q(members__valid_from__lte=today)) & (
        Q(members__valid_until__isnull=True) | Q(members__valid_until__gte=today)
    )
    groups = visible_groups(user, AreaGroup.objects.select_related("owner"))
    return list(groups.annotate(member_count=Count("members", filter=current)).order_by("name"))


def group_row(series: Series, group: AreaGroup, *, user) -> Row:
    """The group's figure in every period of `series`, on the series' boundaries (a ratio of sums,
    with the coverage rule: aggregation.py), as `user` may see it."""
    indicator = series.indicator
    figures = figures_for_periods(indicator, series.periods, boundaries=series.boundaries)
    visible = can_see_confidential_figures(user)
    cells = [
        shown(figures[period].group(group), decimals=indicator.decimals, confidential_visible=visible)
        for period, _start in series.periods
    ]
    return Row(f"group:{group.slug}", _("%(group)s together") % {"group": group.name}, "group", cells)


def series_with_group(series: Series, group: AreaGroup | None, *, user) -> Series:
    """`series` with the chosen group's row put before the Flemish Region's (last) row."""
    if group is not None and series.periods and not any(r.key == f"group:{group.slug}" for r in series.rows):
        series.rows.insert(max(len(series.rows) - 1, 0), group_row(series, group, user=user))
    return series
