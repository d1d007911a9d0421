"""Defects an outside review found in the figures upload and around it, each with what a user notices:
numbers past the database's bound, CSV fields past 128 KB, a worker's raw error, SDMX rows without a
status, long bad values echoed whole, a confirmation sent twice, telling group slugs, a create that
updated, ratios named to whoever may not see them, a tampered count, and the group list's queries."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from stadskennis.indicators import forms as indicator_forms
from stadskennis.indicators import sdmx, tasks, upload_progress
from stadskennis.indicators.groups import group_create
from stadskennis.indicators.models import AreaGroup, FiguresImportJob, Indicator, Observation
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.tasks import figures_import_run
from stadskennis.indicators.tests.factories import IndicatorFactory, area

pytestmark = pytest.mark.django_db
URL = "/cijfers/importeren/"
HEADER = "indicator,geo,period,value\n"
SDMX_HEADER = ",".join(sdmx.COLUMNS) + "\n"
FLOW = "dataflow,KVS:STAD_IN_CIJFERS(1.0)"
TOO_BIG = "te groot: hoogstens 18 cijfers voor de komma"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def jobs(cast, geography):
    return IndicatorFactory(code="jobs", name="Jobs")


def run(data: bytes, file_format: str = "csv", *, commit: bool = True):
    return observations_import(handle=io.BytesIO(data), file_format=file_format, commit=commit)


def problems(report) -> list[tuple[int, str | None, str]]:
    return [(e.line, e.column, e.message) for e in report.errors]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# H1: one bound for every reader


@pytest.mark.parametrize(
    ("data", "file_format", "column"),
    [
        ((HEADER + "jobs,44021,2021,1000000000000000000000000000000\n").encode(), "csv", "value"),
        ((HEADER + "jobs,44021,2021,1.000.000.000.000.000.000\n").encode(), "csv", "value"),
        ((SDMX_HEADER + f"{FLOW},I,jobs,44021,2021,1E+999999,A,F,\n").encode(), "csv", "OBS_VALUE"),
        (xlsx([["indicator", "geo", "period", "value"], ["jobs", "44021", "2021", 1e30]]), "xlsx", "value"),
    ],
    ids=["csv", "csv-grouped", "sdmx", "xlsx"],
)
def test_a_number_past_the_bound_is_refused_with_its_row_and_nothing_is_written(
    jobs, data, file_format, column
):
    report = run(data, file_format)
    [(line, named, message)] = problems(report)
    assert (line, named) == (2, column) and message.endswith(TOO_BIG)
    assert not report.written and Observation.objects.filter(indicator__code="jobs").count() == 0


def test_the_upload_page_previews_a_too_big_number_as_a_problem_not_as_new(jobs, cast, client_for):
    data = (HEADER + "jobs,44021,2021,1000000000000000000000000000000\n").encode()
    response = client_for(cast["editor"]).post(URL, {"file": SimpleUploadedFile("c.csv", data)})
    page = response.content.decode()
    assert response.status_code == 200 and TOO_BIG in page and "token" not in response.context
    assert response.context["report"].counts.created == 0
    assert client_for(cast["editor"]).get("/cijfers/jobs/").status_code == 200


def test_more_than_six_decimals_are_rounded_alike_in_csv_and_sdmx(jobs):
    csv_data = (HEADER + "jobs,44021,2021,1.1234567\njobs,11002,2021,100000000000000000\n").encode()
    assert run(csv_data).written
    sdmx_data = (SDMX_HEADER + f"{FLOW},I,jobs,41002,2021,1.1234567,A,F,\n").encode()
    assert run(sdmx_data).written
    values = dict(Observation.objects.filter(indicator__code__in=["jobs"]).values_list("area__code", "value"))
    assert values == {"44021": Decimal("1.123457"), "11002": Decimal("100000000000000000"),
                      "41002": Decimal("1.123457")}  # fmt: skip


# H2: a field past csv's limit


def test_a_field_over_128_kb_names_its_line_and_writes_nothing(jobs):
    data = (HEADER + "jobs,44021,2020,5\n" + "jobs,11002,2020," + "9" * 140_000 + "\n").encode()
    report = run(data)
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "veld te lang: een veld mag hoogstens 128 KB tekst hebben")
    ]
    assert not report.written and Observation.objects.filter(indicator__code="jobs").count() == 0
    header = run(("indicator,geo,period,value," + "x" * 140_000 + "\n").encode())
    assert str(header.errors[0]).startswith("regel 1: veld te lang")


def test_in_the_worker_a_too_long_field_is_a_problem_of_its_line(jobs, cast, client_for, monkeypatch):
    monkeypatch.setattr(upload_progress, "BACKGROUND_FROM", {"csv": 1024, "xlsx": 1024})
    editor = client_for(cast["editor"])
    data = (HEADER + "jobs,44021,2020,5\n" + 'jobs,11002,2020,"' + "9" * 140_000 + '"\n').encode()
    token = editor.post(URL, {"file": SimpleUploadedFile("groot.csv", data)})["Location"].split("/")[-2]
    assert figures_import_run.call(FiguresImportJob.objects.get(token=token).pk) == "done"
    report = editor.get(f"{URL}{token}/").context["report"]
    assert [str(e) for e in report.errors] == [
        "regel 3: veld te lang: een veld mag hoogstens 128 KB tekst hebben"
    ]


# M5: the worker's own error stays in the log


def test_a_job_that_breaks_shows_a_fixed_dutch_message_not_the_error(jobs, cast, client_for, monkeypatch):
    monkeypatch.setattr(upload_progress, "BACKGROUND_FROM", {"csv": 1024, "xlsx": 1024})
    editor = client_for(cast["editor"])
    data = (HEADER + "".join(f"jobs,44021,{year},5\n" for year in range(1900, 2000))).encode()
    token = editor.post(URL, {"file": SimpleUploadedFile("groot.csv", data)})["Location"].split("/")[-2]

    def broken(**_kwargs):
        raise RuntimeError("database password=hunter2 at /srv/secret")

    monkeypatch.setattr("stadskennis.indicators.observation_import.observations_import", broken)
    assert figures_import_run.call(FiguresImportJob.objects.get(token=token).pk) == "failed"
    job = FiguresImportJob.objects.get(token=token)
    assert job.report == {"stopped": tasks.STOPPED}
    page = editor.get(f"{URL}{token}/").content.decode()
    assert "hunter2" not in page and "RuntimeError" not in page


# M6: SDMX rows without OBS_STATUS


def test_a_foreign_sdmx_file_s_plain_values_without_status_are_imported(jobs):
    data = (
        SDMX_HEADER
        + f"{FLOW},I,jobs,44021,2021,12.5,,,\n"  # another source: an empty status is a published value
        + f"{FLOW},I,jobs,02000,2021,999,,,\n"  # the Flemish Region, as the platform's export sums it
        + f"{FLOW},I,jobs,11002,2021,7,,,gebied met een lacune\n"  # a computed figure with its note
        + f"{FLOW},I,jobs,centrumsteden,2021,1000,,,\n"  # a group's slug
    ).encode()
    report = run(data)
    assert report.written and report.errors == []
    assert (report.rows, report.skipped, report.counts.created) == (1, 3, 1)
    assert list(
        Observation.objects.filter(indicator__code__in=["jobs"]).values_list("area__code", "value", "status")
    ) == [("44021", Decimal("12.5"), "A")]


def test_a_ratio_s_rows_without_status_are_skipped_as_computed(jobs):
    IndicatorFactory(
        code="aandeel", aggregation="ratio", numerator=jobs, denominator=IndicatorFactory(code="n")
    )
    report = run((SDMX_HEADER + f"{FLOW},I,aandeel,44021,2021,12.5,,,\n").encode())
    assert report.written and (report.rows, report.skipped) == (0, 1)
    assert Observation.objects.filter(indicator__code="jobs").count() == 0


# L7 (a): a bad value is echoed short


def test_a_long_bad_value_is_echoed_cut_to_forty_characters(jobs):
    long = "x" * 500
    report = run((HEADER + f"{long},{long},{long},{long}\n").encode())
    messages = [e.message for e in report.errors]
    assert messages[0] == f"onbekende indicator '{'x' * 39}…'"
    assert all(long[:41] not in m for m in messages) and len(messages) == 3


# L7 (b): a confirmation sent twice


def test_confirming_a_big_file_twice_queues_one_import(jobs, cast, client_for, monkeypatch):
    monkeypatch.setattr(upload_progress, "BACKGROUND_FROM", {"csv": 1024, "xlsx": 1024})
    editor = client_for(cast["editor"])
    data = (HEADER + "".join(f"jobs,44021,{year},5\n" for year in range(1900, 2000))).encode()
    token = editor.post(URL, {"file": SimpleUploadedFile("groot.csv", data)})["Location"].split("/")[-2]
    figures_import_run.call(FiguresImportJob.objects.get(token=token).pk)
    first, second = editor.post(URL, {"token": token}), editor.post(URL, {"token": token})
    assert first["Location"] == second["Location"] == f"{URL}{token}/"
    assert FiguresImportJob.objects.filter(token=token, kind="import").count() == 1


# L7 (c): a slug tells nothing of another's hidden group


def test_a_group_s_slug_does_not_reveal_another_organisation_s_hidden_group(cast, geography):
    gent_members = [area("44021"), area("11002")]
    hidden = group_create(actor=cast["member"], name="Gent geheime groep", description="",
                          visibility="organisation", members=gent_members)  # fmt: skip
    mine = group_create(actor=cast["other_member"], name="Gent geheime groep", description="",
                        visibility="organisation", members=gent_members)  # fmt: skip
    assert hidden.slug == "gent-geheime-groep"  # Gent's own name already starts with its organisation
    assert mine.slug == "antwerpen-gent-geheime-groep"
    again = group_create(actor=cast["other_member"], name="Gent geheime groep", description="",
                         visibility="organisation", members=gent_members)  # fmt: skip
    assert again.slug == "antwerpen-gent-geheime-groep-2"  # numbered past the groups they see


def test_a_slug_held_by_a_hidden_group_gets_a_random_suffix_not_a_number(cast, geography, antwerpen):
    AreaGroup.objects.create(slug="antwerpen-x", name="x", owner=None, visibility="organisation")
    group = group_create(actor=cast["other_member"], name="x", description="", visibility="organisation",
                         members=[area("44021")])  # fmt: skip
    assert group.slug.startswith("antwerpen-x-") and group.slug != "antwerpen-x-2"


# L7 (d): a member's create only creates


def test_a_create_that_races_another_is_refused_and_never_updates_it(
    cast, antwerpen, jobs, client_for, monkeypatch
):
    theirs = IndicatorFactory(
        code="gent-telling", name="Van Antwerpen", owner=antwerpen, visibility="organisation"
    )
    # the form's check passed (the other create came just after it): the service must still refuse
    monkeypatch.setattr(indicator_forms.IndicatorForm, "clean_code", lambda self: self.cleaned_data["code"])
    response = client_for(cast["member"]).post("/cijfers/eigen-datasets/nieuw/", {
        "code": "gent-telling", "name": "Fietstelling Gent", "description": "Ring.", "periodicity": "year",
        "direction": "neutral", "decimals": "0", "aggregation": "sum", "visibility": "organisation",
        "common_definition": "",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Deze code kan niet gebruikt worden; kies een andere." in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.name, theirs.owner, theirs.description) == ("Van Antwerpen", antwerpen, "")


# M3: ratios another city does not share are counted, not named


def test_the_edit_form_counts_a_hidden_ratio_without_naming_it(cast, gent, antwerpen, jobs, client_for):
    part = IndicatorFactory(code="gent-telling", name="Telling", owner=gent, visibility="network")
    IndicatorFactory(code="antwerpen-geheim-ratio", aggregation="ratio", numerator=part, denominator=jobs,
                     owner=antwerpen, visibility="organisation")  # fmt: skip
    IndicatorFactory(code="gent-zichtbaar-ratio", aggregation="ratio", numerator=part, denominator=jobs,
                     owner=gent, visibility="organisation")  # fmt: skip
    response = client_for(cast["member"]).post("/cijfers/eigen-datasets/gent-telling/", {
        "name": "Telling", "description": "", "periodicity": "year", "direction": "neutral", "decimals": "0",
        "aggregation": "none", "visibility": "network", "common_definition": "",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "antwerpen-geheim-ratio" not in page
    assert "gent-zichtbaar-ratio en 1 indicator die je niet kunt zien rekenen met deze indicator" in page
    assert Indicator.objects.get(code="gent-telling").aggregation == "sum"


# M4: a tampered count


def test_a_superscript_count_on_the_similar_page_is_the_default(cast, client):
    response = client.get("/cijfers/vergelijkbaar/", {"aantal": "²", "gemeente": "44021"})
    assert response.status_code == 200


# L8: the group list's queries


def _groups_json_queries(client, count: int, actor) -> int:
    for n in range(count):
        group_create(actor=actor, name=f"Groep {n}", description="", visibility="public",
                     members=[area("44021"), area("11002")])  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cijfers/groepen/", {"formaat": "json"})
    assert len(response.json()["groups"]) >= count
    return len(queries)


def test_the_groups_json_does_not_query_once_per_group(cast, geography, client_for):
    client = client_for(None)
    few = _groups_json_queries(client, 2, cast["editor"])
    many = _groups_json_queries(client, 6, cast["editor"])
    assert few == many
