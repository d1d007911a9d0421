"""What the Kennisbank asks of the centre, for "Mijn taken" (`core.task_registry`): members'
proposals waiting for an editor. One query."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.task_registry import Task, TaskSource
from stadskennis.core.visibility import is_staff_user
from stadskennis.knowledge.selectors import proposals

PROPOSAL = gettext_lazy("Proposal")


def proposals_to_review(user) -> list[Task]:
    if not is_staff_user(user):
        return []
    return [
        Task(
            kind="proposal",
            kind_label=str(PROPOSAL),
            title=item.title,
            url=item.get_absolute_url(),
            state=_("Proposed on %(day)s, to review and publish")
            % {"day": date_format(timezone.localtime(item.created_at), "j F")},
            context=_("by %(name)s (%(organisation)s)")
            % {"name": item.created_by, "organisation": item.owner.display_name},
        )
        for item in proposals()
    ]


SOURCES = [TaskSource(key="knowledge.proposals", tasks=proposals_to_review)]
