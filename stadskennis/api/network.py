"""People, workgroups and organisation detail in the API. Contact details only for logged-in callers
(a session or an API key), exactly as on the pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from stadskennis.api.auth import reader
from stadskennis.api.pagination import Pagination
from stadskennis.api.schemas import ERRORS, NOT_FOUND
from stadskennis.core.models import Organisation
from stadskennis.core.visibility import access_content_or_404, can_see_contact_details
from stadskennis.network.expertise import find_experts
from stadskennis.network.models import Meeting, Person, Workgroup

router = Router(tags=["Network"])

CONTACT = "Only for a logged-in caller (a session or a key); null otherwise."


class OrganisationRef(Schema):
    slug: str
    name: str


class PersonOut(Schema):
    id: int
    name: str
    function: str = Field(description="Their job title.")
    department: str
    organisation: OrganisationRef
    themes: list[str] = Field(description="Slugs of the themes they work on.")
    expertise: str = Field(description="What they know about, in their own words.")
    url: str = Field(description="Their page on the platform.")
    email: str | None = Field(None, description=CONTACT)
    phone: str | None = Field(None, description=CONTACT)


class MemberOut(Schema):
    id: int
    name: str
    organisation: OrganisationRef
    email: str | None = Field(None, description=CONTACT)
    phone: str | None = Field(None, description=CONTACT)


class WorkgroupOut(Schema):
    key: str = Field(description="Its key in the API and in addresses.")
    name: str
    kind: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Workgroup.Kind.values)}.")
    status: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Workgroup.Status.values)}.")
    purpose: str
    visibility: str = Field(description="Who may see it: `public`, `network`, `organisation` or `draft`.")
    lead_organisation: OrganisationRef | None
    lead_person: str | None = Field(description="The name of the person who leads it.")
    themes: list[str] = Field(description="Theme slugs.")
    members: list[MemberOut]
    next_meeting: datetime | None = Field(description="When it meets next, if planned.")
    url: str = Field(description="Its page on the platform.")


class EvidenceOut(Schema):
    kind: str = Field(description="What shows it: a contact person of an item, a workgroup, an answer, ….")
    label: str = Field(description="That kind in words, in the language of the caller.")
    title: str = Field(description="What it is about: the item, workgroup or question.")
    url: str
    weight: float = Field(description="How much it counts towards the score.")


class ExpertOut(Schema):
    person: PersonOut
    score: float = Field(description="The sum of the evidence's weights; higher first.")
    evidence: list[EvidenceOut] = Field(description="Why: the strongest evidence first.")


class OrganisationDetailOut(Schema):
    slug: str
    name: str
    kind: str
    nis_code: str | None
    website: str
    people: int = Field(description="How many people of this organisation are in the network.")
    url: str = Field(description="Its page on the platform.")


def _org(o: Organisation | None) -> dict | None:
    return {"slug": o.slug, "name": o.name} if o else None


def _person(p: Person, contact: bool) -> dict:
    data = {
        "id": p.pk, "name": p.full_name, "function": p.function, "department": p.department,
        "organisation": _org(p.organisation), "themes": [t.slug for t in p.themes.all()],
        "expertise": p.expertise, "url": p.get_absolute_url(),
    }  # fmt: skip
    if contact:
        data.update(email=p.email, phone=p.phone)
    return data


def _people():
    return (
        Person.objects.filter(erased_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("themes")
    )


@router.get("/people", response={200: list[PersonOut], **ERRORS}, summary="People in the network")
@paginate(Pagination)
def person_list(
    request,
    q: str = Query("", description="Words in their name, job title, department or expertise."),
    organisation: str = Query("", description="Only people of this organisation (its slug)."),
    theme: str = Query("", description="Only people who work on this theme (its slug)."),
):
    """Email address and phone number only for a logged-in caller, as on the pages."""
    contact = can_see_contact_details(reader(request))
    people = _people()
    if q:
        q = q[:200]
        people = people.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(function__icontains=q)
            | Q(department__icontains=q) | Q(expertise__icontains=q)
        )  # fmt: skip
    if organisation:
        people = people.filter(organisation__slug=organisation)
    if theme:
        people = people.filter(themes__slug=theme).distinct()
    return [_person(p, contact) for p in people]


@router.get("/people/{person_id}", response={200: PersonOut, **NOT_FOUND, **ERRORS}, summary="One person")
def person_get(request, person_id: int):
    user = reader(request)
    return _person(get_object_or_404(_people(), pk=person_id), can_see_contact_details(user))


@router.get(
    "/experts",
    response={200: list[ExpertOut], **ERRORS},
    summary="Who is working on a subject: people ranked by the evidence you may see",
)
def expert_list(
    request,
    q: str = Query(..., min_length=1, max_length=500, description="The subject, in a few words."),
    limit: int = Query(20, ge=1, le=50, description="How many people to return."),
):
    """The expert finder of the network pages. Evidence is what matches the subject: the items someone is
    the contact person of, their workgroups, their homework and survey answers, the answers that name
    them as expert, their declared expertise. Evidence you may not see neither counts nor shows."""
    user = reader(request)
    contact = can_see_contact_details(user)
    experts = find_experts(user=user, query=q, limit=limit)
    prefetch_related_objects([e.person for e in experts], "themes")
    return [
        {
            "person": _person(e.person, contact),
            "score": round(e.score, 4),
            "evidence": [
                {
                    "kind": ev.kind,
                    "label": ev.label,
                    "title": ev.title,
                    "url": ev.url,
                    "weight": round(ev.weight, 4),
                }
                for ev in sorted(e.evidence, key=lambda ev: -ev.weight)
            ],
        }
        for e in experts
    ]


def _workgroup(group: Workgroup, contact: bool) -> dict:
    upcoming = group.upcoming_meetings[0] if group.upcoming_meetings else None
    return {
        "key": group.key, "name": group.name, "kind": group.kind, "status": group.status,
        "purpose": group.purpose, "visibility": group.visibility,
        "lead_organisation": _org(group.lead_organisation),
        "lead_person": group.lead_person.full_name if group.lead_person else None,
        "themes": [t.slug for t in group.themes.all()],
        "members": [
            {"id": m.pk, "name": m.full_name, "organisation": _org(m.organisation),
             **({"email": m.email, "phone": m.phone} if contact and not m.is_erased else {})}
            for m in group.members.all()
        ],
        "next_meeting": upcoming.starts_at if upcoming else None,
        "url": group.get_absolute_url(),
    }  # fmt: skip


def _workgroups():
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at", "id")
    return Workgroup.objects.select_related("lead_organisation", "lead_person").prefetch_related(
        "themes",
        "members__organisation",
        Prefetch("meetings", queryset=upcoming, to_attr="upcoming_meetings"),
    )


@router.get("/workgroups", response={200: list[WorkgroupOut], **ERRORS}, summary="Workgroups you may see")
def workgroup_list(request):
    user = reader(request)
    contact = can_see_contact_details(user)
    return [_workgroup(g, contact) for g in _workgroups().visible_to(user)]


@router.get("/workgroups/{key}", response={200: WorkgroupOut, **NOT_FOUND, **ERRORS}, summary="One workgroup")
def workgroup_get(request, key: str):
    user = reader(request)
    return _workgroup(access_content_or_404(user, _workgroups(), key=key), can_see_contact_details(user))


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, **NOT_FOUND, **ERRORS},
    tags=["Organisations"],
    summary="One organisation, with the number of people in the network",
)
def organisation_get(request, slug: str):
    reader(request)  # a key that is given but wrong is refused here too
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("codes").annotate(
            n_people=Count("people", filter=Q(people__erased_at__isnull=True))
        ),
        slug=slug,
    )
    return {
        "slug": organisation.slug, "name": organisation.name, "kind": organisation.kind,
        "nis_code": organisation.nis_code, "website": organisation.website, "people": organisation.n_people,
        "url": organisation.get_absolute_url(),
    }  # fmt: skip
