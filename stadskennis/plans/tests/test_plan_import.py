"""A city's plan imported from the file it keeps, upserted by its codes; a bad file writes nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.plans.models import PlanElement
from stadskennis.plans.services import plan_figures, plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Code;Bovenliggende code;Niveau;Titel;Status;Voortgang;Gewicht;Eigenaar;Thema's;Exploitatie gepland\n"
)


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
def plan():
    return PlanFactory()


def test_a_plan_from_its_csv_with_parents_statuses_and_figures(plan):
    owner = UserFactory(email="schepen.wonen@gent.example", organisation=plan.owner)
    ThemeFactory(slug="wonen", name="Wonen")
    report = plan_import(
        plan=plan,
        name="plan.csv",
        data=csv(
            "2WWS;;beleidsdomein;Wonen;;;;;wonen;",
            "2WWS01;2WWS;beleidsdoelstelling;Betaalbaar wonen;;;;;;",
            "2WWS0101;2WWS01;actie;Leegstandsheffing;lopend;40;2;schepen.wonen@gent.example;Wonen;1.250,50",
            "2WWS0102;2WWS01;actie;Conceptzorg;gerealiseerd;;;;;",
            "2WWS0103;2WWS01;actie;Schrappen;geannuleerd;;;;;",
        ),
        actor=owner,
    )
    assert report.problems == [] and report.written
    assert (report.created, report.updated) == (5, 0)
    action = PlanElement.objects.get(plan=plan, code="2WWS0101")
    assert action.parent.code == "2WWS01" and action.parent.parent.code == "2WWS"
    assert (action.status.name, action.progress, action.owner) == ("lopend", 40, owner)
    assert action.exploitation_planned == 125050  # euro cents
    assert [t.slug for t in action.themes.all()] == ["wonen"]
    figures = plan_figures(plan)
    assert figures["2WWS01"].percent == 60  # (40 × 2 + 100 × 1) / 3; the cancelled one left out
    assert figures["2WWS01"].excluded == ["2WWS0103"]
    assert figures["2WWS"].percent == 60
    assert AuditEntry.objects.filter(action="import").count() == 5


def test_importing_again_updates_by_code_and_moves_an_element(plan):
    first = csv("D1;;beleidsdomein;Eén;;;;;;", "D2;;beleidsdomein;Twee;;;;;;", "A1;D1;actie;Actie;;10;;;;")
    plan_import(plan=plan, name="plan.csv", data=first, actor=None)
    report = plan_import(
        plan=plan, name="plan.csv", data=csv("A1;D2;actie;Actie, herdoopt;;70;;;;"), actor=None
    )
    assert (report.created, report.updated) == (0, 1)
    action = PlanElement.objects.get(plan=plan, code="A1")
    assert (action.title, action.progress, action.parent.code) == ("Actie, herdoopt", 70, "D2")
    assert PlanElement.objects.filter(plan=plan).count() == 3


def test_one_bad_row_writes_nothing_and_every_problem_is_named(plan):
    report = plan_import(
        plan=plan,
        name="plan.csv",
        data=csv(
            "D1;;beleidsdomein;Goed;;;;;;",
            "A1;D1;actie;Te veel;;120;;;;",
            "A2;ZZ;actie;Zonder ouder;;;;;;",
            "A3;D1;actie;Niemand;;;;nobody@nowhere.example;;",
            "A4;D1;actie;Thema;;;;;bestaat niet;",
        ),
        actor=None,
    )
    assert not report.written
    assert [str(p) for p in report.problems] == [
        "regel 3, kolom 'Voortgang': 120 ligt niet tussen 0 en 100%",
        "regel 4, kolom 'Bovenliggende code': er is geen element met code ZZ",
        f"regel 5, kolom 'Eigenaar': niemand van {plan.owner.display_name} met e-mailadres "
        "nobody@nowhere.example",
        "regel 6, kolom 'Thema's': geen thema 'bestaat niet'",
    ]
    assert PlanElement.objects.count() == 0


def test_a_preview_writes_nothing(plan):
    report = plan_import(
        plan=plan, name="plan.csv", data=csv("D1;;beleidsdomein;Eén;;;;;;"), actor=None, dry_run=True
    )
    assert report.problems == [] and [e.code for e in report.elements] == ["D1"] and not report.written
    assert PlanElement.objects.count() == 0


def test_an_excel_file_keeps_its_dates_and_numbers(plan):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "titel", "start", "einde", "voortgang", "investering gepland"])
    sheet.append(["P1", "Project", datetime(2026, 3, 1), date(2027, 6, 30), 45, 1234.5])
    data = io.BytesIO()
    book.save(data)
    report = plan_import(plan=plan, name="plan.xlsx", data=data.getvalue(), actor=None)
    assert report.problems == []
    project = PlanElement.objects.get(plan=plan, code="P1")
    assert (project.start, project.end, project.progress, project.investment_planned) == (
        date(2026, 3, 1),
        date(2027, 6, 30),
        45,
        123450,
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", b"%PDF", "Laad een CSV- of XLSX-bestand op."),
        ("plan.xlsx", b"not a zip", "Dit is geen leesbaar Excel-bestand (.xlsx)."),
        ("plan.csv", b"", "het bestand is leeg"),
        ("plan.csv", b"Code;Titel;Kleur\nA;b;rood\n", "regel 1, kolom 'Kleur': onbekende kolom"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(plan, name, data, message):
    report = plan_import(plan=plan, name=name, data=data, actor=None)
    assert message in [p.message if p.line == 0 else str(p) for p in report.problems]
    assert PlanElement.objects.count() == 0


def test_a_file_of_codes_and_progress_changes_progress_only(plan):
    owner = UserFactory(email="eigenaar@gent.example", organisation=plan.owner)
    full = csv(
        "D1;;beleidsdomein;Domein;;;;;;",
        "A1;D1;actie;Actie;lopend;10;3;Eigenaar@Gent.example;;1.000,00",
    )
    assert plan_import(plan=plan, name="plan.csv", data=full, actor=None).written
    update = b"Code;Titel;Voortgang\nA1;Actie;55\n"
    assert plan_import(plan=plan, name="plan.csv", data=update, actor=None).written
    action = PlanElement.objects.get(plan=plan, code="A1")
    assert action.progress == 55
    assert (action.parent.code, action.level, action.status.name, action.owner) == (
        "D1",
        "action",
        "lopend",
        owner,
    )
    assert (action.weight, action.exploitation_planned) == (3, 100000)


def test_an_owner_must_be_one_of_the_plans_own_organisation(plan):
    UserFactory(email="iemand@elders.example")  # of another organisation
    report = plan_import(
        plan=plan, name="plan.csv", data=csv("A1;;actie;Actie;;;;iemand@elders.example;;"), actor=None
    )
    assert [p.message for p in report.problems] == [
        f"niemand van {plan.owner.display_name} met e-mailadres iemand@elders.example"
    ]


def test_an_excel_percentage_is_read_as_the_percentage_people_see(plan):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "titel", "voortgang"])
    sheet.append(["A1", "Actie", 0.45])
    sheet.append(["A2", "Actie", 1])
    for row in (2, 3):
        sheet.cell(row=row, column=3).number_format = "0%"
    data = io.BytesIO()
    book.save(data)
    assert plan_import(plan=plan, name="plan.xlsx", data=data.getvalue(), actor=None).written
    assert dict(PlanElement.objects.filter(plan=plan).values_list("code", "progress")) == {
        "A1": 45,
        "A2": 100,
    }
