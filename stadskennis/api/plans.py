"""Plans (ORBA) in the API: plans, their elements and figures, releases, and an organisation's systems
pushing updates into an open release. The same rules as the pages (core.visibility), the same
services (plans.releases): a stale version is a 409, a frozen release a 403."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from stadskennis.api.auth import reader, token_auth
from stadskennis.api.schemas import BODY_ERRORS, ERRORS, NOT_FOUND
from stadskennis.core.visibility import access_content_or_404, can_report_on, can_view_release
from stadskennis.plans import plan_indicators, release_indicators, releases
from stadskennis.plans.models import FrozenRelease, Plan, PlanIndicator, Release, ReleaseEntry
from stadskennis.plans.services import plan_figures, statuses_for

router = Router(tags=["Plans"])

PERCENT = "Progress in %, as rolled up by the plan's rule; null when the element has no data."


class Problem(Schema):
    detail: str
    errors: list[dict] = []


class PlanOut(Schema):
    id: int
    title: str
    organisation: str = Field(description="The slug of the organisation whose plan it is.")
    kind: str = Field(description="`multi_year` or `agreement`.")
    start_year: int
    end_year: int
    visibility: str
    url: str


class ElementOut(Schema):
    code: str = Field(description="The code as the city uses it.")
    parent_code: str
    level: str = Field(description="`domain`, `objective`, `action_plan`, `action` or `project`.")
    title: str
    status: str = Field(description="The name of its status in the organisation's own list; '' for none.")
    progress: int | None = Field(description="The progress entered for the element itself.")
    figure: int | None = Field(description=PERCENT)


class PlanDetailOut(PlanOut):
    elements: list[ElementOut]


class ReleaseOut(Schema):
    id: int
    title: str
    phase: str = Field(description="`open` (work in progress, for the plan's organisation) or `frozen`.")
    deadline: date
    frozen_at: datetime | None
    url: str


class PointOut(Schema):
    year: int
    value: Decimal


class IndicatorDefinition(Schema):
    name: str
    unit: str
    kind: str = Field(description="`number`, `yes_no` (1 is yes) or `steps` (the value is a step's number).")
    steps: list[str] = Field(description="A step plan's steps, in order (step 1 first).")
    direction: str = Field(description="`higher` or `lower` is better.")
    warehouse: str | None = Field(
        description="The code of the Stad in cijfers indicator whose figures it takes; null: the plan's own."
    )
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    trajectory: list[PointOut] = Field(description="The intermediate targets.")
    on_track_from: int = Field(description="On track from this % of the planned change reached.")
    attention_from: int = Field(description="Attention from this %; below it, off track.")


class ReleaseIndicatorOut(IndicatorDefinition):
    id: int = Field(description="Send it with a value in an update of the entry.")
    year: int | None = Field(description="The year the value is of.")
    value: Decimal | None
    evaluation: str = Field(
        description="`on_track`, `attention`, `off_track`; '' until the release freezes, or without a value."
    )
    expected: Decimal | None = Field(
        description="What the trajectory expects in the value's year (when frozen)."
    )


class PlanIndicatorOut(IndicatorDefinition):
    id: int
    element: str = Field(description="The code of the element it measures.")
    values: list[PointOut] = Field(
        description="Its values by year: Stad in cijfers' or its frozen releases'."
    )
    evaluation: str = Field(description="The latest value against the trajectory; '' when it cannot be said.")


class EntryOut(Schema):
    code: str
    parent_code: str
    title: str
    status: str
    progress: int | None
    figure: int | None = Field(description=PERCENT)
    narrative: str
    version: int = Field(description="Send it back with an update: a stale version is a 409.")
    updated_at: datetime | None
    indicators: list[ReleaseIndicatorOut]


class ReleaseDetailOut(ReleaseOut):
    entries: list[EntryOut]


class IndicatorValueIn(Schema):
    id: int = Field(ge=1, le=2_000_000_000, description="The indicator's id in this release.")
    year: int = Field(ge=1950, le=2100)
    value: Decimal | None = Field(description="null to clear; 1 or 0 for yes/no; a step's number.")


class EntryIn(Schema):
    """Only the fields sent change; the others keep what is stored."""

    status: str = Field("", description="A status name of the organisation's list; '' for none.")
    progress: int | None = Field(None, ge=0, le=100, description="null for none.")
    narrative: str = Field("", max_length=5000)
    version: int = Field(
        ge=0, le=2_000_000_000, description="The version the update is based on (from the entry read)."
    )
    indicators: list[IndicatorValueIn] = Field(
        [], max_length=200, description="Values of the element's own indicators (not Stad in cijfers')."
    )


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk, "title": plan.title, "organisation": plan.owner.slug, "kind": plan.kind,
        "start_year": plan.start_year, "end_year": plan.end_year, "visibility": plan.visibility,
        "url": f"/plannen/{plan.pk}/",
    }  # fmt: skip


def _release_out(release: Release) -> dict:
    return {
        "id": release.pk, "title": release.title, "phase": release.phase, "deadline": release.deadline,
        "frozen_at": release.frozen_at, "url": f"/plannen/rapportering/{release.pk}/",
    }  # fmt: skip


def _definition(indicator, warehouse: str | None) -> dict:
    """What a PlanIndicator and a ReleaseIndicator share."""
    return {
        "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind, "steps": indicator.steps,
        "direction": indicator.direction, "warehouse": warehouse, "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year, "target": indicator.target,
        "target_year": indicator.target_year,
        "trajectory": [{"year": year, "value": value} for year, value in indicator.trajectory],
        "on_track_from": indicator.on_track_from, "attention_from": indicator.attention_from,
    }  # fmt: skip


def _copy_out(copy) -> dict:
    warehouse = (
        copy.indicator.warehouse.code
        if copy.warehouse and copy.indicator and copy.indicator.warehouse
        else None
    )
    return {
        **_definition(copy, warehouse), "id": copy.pk, "year": copy.year, "value": copy.value,
        "evaluation": copy.evaluation, "expected": copy.expected,
    }  # fmt: skip


def _entry_out(entry: ReleaseEntry, figures, copies: dict) -> dict:
    return {
        "code": entry.code, "parent_code": entry.parent_code, "title": entry.title,
        "status": entry.status_name, "progress": entry.progress, "figure": figures[entry.code].percent,
        "narrative": entry.narrative, "version": entry.version, "updated_at": entry.updated_at,
        "indicators": [_copy_out(copy) for copy in copies.get(entry.code, [])],
    }  # fmt: skip


def _invalid(field: str, message: str) -> Status:
    return Status(
        422, {"detail": "De gegevens zijn ongeldig.", "errors": [{"field": field, "message": message}]}
    )


def _plan(user, plan_id: int) -> Plan:
    return access_content_or_404(user, Plan.objects.select_related("owner"), pk=plan_id)


def _release(user, release_id: int) -> tuple[Release, Plan]:
    release = get_object_or_404(Release, pk=release_id)
    plan = _plan(user, release.plan_id)
    if not can_view_release(user, release, plan):
        raise Http404
    return release, plan


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="Plans you may see")
def plans_list(request):
    plans = (
        Plan.objects.visible_to(reader(request))
        .select_related("owner")
        .order_by("owner__name", "-start_year")
    )
    return [_plan_out(plan) for plan in plans]


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **NOT_FOUND, **ERRORS},
    summary="A plan with its elements",
)
def plan_detail(request, plan_id: int):
    plan = _plan(reader(request), plan_id)
    figures = plan_figures(plan)
    elements = [
        {
            "code": e.code,
            "parent_code": e.parent.code if e.parent else "",
            "level": e.level,
            "title": e.title,
            "status": e.status.name if e.status else "",
            "progress": e.progress,
            "figure": figures[e.code].percent,
        }  # fmt: skip
        for e in plan.elements.select_related("parent", "status")
    ]
    return {**_plan_out(plan), "elements": elements}


@router.get(
    "/plans/{plan_id}/releases",
    response={200: list[ReleaseOut], **NOT_FOUND, **ERRORS},
    summary="A plan's releases",
)
def plan_releases(request, plan_id: int):
    user = reader(request)
    plan = _plan(user, plan_id)
    return [_release_out(r) for r in plan.releases.all() if can_view_release(user, r, plan)]


@router.get(
    "/releases/{release_id}", response={200: ReleaseDetailOut, **NOT_FOUND, **ERRORS}, summary="A release"
)
def release_detail(request, release_id: int):
    release, _plan_ = _release(reader(request), release_id)
    figures = releases.release_figures(release)
    copies = release_indicators.by_code(release)
    entries = [_entry_out(e, figures, copies) for e in release.entries.all()]
    return {**_release_out(release), "entries": entries}


@router.get(
    "/plans/{plan_id}/indicators",
    response={200: list[PlanIndicatorOut], **NOT_FOUND, **ERRORS},
    summary="A plan's indicators with their values",
)
def plan_indicators_list(request, plan_id: int):
    """Every indicator of the plan's elements: its definition, its values by year (Stad in cijfers'
    figures for the organisation, or what its frozen releases reported) and how the latest stands."""
    plan = _plan(reader(request), plan_id)
    found = PlanIndicator.objects.filter(element__plan=plan).select_related("element", "warehouse")
    out = []
    for indicator in found.order_by("element__position", "element__code", "position", "pk"):
        standing = plan_indicators.standing(indicator)
        out.append({
            **_definition(indicator, indicator.warehouse.code if indicator.warehouse else None),
            "id": indicator.pk, "element": indicator.element.code,
            "values": [{"year": year, "value": value} for year, value in standing.history],
            "evaluation": standing.result.state,
        })  # fmt: skip
    return out


@router.patch(
    "/releases/{release_id}/entries/{code}",
    auth=token_auth,
    response={200: EntryOut, 403: Problem, 409: Problem, **NOT_FOUND, **BODY_ERRORS},
    summary="Update an element in an open release",
)
def entry_patch(request, release_id: int, code: str, payload: EntryIn):
    """For the element's owner and the plan's managers, as on the page. The update is based on the
    version read: when someone else updated the element since, nothing is saved (409, with theirs).
    A frozen release answers 403: it changes by no path."""
    user = request.auth
    release, plan = _release(user, release_id)
    entry = get_object_or_404(ReleaseEntry.objects.select_related("release"), release=release, code=code)
    if not can_report_on(user, entry, plan):
        detail = "Deze rapportering is bevroren." if release.frozen else "Je mag dit element niet bijwerken."
        return Status(403, {"detail": detail, "errors": []})
    statuses = {s.name: s for s in statuses_for(plan.owner)}
    sent = payload.model_fields_set
    status_name = payload.status if "status" in sent else entry.status_name
    if "status" in sent and payload.status and payload.status not in statuses:
        return _invalid("status", "Kies uit " + ", ".join(statuses) + ".")
    own = {copy.pk: copy for copy in entry.indicators.filter(warehouse=False)}
    values = {}
    for n, sent_value in enumerate(payload.indicators):
        copy = own.get(sent_value.id)
        if copy is None:
            return _invalid(
                f"indicators.{n}.id", "Geen eigen indicator van dit element in deze rapportering."
            )
        raw = "" if sent_value.value is None else format(sent_value.value.normalize(), "f")
        try:
            values[copy.pk] = (sent_value.year, release_indicators.parse_value(copy, raw))
        except release_indicators.BadValue as error:
            return _invalid(f"indicators.{n}.value", str(error))
    try:
        updated = releases.entry_update(
            entry=entry, status=statuses.get(status_name) if status_name else None,
            progress=payload.progress if "progress" in sent else entry.progress,
            narrative=payload.narrative if "narrative" in sent else entry.narrative,
            based_on=payload.version, actor=user, indicator_values=values,
        )  # fmt: skip
    except releases.UpdateConflict as conflict:
        theirs = conflict.current
        return Status(409, {
            "detail": "Intussen gewijzigd door iemand anders; er is niets bewaard.",
            "errors": [{"field": "version", "message": "Lees het element opnieuw.", "version": theirs.version,
                        "theirs": {"status": theirs.status_name, "progress": theirs.progress,
                                   "narrative": theirs.narrative}}],
        })  # fmt: skip
    except FrozenRelease:
        return Status(403, {"detail": "Deze rapportering is bevroren.", "errors": []})
    figures, copies = releases.release_figures(release), release_indicators.by_code(release)
    return Status(200, _entry_out(updated, figures, copies))
