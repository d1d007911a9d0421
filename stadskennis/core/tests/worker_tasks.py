"""Tasks for the worker's fault tests (test_worker.py): importable by a real worker process.

Each marks its start by creating `<path>.started` and then waits, so a test can kill the worker
while the task runs. A run that finds the mark of an earlier run returns at once.
"""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task

from stadskennis.core.recovery import resumable

WAIT_SECONDS = 120


def _run(path: str) -> str:
    started = Path(f"{path}.started")
    if started.exists():
        return "resumed"
    started.write_text("started")
    time.sleep(WAIT_SECONDS)
    return "finished without being killed"


@resumable()
@task()
def wait_resumable(path: str) -> str:
    return _run(path)


@task()
def wait_once(path: str) -> str:
    return _run(path)
