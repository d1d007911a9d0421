"""Reads of the network, through the visibility model."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import access_content_or_404, can_view
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network.models import (
    ActionPoint,
    Assignment,
    Meeting,
    MeetingDocument,
    Person,
    Submission,
    Workgroup,
)


def person_list(*, query: str = "", organisation: str = "") -> QuerySet[Person]:
    people = (
        Person.objects.filter(erased_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("themes")
    )
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(function__icontains=query)
            | Q(expertise__icontains=query)
        )
    if organisation:
        people = people.filter(organisation__slug=organisation)
    return people


def person_get(*, pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("organisation").prefetch_related("themes"), pk=pk)


def person_contributions(*, user, person: Person):
    visible_groups = Workgroup.objects.visible_to(user)
    return {
        "items": knowledge_selectors.items_with_contact(user=user, person=person),
        "workgroups": visible_groups.filter(members=person),
        "answers": Submission.objects.visible_to(user)
        .filter(submitted_by=person, submitted_at__isnull=False)
        .select_related("assignment__workgroup"),
        "meetings": person.meetings_attended.filter(workgroup__in=visible_groups).select_related("workgroup"),
    }


def workgroup_list(*, user) -> QuerySet[Workgroup]:
    return Workgroup.objects.visible_to(user).select_related("lead_organisation", "lead_person")


def workgroup_get(*, user, key: str) -> Workgroup:
    queryset = Workgroup.objects.select_related("lead_organisation", "lead_person").prefetch_related(
        "members__organisation", "themes"
    )
    return access_content_or_404(user, queryset, key=key)


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related("codes")


def organisation_get(*, user, slug: str) -> dict:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("codes"), slug=slug)
    return {
        "organisation": organisation,
        "people": organisation.people.filter(erased_at__isnull=True)
        .prefetch_related("themes")
        .order_by("department", "last_name"),
        "items": knowledge_selectors.items_of_organisation(user=user, organisation=organisation),
        "workgroups": Workgroup.objects.visible_to(user)
        .filter(Q(lead_organisation=organisation) | Q(members__organisation=organisation))
        .distinct(),
    }


def workgroup_news(*, user, workgroup_ids, since, limit: int = 20) -> tuple[list, list]:
    """Meetings and homework added since `since` in these workgroups, as far as `user` may see them."""
    groups = Workgroup.objects.visible_to(user).filter(pk__in=workgroup_ids)
    meetings = Meeting.objects.filter(workgroup__in=groups, created_at__gt=since).select_related("workgroup")
    assignments = Assignment.objects.filter(workgroup__in=groups, created_at__gt=since).select_related(
        "workgroup"
    )
    return list(meetings[:limit]), list(assignments[:limit])


def people_added(*, organisation_ids, since, limit: int = 20) -> list[Person]:
    people = Person.objects.filter(
        organisation__in=organisation_ids, created_at__gt=since, erased_at__isnull=True
    )
    return list(people.select_related("organisation")[:limit])


def contact_for(organisation: Organisation) -> Person | None:
    """Whom the centre writes to at an organisation: a person with an account, else any with an email."""
    people = Person.objects.filter(organisation=organisation, erased_at__isnull=True).exclude(email="")
    return people.filter(user__isnull=False).first() or people.first()


def person_names() -> list[str]:
    """The full names of everyone in the Netwerk (erased people left out): a survey's published
    comparison checks its free-text answers against them."""
    names = Person.objects.filter(erased_at__isnull=True).values_list("first_name", "last_name")
    return [f"{first} {last}".strip() for first, last in names]


# --- Workgroup life -----------------------------------------------------------------------------


def meeting_get(*, user, key: str, pk: int) -> Meeting:
    workgroup = workgroup_get(user=user, key=key)
    meeting = get_object_or_404(
        Meeting.objects.prefetch_related("attendees__organisation", "documents"), workgroup=workgroup, pk=pk
    )
    return meeting


def meeting_document_get(*, user, pk: int) -> MeetingDocument:
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting__workgroup"), pk=pk)
    if not can_view(user, document.meeting.workgroup):
        raise Http404
    return document


def upcoming_meetings(workgroup: Workgroup):
    return workgroup.meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at")


def past_meetings(workgroup: Workgroup):
    return workgroup.meetings.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def open_action_points(workgroup: Workgroup, *, before: Meeting | None = None):
    """Open action points, carried from meeting to meeting until done."""
    points = workgroup.action_points.filter(kind=ActionPoint.Kind.ACTION, done_at__isnull=True)
    if before is not None:
        points = points.filter(Q(meeting__starts_at__lt=before.starts_at) | Q(meeting__isnull=True))
    return points.select_related("owner_person__organisation", "meeting").order_by("due_date", "id")


def assignment_get(*, user, key: str, pk: int) -> Assignment:
    workgroup = workgroup_get(user=user, key=key)
    return get_object_or_404(
        Assignment.objects.select_related("workgroup", "for_meeting"), workgroup=workgroup, pk=pk
    )


@dataclass
class SubmissionRow:
    organisation: Organisation
    submission: Submission | None  # None when there is none, or when the viewer may not see it
    status: str  # "submitted", "late", "draft", "none"


def assignment_overview(*, user, assignment: Assignment) -> list[SubmissionRow]:
    """Who has submitted and who has not, per member organisation.

    Another organisation's draft is reported as 'none': its existence is theirs to share.
    """
    organisations = Organisation.objects.filter(people__workgroups=assignment.workgroup).distinct()
    visible = {
        s.owner_id: s
        for s in Submission.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("submitted_by")
        .prefetch_related("files")
    }
    rows = []
    for organisation in organisations.order_by("name"):
        submission = visible.get(organisation.pk)
        if submission is None:
            status = "none"
        elif submission.submitted_at is None:
            status = "draft"
        else:
            status = "late" if submission.is_late else "submitted"
        rows.append(SubmissionRow(organisation, submission, status))
    return rows


def own_submission(*, user, assignment: Assignment) -> Submission | None:
    if not user.is_authenticated or not user.organisation_id:
        return None
    return Submission.objects.filter(assignment=assignment, owner_id=user.organisation_id).first()


def my_workgroups(*, user) -> list[dict]:
    """A member's workgroups for the start page: the next meeting and the open homework of each."""
    if not user.is_authenticated:
        return []
    person = Person.objects.filter(user=user).first()
    if person is None:
        return []
    now = timezone.now()
    groups = Workgroup.objects.visible_to(user).filter(members=person).exclude(status=Workgroup.Status.CLOSED)
    submitted = set(
        Submission.objects.filter(owner_id=user.organisation_id, submitted_at__isnull=False).values_list(
            "assignment_id", flat=True
        )
    )
    out = []
    for group in groups:
        open_assignments = [a for a in group.assignments.filter(deadline__gte=now) if a.pk not in submitted]
        out.append(
            {
                "workgroup": group,
                "next_meeting": group.meetings.filter(starts_at__gte=now).order_by("starts_at").first(),
                "open_assignments": open_assignments,
            }
        )
    return out
