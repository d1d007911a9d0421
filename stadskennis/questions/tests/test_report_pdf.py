"""The report as PDF: numbered pages, and a question's heading, counts and chart never left at the
bottom of a page while its table starts on the next."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.comparison import compare
from stadskennis.questions.report_pdf import report_pdf
from stadskennis.questions.tests.factories import (
    AnswerFactory,
    RecipientFactory,
    RondvraagFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("Vraag A over het register?", "yes_no", "", lambda i: "yes" if i % 3 else "no"),
    (
        "Vraag B over de tool?",
        "single_choice",
        "Eigen toepassing\nSpreadsheet\nAndere",
        lambda i: "Spreadsheet",
    ),
    ("Vraag C over het aantal?", "number", "", lambda i: 100 + i),
    (
        "Vraag D over de aanpak?",
        "short_text",
        "",
        lambda i: f"Aanpak van stad {i} met een wat langere uitleg.",
    ),
]


@pytest.fixture
def comparison(cast, centre):
    """Fourteen organisations answered four questions: each table about a third of a page."""
    rondvraag = RondvraagFactory(title="Registers in de steden", owner=centre)
    questions = [
        SurveyQuestionFactory(rondvraag=rondvraag, position=n, text=text, kind=kind, choices=choices)
        for n, (text, kind, choices, _value) in enumerate(QUESTIONS, start=1)
    ]
    for i in range(14):
        recipient = RecipientFactory(
            rondvraag=rondvraag, organisation=OrganisationFactory(), actor=cast["editor"]
        )
        for question, (*_rest, value) in zip(questions, QUESTIONS, strict=True):
            AnswerFactory(recipient=recipient, question=question, value=value(i))
        assert survey.submit(recipient=recipient, user=cast["editor"]) == []
    return compare(rondvraag)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_says_its_number_and_the_total(comparison):
    comparison.rondvraag.introduction = "\n\n".join(f"Alinea {n} van de inleiding." for n in range(40))
    pages = _pages(report_pdf(comparison))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in text


def test_a_heading_and_its_chart_stay_with_their_table_wherever_the_page_breaks(comparison):
    """The introduction grows a paragraph at a time, so every question's block meets the foot of a
    page at every height; on each page, the last heading is followed by its table's header row."""
    headings = [text for text, *_rest in QUESTIONS]
    for paragraphs in range(0, 48, 2):
        comparison.rondvraag.introduction = "\n\n".join(f"Alinea {n}." for n in range(paragraphs))
        for number, text in enumerate(_pages(report_pdf(comparison)), start=1):
            found = [text.rfind(h) for h in headings if h in text]
            if found:
                last = max(found)
                assert "Organisatie" in text[last:], (paragraphs, number, text[last:])
