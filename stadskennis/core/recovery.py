"""Tasks whose worker died, and the worker's periodic upkeep that modules register.

A task is `@resumable` when running it again from the start does no harm (reading a file's text,
an import matched on ids); the worker queues such a task again when its worker was lost, and fails
any other with a message, since running it twice (a mail) is not known to be safe. Modules hand
the worker their periodic upkeep with `register_housekeeping` from their AppConfig.ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from stadskennis.core import heartbeat
from stadskennis.core.models import ProcessHeartbeat

log = logging.getLogger("stadskennis.core.worker")

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker stopped while running it."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


@dataclass(frozen=True)
class _Resumable:
    attempts: int
    on_abandon: Callable[..., object] | None


_resumable: dict[str, _Resumable] = {}
_housekeeping: list[Callable[[], object]] = []


def resumable(*, attempts: int = 3, on_abandon: Callable[..., object] | None = None):
    """Mark a task as safe to run again from the start when its worker died in the middle of it.

    Put it above `@task()`. After `attempts` runs that each lost their worker, the task fails and
    `on_abandon(*args, message=..., **kwargs)` lets its module tell the people waiting for it.
    """

    def register(task):
        _resumable[task.module_path] = _Resumable(attempts=attempts, on_abandon=on_abandon)
        return task

    return register


def register_housekeeping(job: Callable[[], object]) -> None:
    """A module's periodic upkeep, run by the worker every half minute (call from AppConfig.ready)."""
    if job not in _housekeeping:
        _housekeeping.append(job)


def _policy(task_path: str) -> _Resumable | None:
    try:
        import_string(task_path)  # the task's module registers itself on import
    except ImportError:
        return None
    return _resumable.get(task_path)


def _owner(result: DBTaskResult) -> str | None:
    return result.worker_ids[-1] if result.worker_ids else None


def tasks_recover(*, current_worker_id: str | None = None) -> dict[str, int]:
    """Resume or fail the tasks left RUNNING by a worker that is gone.

    A worker is gone when its heartbeat is stale, or it ran on this host and its process no longer
    exists. A task of a worker without any heartbeat (one that started before heartbeats existed)
    counts as lost once it has run for HEARTBEAT_STALE_SECONDS. `current_worker_id`, passed by a
    worker between two tasks, names its own tasks still RUNNING: their outcome could not be written.
    """
    counts = {"resumed": 0, "failed": 0}
    running = list(DBTaskResult.objects.running())
    if not running:
        return counts
    beats = {b.key: b for b in ProcessHeartbeat.objects.filter(key__in={_owner(r) for r in running} - {None})}
    cutoff = timezone.now() - heartbeat.stale_after()
    for result in running:
        owner = _owner(result)
        if owner is not None and owner == current_worker_id:
            lost = True
        elif owner in beats:
            lost = not heartbeat.is_alive(beats[owner])
        else:
            lost = result.started_at is None or result.started_at < cutoff
        if lost:
            outcome = _recover(result)
            if outcome:
                counts[outcome] += 1
    return counts


def _recover(result: DBTaskResult) -> str | None:
    policy = _policy(result.task_path)
    attempts = len(result.worker_ids)
    still_lost = DBTaskResult.objects.filter(pk=result.pk, status=RUNNING, started_at=result.started_at)
    if policy is not None and attempts < policy.attempts:
        if not still_lost.update(status=READY):
            return None  # another worker recovered it first
        log.warning("worker: task %s (%s) lost its worker; queued again", result.pk, result.task_path)
        return "resumed"
    with translation.override(settings.LANGUAGE_CODE):  # stored for people to read
        if policy is None:
            message = _(
                "The background worker stopped while this task ran. It was not started again, "
                "because running it twice is not known to be safe."
            )
        else:
            message = _(
                "The background worker stopped each of the %(attempts)d times this task ran, so it "
                "was given up."
            ) % {"attempts": attempts}
        if not still_lost.update(
            status=FAILED,
            finished_at=timezone.now(),
            exception_class_path=WORKER_LOST,
            traceback=message,
            return_value=None,
        ):
            return None
        log.error("worker: task %s (%s) lost its worker; failed", result.pk, result.task_path)
        if policy is not None and policy.on_abandon is not None:
            arguments = result.args_kwargs or {}
            policy.on_abandon(*arguments.get("args", []), message=message, **arguments.get("kwargs", {}))
    return "failed"


def housekeeping_run() -> None:
    """What the worker does every half minute between tasks, besides recovering them."""
    for job in list(_housekeeping):
        job()
    heartbeat.heartbeat_prune()
