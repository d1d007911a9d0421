"""Big uploads of figures checked and imported by the background worker, with their progress.

A file from BACKGROUND_FROM bytes on (1 MiB of CSV, about 35,000 rows and a second or two of checking;
256 KiB of Excel, which openpyxl reads more slowly) is not checked in the request: a `FiguresImportJob`
is queued and the page follows it. The import runs in one transaction (observation_import.py), which
hides every write until it ends, and a preview is rolled back entirely: so the live progress (rows
checked, bytes read of the file's size) is written to a small file beside the kept upload, replaced
atomically at most every PROGRESS_SECONDS, and the job row gets its status and report before and after.
The worker and the web server share that folder already: the worker reads the kept upload there.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone

from stadskennis.indicators.csvfile import FileProblem
from stadskennis.indicators.models import FiguresImportJob
from stadskennis.indicators.observation_import import ObservationReport
from stadskennis.indicators.observation_upload import _folder
from stadskennis.indicators.observations import MergeCounts

BACKGROUND_FROM = {"csv": 1 << 20, "xlsx": 1 << 18}
PROGRESS_SECONDS = 0.5


def in_background(path: Path, file_format: str) -> bool:
    return path.stat().st_size >= BACKGROUND_FROM.get(file_format, BACKGROUND_FROM["csv"])


def progress_path(token: str) -> Path:
    return _folder() / f"{token}.progress"


def progress_read(token: str) -> dict:
    """{"rows": checked so far, "bytes": read so far} of a running job (zeros before it starts)."""
    try:
        return json.loads(progress_path(token).read_text())
    except (OSError, ValueError):
        return {"rows": 0, "bytes": 0}


class Progress:
    """Rows checked and bytes read, written beside the upload at most every PROGRESS_SECONDS."""

    def __init__(self, token: str):
        self.path, self.rows, self.bytes, self._written = progress_path(token), 0, 0, 0.0
        self._write()

    def _write(self) -> None:
        partial = self.path.with_suffix(".progress-new")
        partial.write_text(json.dumps({"rows": self.rows, "bytes": self.bytes}))
        os.replace(partial, self.path)  # a reader never sees half a file
        self._written = time.monotonic()

    def _maybe_write(self) -> None:
        if time.monotonic() - self._written >= PROGRESS_SECONDS:
            self._write()

    def checked(self, rows: int) -> None:
        """observation_import's `progress` callback: rows checked so far."""
        self.rows = rows
        self._maybe_write()

    def read(self, position: int) -> None:
        self.bytes = position
        self._maybe_write()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


class CountingFile:
    """A binary file that tells `progress` how far it has been read (the CSV reader iterates over its
    lines; openpyxl reads the workbook's zip with read and seek)."""

    def __init__(self, raw: BinaryIO, progress: Progress):
        self._raw, self._progress, self._calls = raw, progress, 0

    def _tell(self) -> None:
        self._calls += 1
        if self._calls % 256 == 0:
            self._progress.read(self._raw.tell())

    def read(self, *args):
        data = self._raw.read(*args)
        self._tell()
        return data

    def readline(self, *args):
        line = self._raw.readline(*args)
        self._tell()
        return line

    def __iter__(self):
        return self

    def __next__(self):
        line = self._raw.readline()
        if not line:
            raise StopIteration
        self._tell()
        return line

    def __getattr__(self, name):
        return getattr(self._raw, name)  # seek, tell, seekable


def report_dump(report: ObservationReport) -> dict:
    data = asdict(report)
    data["errors"] = [{"line": e.line, "column": e.column, "message": e.message} for e in report.errors]
    return data


def report_load(data: dict) -> ObservationReport:
    return ObservationReport(
        rows=data.get("rows", 0),
        counts=MergeCounts(**data.get("counts", {})),
        errors=[FileProblem(e["line"], e["column"], e["message"]) for e in data.get("errors", [])],
        more_errors=data.get("more_errors", 0),
        written=data.get("written", False),
        skipped=data.get("skipped", 0),
    )


def figures_import_job_start(*, token: str, meta: dict, path: Path, actor, kind: str) -> FiguresImportJob:
    """Queue the preview or the import of the kept upload `token`; the page then follows the job. A
    confirmation sent twice (a double click, a reload) gives the import already queued, running or done,
    never a second one; only a stopped one may be tried again."""
    from stadskennis.indicators.tasks import figures_import_run

    with transaction.atomic():
        if kind == FiguresImportJob.Kind.IMPORT:
            earlier = (
                FiguresImportJob.objects.select_for_update()
                .filter(token=token, kind=kind, started_by=actor)
                .exclude(status=FiguresImportJob.Status.FAILED)
                .first()
            )
            if earlier is not None:
                return earlier
        job = FiguresImportJob.objects.create(
            token=token, kind=kind, name=meta["name"][:255], file_format=meta["format"],
            source_version=meta.get("source_version", ""), bytes_total=path.stat().st_size, started_by=actor,
        )  # fmt: skip
        figures_import_run.enqueue(job.pk)
    return job


def job_finish(job_id: int, *, status: str, report: dict) -> None:
    FiguresImportJob.objects.filter(pk=job_id).update(
        status=status, report=report, finished_at=timezone.now(), updated_at=timezone.now()
    )
