"""What the Netwerk asks of a user, for "Mijn taken" (`core.task_registry`): the homework their
organisation still owes in their workgroups, and the action points assigned to them. One query each."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.task_registry import Task, TaskSource
from stadskennis.network.models import ActionPoint, Assignment, Submission, Workgroup

# A late answer is still taken and marked late; two weeks after the deadline the group has moved on.
LATE_ANSWERS_LISTED = timedelta(days=14)
HOMEWORK = gettext_lazy("Homework assignment")
ACTION_POINT = gettext_lazy("Action point")


def homework_due(user) -> list[Task]:
    """Open homework of the workgroups the user is in, that their organisation has not submitted.
    Homework answered through a questionnaire is listed by the Vraagbaak, as the survey round."""
    if not user.organisation_id:
        return []
    mine = Submission.objects.alive().filter(assignment=OuterRef("pk"), owner_id=user.organisation_id)
    groups = (
        Workgroup.objects.visible_to(user).filter(members__user=user).exclude(status=Workgroup.Status.CLOSED)
    )
    assignments = (
        Assignment.objects.filter(
            workgroup__in=groups,
            questionnaire__isnull=True,
            deadline__gte=timezone.now() - LATE_ANSWERS_LISTED,
        )
        .annotate(
            submitted=Exists(mine.filter(submitted_at__isnull=False)),
            drafted=Exists(mine.filter(submitted_at__isnull=True)),
        )
        .filter(submitted=False)
        .select_related("workgroup")
    )
    return [
        Task(
            kind="homework",
            kind_label=str(HOMEWORK),
            title=a.title,
            url=a.get_absolute_url(),
            state=_("Draft saved, not submitted yet") if a.drafted else _("Not started"),
            due=a.deadline,
            context=a.workgroup.name,
        )
        for a in assignments
    ]


def _point_state(point: ActionPoint) -> str:
    if point.meeting is None:
        return _("Still open")
    day = date_format(timezone.localtime(point.meeting.starts_at), "j F Y")
    return _("Agreed at the meeting of %(day)s") % {"day": day}


def action_points_assigned(user) -> list[Task]:
    """Open action points whose owner is the user's person in the Netwerk."""
    points = ActionPoint.objects.filter(
        kind=ActionPoint.Kind.ACTION,
        done_at__isnull=True,
        owner_person__user=user,
        workgroup__in=Workgroup.objects.visible_to(user),
    ).select_related("workgroup", "meeting__workgroup")
    return [
        Task(
            kind="action_point",
            kind_label=str(ACTION_POINT),
            title=Truncator(p.text).chars(120),
            url=(p.meeting or p.workgroup).get_absolute_url(),
            state=_point_state(p),
            due=p.due_date,
            context=p.workgroup.name,
        )
        for p in points
    ]


SOURCES = [
    TaskSource(key="network.homework", tasks=homework_due),
    TaskSource(key="network.action_points", tasks=action_points_assigned),
]
