"""A plan's import file checked row by row: every problem named with its line and column, in Dutch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from stadskennis.plans.import_rules import check_rows, columns

STATUSES = {"niet gestart", "lopend", "vertraagd", "gerealiseerd", "geannuleerd"}


def check(*rows, existing=None, existing_levels=None):
    numbered = [(n, row) for n, row in enumerate(rows, start=2)]  # line 1 is the header
    return check_rows(numbered, statuses=STATUSES, existing=existing or {}, existing_levels=existing_levels)


def messages(problems):
    return [str(p) for p in problems]


def test_a_good_file_reads_as_the_city_wrote_it():
    elements, problems = check(
        {"code": "2WWS", "title": "Wonen", "level": "Beleidsdomein"},
        {
            "code": "2WWS01",
            "parent": "2WWS",
            "title": "Betaalbaar wonen",
            "level": "beleidsdoelstelling",
            "priority": "ja",
            "tags": "sdg 11; SDG11.1, leegstand",
        },
        {
            "code": "2WWS0101",
            "parent": "2WWS01",
            "title": "Leegstandsheffing",
            "level": "actie",
            "start": "2026-01-01",
            "end": "31/12/2031",
            "status": "Lopend",
            "progress": "45%",
            "weight": "1,5",
            "exploitation_planned": "€ 1.234.567,89",
            "investment_planned": "250000",
        },
    )
    assert problems == []
    domain, objective, action = elements
    assert (domain.level, objective.level, action.level) == ("domain", "objective", "action")
    assert objective.priority is True and objective.tags == ["SDG 11", "SDG 11.1", "leegstand"]
    assert (action.start, action.end) == (date(2026, 1, 1), date(2031, 12, 31))
    assert (action.status, action.progress, action.weight) == ("lopend", 45, Decimal("1.5"))
    assert action.budgets == {"exploitation_planned": 123456789, "investment_planned": 25000000}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"code": "A1", "title": "x", "progress": "120"},
            "regel 2, kolom 'voortgang': 120 ligt niet tussen 0 en 100%",
        ),
        (
            {"code": "A1", "title": "x", "progress": "bijna klaar"},
            "regel 2, kolom 'voortgang': 'bijna klaar' is geen getal",
        ),
        (
            {"code": "A1", "title": "x", "start": "2026-05-01", "end": "2026-04-30"},
            "regel 2, kolom 'einde': het einde (30/04/2026) ligt voor de start (01/05/2026)",
        ),
        (
            {"code": "A1", "title": "x", "start": "volgend jaar"},
            "regel 2, kolom 'start': 'volgend jaar' is geen datum: schrijf 2026-03-31 of 31/03/2026",
        ),
        (
            {"code": "A1", "title": "x", "status": "half af"},
            "regel 2, kolom 'status': 'half af' is geen status van deze organisatie",
        ),
        ({"code": "A1", "title": ""}, "regel 2, kolom 'titel': verplicht"),
        ({"code": "A 1", "title": "x"}, "regel 2, kolom 'code': 'A 1' is geen code"),
        (
            {"code": "A1", "title": "x", "level": "hoofdstuk"},
            "regel 2, kolom 'niveau': 'hoofdstuk' is geen niveau",
        ),
        ({"code": "A1", "title": "x", "tags": "SDG 18"}, "regel 2, kolom 'tags': 'SDG 18' is geen SDG-doel"),
        (
            {"code": "A1", "title": "x", "priority": "misschien"},
            "regel 2, kolom 'prioritair': 'misschien' is geen ja of nee",
        ),
        (
            {"code": "A1", "title": "x", "weight": "-1"},
            "regel 2, kolom 'gewicht': een gewicht ligt tussen 0 en 1000",
        ),
        (
            {"code": "A1", "title": "x", "investment_planned": "1.000"},
            "regel 2, kolom 'investering gepland': '1.000' is dubbelzinnig",
        ),
    ],
)
def test_each_bad_cell_is_named_and_its_row_not_taken(row, expected):
    elements, problems = check(row)
    assert elements == []
    assert len(problems) == 1 and messages(problems)[0].startswith(expected)


def test_a_duplicate_code_names_the_first_line():
    _elements, problems = check({"code": "A1", "title": "x"}, {"code": "A1", "title": "y"})
    assert messages(problems) == ["regel 3, kolom 'code': code A1 staat al op regel 2"]


def test_a_parent_that_does_not_exist():
    _elements, problems = check({"code": "A1", "title": "x", "parent": "ZZ"})
    assert messages(problems) == ["regel 2, kolom 'bovenliggende code': er is geen element met code ZZ"]


def test_a_parent_stored_before_is_found():
    _elements, problems = check(
        {"code": "A1", "title": "x", "parent": "D1"}, existing={"D1": ""}, existing_levels={"D1": "domain"}
    )
    assert problems == []


def test_a_loop_through_the_file_is_refused():
    _elements, problems = check(
        {"code": "A", "title": "x", "parent": "C", "level": "project"},
        {"code": "B", "title": "x", "parent": "A", "level": "project"},
        {"code": "C", "title": "x", "parent": "B", "level": "project"},
    )
    assert [p.line for p in problems] == [2, 3, 4]
    assert all("bij zichzelf uit" in m for m in messages(problems))


def test_a_loop_through_what_is_stored_is_refused():
    # stored: B under A; the file moves A under B
    _elements, problems = check(
        {"code": "A", "title": "x", "parent": "B", "level": "project"},
        existing={"A": "", "B": "A"},
        existing_levels={"A": "project", "B": "project"},
    )
    assert messages(problems) == ["regel 2, kolom 'bovenliggende code': code A komt via B bij zichzelf uit"]


def test_an_objective_under_an_action_is_refused_but_a_project_may_hang_anywhere():
    _elements, problems = check(
        {"code": "A1", "title": "actie", "level": "actie"},
        {"code": "O1", "title": "doel", "level": "beleidsdoelstelling", "parent": "A1"},
        {"code": "P1", "title": "project", "level": "project", "parent": "A1"},
    )
    assert messages(problems) == [
        "regel 3, kolom 'niveau': een beleidsdoelstelling kan niet onder een actie staan"
    ]


def test_headers_in_dutch_or_english_and_an_unknown_column():
    found, problems = columns(["Code", "Bovenliggende code", "Titel", "Thema's", "Voortgang", "Kleur"])
    assert found == {0: "code", 1: "parent", 2: "title", 3: "themes", 4: "progress"}
    assert [str(p) for p in problems] == ["regel 1, kolom 'Kleur': onbekende kolom"]
    _found, problems = columns(["code", "omschrijving"])
    assert [str(p) for p in problems] == ["regel 1: de kolom 'titel' ontbreekt"]


def test_messages_name_the_column_as_the_file_does():
    _elements, problems = check_rows(
        [(7, {"code": "A1", "title": "x", "progress": "veel"})],
        statuses=STATUSES,
        existing={},
        headers={"progress": "Voortgang"},
    )
    assert [str(p) for p in problems] == ["regel 7, kolom 'Voortgang': 'veel' is geen getal"]


def test_an_amount_too_big_for_the_database_is_refused():
    elements, problems = check({"code": "A1", "title": "x", "investment_planned": "1.000.000.000.000.000"})
    assert elements == [] and messages(problems) == [
        "regel 2, kolom 'investering gepland': een bedrag blijft onder 1.000.000.000.000.000 euro"
    ]


def test_a_known_element_keeps_its_stored_parent_and_level_when_the_file_has_no_such_column():
    elements, problems = check(
        {"code": "A1", "title": "x", "progress": "5"},
        existing={"A1": "D1", "D1": ""},
        existing_levels={"A1": "action", "D1": "domain"},
    )
    assert problems == [] and (elements[0].parent, elements[0].level) == ("D1", "action")
