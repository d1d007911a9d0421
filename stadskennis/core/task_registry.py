""" "Mijn taken": what is waiting for a user, gathered from every module.

Core knows no module: each app registers a `TaskSource` in its AppConfig.ready (the Vraagbaak its
survey rounds and questions, the Netwerk homework and action points, the Kennisbank proposals), and
modules still to come add theirs the same way. A source answers with one query or a few, never one
per task. The list is computed once per request: the header's count and the start page share it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class Task:
    """One thing a user should do, with the door that leads to it."""

    kind: str  # a stable key: "survey_round", "homework", …
    kind_label: str  # what the list shows: "Survey round", "Homework", …
    title: str
    url: str
    state: str = ""  # where it stands: "Draft: 2 of 3 questions answered"
    context: str = ""  # whose or where: "for Stad Gent", "Werkgroep OBMI"
    due: date | datetime | None = None

    @property
    def due_date(self) -> date | None:
        if isinstance(self.due, datetime):
            return timezone.localdate(self.due)
        return self.due

    @property
    def overdue(self) -> bool:
        return self.due_date is not None and self.due_date < timezone.localdate()


@dataclass(frozen=True)
class TaskSource:
    """`tasks(user)` returns that user's tasks of one kind (an empty list when there are none)."""

    key: str
    tasks: Callable[[object], list[Task]]


_SOURCES: dict[str, TaskSource] = {}


def register_task_source(source: TaskSource) -> None:
    _SOURCES[source.key] = source  # by key: registering twice (tests reload apps) adds nothing


def task_sources() -> list[TaskSource]:
    return list(_SOURCES.values())


def _order(task: Task):
    """Soonest due first, then what has no due date (in the order its source gave)."""
    return (task.due_date is None, task.due_date or date.max)


def tasks_for(user) -> list[Task]:
    if user is None or not user.is_authenticated:
        return []
    found = [task for source in _SOURCES.values() for task in source.tasks(user)]
    return sorted(found, key=_order)


def tasks_for_request(request) -> list[Task]:
    """The user's tasks, computed once per request (the header counts them, a page may list them)."""
    cached = getattr(request, "_my_tasks", None)
    if cached is None:
        cached = tasks_for(request.user)
        request._my_tasks = cached
    return cached
