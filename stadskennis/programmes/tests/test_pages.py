"""The Werking's pages: programme lines as living pages with their twins, money for staff only, the
import through its preview, public accounts once approved with a Fiscal Data Package, and the work
programme through the year."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stadskennis.core.models import Organisation, ProgrammeLine
from stadskennis.core.reference import reference_load
from stadskennis.events.tests.factories import make_event
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import WorkgroupFactory
from stadskennis.programmes.models import (
    BudgetLine,
    LedgerEntry,
    PlannedActivity,
    WorkProgramme,
    YearAccounts,
)
from stadskennis.programmes.services import record_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(cast):
    reference_load()
    obmi = {line.period.name: line for line in ProgrammeLine.objects.filter(name__startswith="O(mgeving)")}
    return obmi


def test_the_overview_shows_every_period_with_its_lines_and_sub_programmes(lines, client):
    page = client.get("/werking/").content.decode()
    for period in ["2007–2011", "2012–2016", "2017–2021", "2022–2026"]:
        assert f"Samenwerkingsperiode {period}" in page
    assert "Stad in cijfers" in page and "VLOCA" in page
    data = client.get("/werking/?formaat=json").json()
    vloca = next(line for line in data["programme_lines"] if line["name"] == "VLOCA")
    smart = next(line for line in data["programme_lines"] if line["id"] == vloca["part_of"])
    assert (smart["name"], smart["period"]) == ("Smart Cities", "2022–2026")


def test_a_continued_line_keeps_its_history(lines, cast, client, gent):
    assert lines["2022–2026"].continues == lines["2017–2021"]
    assert lines["2017–2021"].continues.name == "Demografie en capaciteit - dataverzameling"
    old = WorkgroupFactory(name="Werkgroep OBMI 2019", programme_line=lines["2017–2021"])
    old.created_at = timezone.make_aware(timezone.datetime(2019, 3, 1))
    old.save(update_fields=["created_at"])
    WorkgroupFactory(
        name="Werkgroep Datawarehouse",
        programme_line=ProgrammeLine.objects.get(name="Datawarehouse", period__name="2022–2026"),
    )
    page = client.get(f"/werking/programma/{lines['2022–2026'].pk}/").content.decode()
    assert "Werkgroep OBMI 2019" in page  # the earlier period's line
    assert "Werkgroep Datawarehouse" in page  # a sub-programme
    per_year = client.get(f"/werking/programma/{lines['2022–2026'].pk}/?formaat=json").json()["per_year"]
    assert {
        "year": 2019,
        "workgroups": 1,
        "meetings": 0,
        "events": 0,
        "rounds": 0,
        "items": 0,
        "newsletter": 0,
    } in per_year
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/werking/programma/{lines['2022–2026'].pk}/?formaat=csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert {
        "year": "2019",
        "workgroups": "1",
        "meetings": "0",
        "events": "0",
        "rounds": "0",
        "items": "0",
        "newsletter": "0",
    } in rows


def test_a_line_counts_only_what_the_viewer_may_open(lines, cast, client_for, gent, antwerpen):
    line = lines["2022–2026"]
    KnowledgeItemFactory(title="Publieke OBMI-praktijk", owner=gent, visibility="public", programme_line=line)
    KnowledgeItemFactory(
        title="Gentse interne nota", owner=gent, visibility="organisation", programme_line=line
    )
    make_event(owner=gent, title="Studiedag datawarehouse", programme_line=line, visibility="network")
    counts = {
        who: client_for(cast[who]).get(f"/werking/programma/{line.pk}/?formaat=json").json()["counts"]
        for who in ("anonymous", "member", "other_member", "editor")
    }
    assert [counts[who]["items"] for who in ("anonymous", "member", "other_member", "editor")] == [1, 2, 1, 2]
    assert [counts[who]["events"] for who in ("anonymous", "member", "other_member", "editor")] == [
        0,
        1,
        1,
        1,
    ]
    page = client_for(cast["other_member"]).get(f"/werking/programma/{line.pk}/").content.decode()
    assert "Publieke OBMI-praktijk" in page and "Gentse interne nota" not in page
    page = client_for(cast["member"]).get(f"/werking/programma/{line.pk}/").content.decode()
    assert page.index("Gentse interne nota") < page.index("Publieke OBMI-praktijk")  # newest first


def test_a_line_lists_its_newest_items_first_and_no_more_than_its_limit(lines, gent, client):
    from datetime import UTC, datetime

    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.programmes.activity import LIST_LIMIT

    line = lines["2022–2026"]
    for n in range(LIST_LIMIT + 2):
        item = KnowledgeItemFactory(
            title=f"Item nummer {n:02d}", owner=gent, visibility="public", programme_line=line
        )
        KnowledgeItem.objects.filter(pk=item.pk).update(created_at=datetime(2023, 1, 1 + n, 12, tzinfo=UTC))
    page = client.get(f"/werking/programma/{line.pk}/").content.decode()
    shown = [n for n in range(LIST_LIMIT + 2) if f"Item nummer {n:02d}" in page]
    assert shown == list(range(2, LIST_LIMIT + 2))
    assert page.index(f"Item nummer {LIST_LIMIT + 1:02d}") < page.index("Item nummer 02")


@pytest.mark.parametrize(
    "path",
    [
        "/werking/geld/2019/",
        "/werking/geld/2019/importeren/",
        "/werking/geld/2019/wijzigingen/",
        "/werking/geld/2019/rekening/",
        "/werking/werkprogramma/2019/",
        "/werking/geld/2019/begroting/nieuw/",
    ],
)
def test_money_and_the_work_programme_are_for_centre_staff(lines, cast, client_for, path):
    assert client_for(None).get(path).status_code == 302  # to the login
    assert client_for(cast["member"]).get(path).status_code == 403
    assert client_for(cast["editor"]).get(path).status_code == 200


def test_a_year_outside_every_period_has_no_books(lines, cast, client_for):
    assert client_for(cast["editor"]).get("/werking/geld/1999/").status_code == 404


EXPORT = "\n".join(
    [
        "Boekdatum;Rekening;Omschrijving;Bedrag;Kostenplaats",
        "15/01/2019;6200;Loon januari;18.250,00;KP-KVS",
        "31/03/2019;7400;Lidgeld Gent;24.000,00;KP-KVS",
    ]
).encode()


def test_the_import_previews_then_writes_on_confirmation(lines, cast, client_for):
    editor = client_for(cast["editor"])
    response = editor.post(
        "/werking/geld/2019/importeren/",
        {
            "file": SimpleUploadedFile("kp.csv", EXPORT),
            "decimal_separator": ",",
            "cost_centre": "",
            "control_total": "42.250,00",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 boekingen zijn klaar om te importeren" in page
    assert LedgerEntry.objects.count() == 0  # a preview writes nothing
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = editor.post("/werking/geld/2019/importeren/controleren/", {**data, "action": "import"})
    assert response.status_code == 302
    assert sorted(LedgerEntry.objects.values_list("amount_cents", flat=True)) == [1_825_000, 2_400_000]
    again = editor.post("/werking/geld/2019/importeren/controleren/", {**data, "action": "import"})
    assert LedgerEntry.objects.count() == 2  # the ticket is used up, or the rows are duplicates
    assert again.status_code in (302, 400)
    assert "1.825.000" not in editor.get("/werking/geld/2019/").content.decode()
    assert "18.250,00" in editor.get("/werking/geld/2019/").content.decode()


def test_an_import_with_a_wrong_row_shows_the_row_and_writes_nothing(lines, cast, client_for):
    bad = EXPORT + b"\n15/02/2019;6100;Koffie;12.50;KP-KVS"
    response = client_for(cast["editor"]).post(
        "/werking/geld/2019/importeren/",
        {"file": SimpleUploadedFile("kp.csv", bad), "decimal_separator": ","},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rij 4" in page and "verkeerde decimaalteken" in page
    assert "Deze boekingen importeren" not in page
    assert LedgerEntry.objects.count() == 0


def test_the_money_page_warns_when_fees_bring_less_than_two_thirds(lines, cast, client_for):
    gent = Organisation.objects.get(slug="gent")
    record_save(
        obj=BudgetLine(),
        values={"year": 2019, "kind": "fee", "organisation": gent, "amount_cents": 100},
        actor=cast["editor"],
    )
    page = client_for(cast["editor"]).get("/werking/geld/2019/").content.decode()
    assert "minstens twee derde" in page and "minder dan twee derde" not in page
    record_save(
        obj=BudgetLine(), values={"year": 2019, "kind": "subsidy", "amount_cents": 51}, actor=cast["editor"]
    )
    page = client_for(cast["editor"]).get("/werking/geld/2019/").content.decode()
    assert "onder twee derde" in page and "De lidgelden brengen minder dan twee derde" in page


def test_accounts_are_public_once_approved_with_their_data_and_fiscal_package(lines, cast, client_for):
    record_save(
        obj=LedgerEntry(),
        actor=cast["editor"],
        values={
            "year": 2019,
            "booked_on": date(2019, 3, 1),
            "account_code": "7400",
            "description": "Lidgeld",
            "amount_cents": 37_172_419,
            "cost_centre": "KP",
            "kind": "other_income",
        },
    )
    anonymous, editor = client_for(None), client_for(cast["editor"])
    assert anonymous.get("/werking/rekeningen/2019/").status_code == 404
    assert anonymous.get("/werking/rekeningen/2019/datapackage.json").status_code == 404
    response = editor.post(
        "/werking/geld/2019/rekening/", {"approved_on": "2020-06-15", "approved_by_body": "beheerscomité"}
    )
    assert response.status_code == 302
    data = anonymous.get("/werking/rekeningen/2019/?formaat=json").json()
    assert data["income"]["actual"] == "371724.19"
    assert data["approved_on"] == "2020-06-15"
    package = anonymous.get("/werking/rekeningen/2019/datapackage.json").json()
    assert package["profile"] == "fiscal-data-package"
    assert package["model"]["measures"]["actual"] == {
        "source": "actual",
        "currency": "EUR",
        "phase": "executed",
    }
    rows = list(
        csv.DictReader(
            io.StringIO(anonymous.get(package["resources"][0]["path"]).content.decode("utf-8-sig"))
        )
    )
    assert {"kind": "other_income", "actual": "371724.19"}.items() <= next(
        r for r in rows if r["kind"] == "other_income"
    ).items()
    assert "371.724,19" in anonymous.get("/werking/rekeningen/2019/").content.decode()
    editor.post("/werking/geld/2019/rekening/intrekken/")
    assert anonymous.get("/werking/rekeningen/2019/").status_code == 404
    assert YearAccounts.objects.get(year=2019).withdrawn_at is not None


def test_the_work_programme_through_the_year(lines, cast, client_for):
    editor = client_for(cast["editor"])
    editor.post("/werking/werkprogramma/2019/")
    programme = WorkProgramme.objects.get(year=2019)
    response = editor.post(
        "/werking/werkprogramma/2019/nieuw/",
        {
            "programme_line": lines["2017–2021"].pk,
            "title": "Workshops meerjarenplanning",
            "owner": cast["editor"].pk,
            "starts_in": "3",
            "ends_in": "6",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    editor.post(
        "/werking/werkprogramma/2019/nieuw/",
        {
            "programme_line": lines["2017–2021"].pk,
            "title": "Studiereis Eindhoven",
            "starts_in": "9",
            "ends_in": "9",
            "status": "done",
        },
    )
    wrong = editor.post(
        "/werking/werkprogramma/2019/nieuw/",
        {
            "programme_line": lines["2017–2021"].pk,
            "title": "Omgekeerd",
            "starts_in": "9",
            "ends_in": "3",
            "status": "planned",
        },
    )
    assert wrong.status_code == 400
    assert programme.activities.count() == 2
    editor.post(
        "/werking/werkprogramma/2019/beoordeling/", {"reviewed_on": "2019-02-20", "review_note": "Goed."}
    )
    page = editor.get("/werking/werkprogramma/2019/").content.decode()
    assert "1 van 2 geplande activiteiten gedaan" in page
    assert "Gepland maar niet gedaan" in page  # 2019 is over
    assert "Workshops meerjarenplanning" in page.split("Gepland maar niet gedaan")[1]
    assert "Studiereis Eindhoven" not in page.split("Gepland maar niet gedaan")[1]
    assert "Besproken door het dagelijks bestuur op 20 februari 2019" in page
    assert PlannedActivity.objects.get(title="Studiereis Eindhoven").status == "done"


def test_a_line_counts_by_the_year_of_brussels_not_of_utc(lines, client, gent):
    """Half past midnight on New Year's Day in Brussels is still 31 December in UTC."""
    from datetime import UTC, datetime

    from stadskennis.knowledge.models import KnowledgeItem

    line = lines["2017–2021"]
    new_year = KnowledgeItemFactory(owner=gent, visibility="public", programme_line=line)
    old_year = KnowledgeItemFactory(owner=gent, visibility="public", programme_line=line)
    KnowledgeItem.objects.filter(pk=new_year.pk).update(created_at=datetime(2019, 12, 31, 23, 30, tzinfo=UTC))
    KnowledgeItem.objects.filter(pk=old_year.pk).update(created_at=datetime(2019, 12, 31, 22, 30, tzinfo=UTC))
    per_year = {
        row["year"]: row["items"]
        for row in client.get(f"/werking/programma/{line.pk}/?formaat=json").json()["per_year"]
    }
    assert per_year == {2019: 1, 2020: 1}


def test_a_line_counts_by_the_year_of_a_zone_west_of_greenwich_and_of_any_century(lines, gent):
    """West of Greenwich New Year comes after UTC's: three in the morning UTC on 1 January is still
    the old year in New York. Moments far from today (an archive's 1850 report) get their own year."""
    from datetime import UTC, datetime

    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.programmes.activity import activity_of

    line = lines["2017–2021"]
    moments = {
        "late": datetime(2020, 1, 1, 3, 0, tzinfo=UTC),
        "new": datetime(2020, 1, 1, 5, 30, tzinfo=UTC),
        "archive": datetime(1850, 6, 1, 12, 0, tzinfo=UTC),
        "far": datetime(2250, 6, 1, 12, 0, tzinfo=UTC),
    }
    for moment in moments.values():
        item = KnowledgeItemFactory(owner=gent, visibility="public", programme_line=line)
        KnowledgeItem.objects.filter(pk=item.pk).update(created_at=moment)
    with timezone.override("America/New_York"):
        years = {year: counts[4] for year, counts in activity_of(None, [line], limit=0).years}
    assert years == {1850: 1, 2019: 1, 2020: 1, 2250: 1}
