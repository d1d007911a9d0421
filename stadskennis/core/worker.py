"""The background worker: django-tasks' database worker, made to survive what stopped it for good.

`stadskennis worker` runs the queue as `db_worker` does (same options), and in addition:

- a locked database (SQLite past its busy timeout), a lost connection (PostgreSQL restarted) or any
  other error in its own loop is logged, the connection dropped, and the loop tried again after a
  growing pause (at most MAX_BACKOFF seconds); the worker does not exit;
- it beats (core.heartbeat) while its loop shows life: the beat is the lease on the task it runs;
- at start and every half minute it recovers tasks left RUNNING by a worker that is gone (killed,
  out of memory, the machine restarted): a task marked `@resumable` is queued again (it is safe to
  run twice), any other fails with a message saying so;
- it runs the housekeeping modules register (an attachment waiting too long is failed) and keeps
  the planner statistics current (core.maintenance).
"""

from __future__ import annotations

import logging
import random
import time

from django.conf import settings
from django.db import close_old_connections, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from stadskennis.core import heartbeat
from stadskennis.core.maintenance import refresh_planner_statistics
from stadskennis.core.recovery import housekeeping_run, tasks_recover

log = logging.getLogger(__name__)

MAX_BACKOFF = 30.0  # seconds between tries while the database is unavailable


class Worker(db_worker.Worker):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.heartbeat: heartbeat.Heartbeat | None = None
        self._next_housekeeping = 0.0  # at once: tasks of a worker killed before this one started
        self._next_statistics = time.monotonic() + settings.PLANNER_STATISTICS_SECONDS

    def run(self) -> None:
        log.info("worker %s started, queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - several workers starting at once spread out
        with heartbeat.Heartbeat(name=heartbeat.WORKER, key=self.worker_id) as self.heartbeat:
            backoff = 0.0
            while self.running:
                try:
                    close_old_connections()
                    self._upkeep()
                    task_result, retrieved = self._claim()
                    if task_result is not None:
                        with self.heartbeat.busy():
                            self.run_task(task_result)
                except Exception as error:  # noqa: BLE001 - the worker must outlive any one failure
                    backoff = min(MAX_BACKOFF, backoff * 2 or 0.5)
                    if isinstance(error, heartbeat.DATABASE_ERRORS):
                        log.warning(
                            "worker: database unavailable (%s); trying again in %.1f s", error, backoff
                        )
                    else:
                        log.exception("worker: unexpected error; trying again in %.1f s", backoff)
                    self._drop_connection()
                    self._next_housekeeping = 0.0  # a task whose outcome was not written is recovered
                    time.sleep(backoff)
                    continue
                backoff = 0.0
                self.heartbeat.progress()
                if self.batch and retrieved and task_result is None:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and task_result is None:
                    time.sleep(self.interval)

    def _claim(self) -> tuple[DBTaskResult | None, bool]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # so no other worker runs it
        return task_result, True

    def _upkeep(self) -> None:
        now = time.monotonic()
        if now >= self._next_housekeeping:
            recovered = tasks_recover(current_worker_id=self.worker_id)
            if any(recovered.values()):
                log.warning("worker: recovered tasks of a lost worker: %s", recovered)
            try:
                housekeeping_run()
            except heartbeat.DATABASE_ERRORS:
                raise
            except Exception:  # noqa: BLE001 - one module's upkeep must not stop the queue
                log.exception("worker: housekeeping failed")
            self._next_housekeeping = now + max(5.0, settings.HEARTBEAT_STALE_SECONDS / 4)
        if now >= self._next_statistics:
            refresh_planner_statistics()
            self._next_statistics = now + settings.PLANNER_STATISTICS_SECONDS

    @staticmethod
    def _drop_connection() -> None:
        try:
            connections["default"].close()
        except heartbeat.DATABASE_ERRORS:
            pass
