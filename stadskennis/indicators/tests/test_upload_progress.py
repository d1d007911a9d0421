"""A big upload is checked and imported by the background worker: the page shows its progress (rows
checked, bytes read of the file's size) and refreshes itself without JavaScript, then shows the same
preview as a small file; nothing is written until the editor confirms. Small files stay synchronous."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stadskennis.indicators import upload_progress
from stadskennis.indicators.models import FiguresImportJob, Observation
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.tasks import figures_import_run
from stadskennis.indicators.tests.factories import IndicatorFactory

URL = "/cijfers/importeren/"
CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def jobs(cast, geography):
    return IndicatorFactory(code="jobs", name="Jobs")


@pytest.fixture
def big(monkeypatch):
    """Files from 1 KB on count as big, so a test file of a few hundred rows goes to the worker."""
    monkeypatch.setattr(upload_progress, "BACKGROUND_FROM", {"csv": 1024, "xlsx": 1024})


def figures_csv(years=range(1990, 2020), *, bad: str = "") -> bytes:
    rows = [f"jobs,{code},{year},{i * 10 + year}" for year in years for i, code in enumerate(CITIES)]
    return ("indicator,geo,period,value\n" + "\n".join(rows) + "\n" + bad).encode()


def upload(client, data: bytes):
    return client.post(URL, {"file": SimpleUploadedFile("groot.csv", data, content_type="text/csv")})


def written() -> int:
    return Observation.objects.filter(indicator__code="jobs").count()


def test_a_small_file_is_still_checked_in_the_request(jobs, cast, client_for):
    response = upload(client_for(cast["editor"]), figures_csv(years=[2020]))
    assert response.status_code == 200 and response.context["report"].counts.created == 10
    assert not FiguresImportJob.objects.exists()


def test_a_big_file_is_previewed_by_the_worker_and_written_only_when_confirmed(jobs, cast, client_for, big):
    editor = client_for(cast["editor"])
    # Given a big file uploaded: the page follows a queued job
    response = upload(editor, figures_csv())
    (job,) = FiguresImportJob.objects.all()
    assert (job.kind, job.status, job.bytes_total) == ("preview", "queued", len(figures_csv()))
    assert response.status_code == 302 and response["Location"] == f"/cijfers/importeren/{job.token}/"
    page = editor.get(response["Location"]).content.decode()
    # No timed refresh unless the reader asks for it (WCAG 2.2.1); htmx follows the worker instead
    assert "http-equiv" not in page and 'hx-trigger="every 3s"' in page and "Nu vernieuwen" in page
    asked = editor.get(response["Location"] + "?vernieuwen=ja").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in asked
    block = editor.get(response["Location"], headers={"HX-Request": "true"})
    assert block.content.decode().lstrip().startswith('<div id="upload-progress"')
    assert f'<progress id="voortgang" max="{job.bytes_total}" value="0">0 %</progress>' in page
    assert "0 rijen gecontroleerd" in page and "Er wordt niets geschreven" in page
    # When the worker has checked it: the preview, as for a small file, and still nothing written
    assert figures_import_run.call(job.pk) == "done"
    over = editor.get(f"/cijfers/importeren/{job.token}/", headers={"HX-Request": "true"})
    assert (over.status_code, over["HX-Refresh"]) == (204, "true")  # htmx reloads the whole page
    response = editor.get(f"/cijfers/importeren/{job.token}/")
    page = response.content.decode()
    assert "http-equiv" not in page
    assert "300 cijfers gecontroleerd, geen problemen: 300 nieuw, 0 gewijzigd, 0 ongewijzigd." in page
    assert response.context["token"] == job.token and written() == 0
    # When confirmed: the worker imports it, and the page says so once it is done
    response = editor.post(URL, {"token": job.token})
    assert response["Location"] == f"/cijfers/importeren/{job.token}/"
    imported = FiguresImportJob.objects.get(kind="import")
    assert written() == 0
    assert figures_import_run.call(imported.pk) == "done"
    response = editor.get(f"/cijfers/importeren/{job.token}/", follow=True)
    assert "Geïmporteerd: 300 nieuw, 0 gewijzigd, 0 ongewijzigd." in response.content.decode()
    assert written() == 300
    assert Observation.objects.get(area__code="41002", period="2019").value == Decimal(2019)


def test_while_it_runs_the_page_shows_rows_checked_and_bytes_read(jobs, cast, client_for, big, media):
    editor = client_for(cast["editor"])
    token = upload(editor, figures_csv())["Location"].split("/")[-2]
    job = FiguresImportJob.objects.get(token=token)
    FiguresImportJob.objects.filter(pk=job.pk).update(status="running")
    half = job.bytes_total // 2
    upload_progress.progress_path(token).write_text(json.dumps({"rows": 150, "bytes": half}))
    page = editor.get(f"/cijfers/importeren/{token}/").content.decode()
    percent = 100 * half // job.bytes_total  # 49: a file of an odd number of bytes
    assert f'<progress id="voortgang" max="{job.bytes_total}" value="{half}">{percent} %</progress>' in page
    assert "150 rijen gecontroleerd" in page and f"gelezen ({percent} %)" in page
    assert f'hx-get="/cijfers/importeren/{token}/"' in page


def test_the_worker_writes_its_progress_as_it_reads(jobs, media, monkeypatch):
    monkeypatch.setattr(upload_progress, "PROGRESS_SECONDS", 0)
    seen = []
    original = upload_progress.Progress._write

    def remember(self):
        original(self)
        seen.append(json.loads(self.path.read_text()))

    monkeypatch.setattr(upload_progress.Progress, "_write", remember)
    data = figures_csv(years=range(1500, 2020))  # 5,200 rows
    progress = upload_progress.Progress("0" * 32)
    report = observations_import(
        handle=upload_progress.CountingFile(io.BytesIO(data), progress),
        progress=progress.checked,
        commit=False,
    )
    assert report.errors == [] and report.rows == 5200
    assert sorted({s["rows"] for s in seen}) == [0, 2000, 4000]  # after each 2,000 checked rows
    read = [s["bytes"] for s in seen]
    assert read == sorted(read) and 0 < max(read) <= len(data)


def test_a_big_file_with_bad_rows_shows_them_per_row_and_column(jobs, cast, client_for, big):
    editor = client_for(cast["editor"])
    token = upload(editor, figures_csv(bad="jobs,99999,2020,5\n"))["Location"].split("/")[-2]
    figures_import_run.call(FiguresImportJob.objects.get(token=token).pk)
    response = editor.get(f"/cijfers/importeren/{token}/")
    assert [(e.line, e.column) for e in response.context["report"].errors] == [(302, "geo")]
    assert "token" not in response.context and written() == 0


def test_only_the_one_who_uploaded_follows_the_job(jobs, cast, client_for, big):
    token = upload(client_for(cast["editor"]), figures_csv())["Location"].split("/")[-2]
    assert client_for(cast["administrator"]).get(f"/cijfers/importeren/{token}/").status_code == 404
    assert client_for(None).get(f"/cijfers/importeren/{token}/")["Location"].startswith("/account/")


def test_a_job_whose_file_is_gone_says_it_stopped(jobs, cast, client_for, big, media):
    editor = client_for(cast["editor"])
    token = upload(editor, figures_csv())["Location"].split("/")[-2]
    (media / "indicator-uploads" / token).unlink()
    assert figures_import_run.call(FiguresImportJob.objects.get(token=token).pk) == "failed"
    page = editor.get(f"/cijfers/importeren/{token}/").content.decode()
    assert "Er is niets weggeschreven" in page and "Het bestand wacht niet meer." in page
    assert "http-equiv" not in page


def test_a_big_workbook_is_read_through_the_progress_counter_too(jobs, cast, client_for, big):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["indicator", "geo", *[str(y) for y in range(1990, 2020)]])
    for i, code in enumerate(CITIES):
        book.active.append(["jobs", code, *[i * 10 + y for y in range(1990, 2020)]])
    out = io.BytesIO()
    book.save(out)
    editor = client_for(cast["editor"])
    response = editor.post(URL, {"file": SimpleUploadedFile("groot.xlsx", out.getvalue())})
    job = FiguresImportJob.objects.get()
    assert (job.file_format, response["Location"]) == ("xlsx", f"/cijfers/importeren/{job.token}/")
    assert figures_import_run.call(job.pk) == "done"
    report = editor.get(response["Location"]).context["report"]
    assert (report.errors, report.counts.created) == ([], 300)
