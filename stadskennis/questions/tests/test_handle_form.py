"""The editor's handling form: its due date survives a re-save, and its pickers of experts and related
items post, save, and search without JavaScript (issue 13, points 3 and 13)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from stadskennis.core.tests.form_walker import browser_submission
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions.forms import HandleForm
from stadskennis.questions.tests.factories import QuestionFactory, RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(cast):
    return QuestionFactory(asker=cast["member"], title="Hoe zit het met leegstand?")


def handle_url(question) -> str:
    return f"/vraagbaak/vragen/{question.pk}/behandelen/"


def checked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*\bchecked', html))


def offered(html: str, name: str) -> set[str]:
    return set(re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', html))


def test_re_saving_the_handling_form_keeps_the_due_date(question, cast, client_for):
    editor = client_for(cast["editor"])
    editor.post(handle_url(question), {"status": "in_progress", "due_date": "2026-12-15"})
    question.refresh_from_db()
    assert question.due_date == date(2026, 12, 15)

    # The editor opens the question again and saves without touching the date, as a browser posts it
    # (a date field posts nothing but an ISO date: it would have sent 15-12-2026 back empty).
    page = editor.get(question.get_absolute_url()).content.decode()
    posted = browser_submission(page, "/behandelen/")
    assert posted["due_date"] == ["2026-12-15"]
    editor.post(handle_url(question), posted)
    question.refresh_from_db()
    assert question.due_date == date(2026, 12, 15)


def test_the_pickers_post_and_save_experts_and_related_items(question, cast, client_for, gent):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent)
    PersonFactory(first_name="Bo", last_name="Claes", organisation=gent)
    item = KnowledgeItemFactory(title="Leegstandsheffing", owner=gent)
    editor = client_for(cast["editor"])
    page = editor.get(question.get_absolute_url()).content.decode()
    assert str(an.pk) in offered(page, "experts") and str(item.pk) in offered(page, "items")

    response = editor.post(
        handle_url(question), {"status": "in_progress", "experts": [an.pk], "items": [item.pk]}
    )
    assert response.status_code == 302
    assert list(question.experts.all()) == [an] and list(question.items.all()) == [item]
    page = editor.get(question.get_absolute_url()).content.decode()
    assert checked(page, "experts") == {str(an.pk)} and checked(page, "items") == {str(item.pk)}


@pytest.fixture
def many_items(gent, monkeypatch):
    """More items than the picker lists at once (its limit is lowered to 3 for the test)."""
    monkeypatch.setattr(HandleForm.base_fields["items"].widget, "limit", 3)
    return [KnowledgeItemFactory(title=title, owner=gent) for title in (
        "Leegstandsheffing winkels", "Parkeren in de binnenstad", "Parkeerbeleid en deelauto's",
        "Deelsteps", "Kerken herbestemmen",
    )]  # fmt: skip


def test_a_picker_search_without_javascript_narrows_keeps_choices_and_saves_nothing(
    question, cast, client_for, many_items
):
    heffing, parkeren, parkeerbeleid, _steps, _kerken = many_items
    editor = client_for(cast["editor"])
    page = editor.get(question.get_absolute_url()).content.decode()
    assert len(offered(page, "items")) == 3 and "Zoek om de andere te vinden" in page

    search = {"items-zoek": "parke", "items-gezocht": "", "kiezer": "items"}
    response = editor.post(handle_url(question), {"status": "closed", "items": [heffing.pk], **search})
    page = response.content.decode()
    assert response.status_code == 200
    assert offered(page, "items") == {str(heffing.pk), str(parkeren.pk), str(parkeerbeleid.pk)}
    assert checked(page, "items") == {str(heffing.pk)}  # the choice made before the search is kept
    assert "2 gevonden voor “parke”" in page
    assert 'value="parke"' in page and "autofocus" in page  # back in the search box
    assert "error-summary" not in page
    question.refresh_from_db()
    assert question.status == "new" and not question.items.exists()  # a search saves nothing


def test_enter_in_a_picker_search_box_searches_and_an_unchanged_box_saves(
    question, cast, client_for, many_items
):
    """Enter submits through the form's first button; new words in the box make it a search."""
    editor = client_for(cast["editor"])
    typed = {"status": "closed", "items-zoek": "kerken", "items-gezocht": ""}
    response = editor.post(handle_url(question), typed)
    assert response.status_code == 200 and 'value="kerken"' in response.content.decode()
    question.refresh_from_db()
    assert question.status == "new"

    kerken = many_items[-1]
    response = editor.post(handle_url(question), {
        "status": "closed", "items": [kerken.pk], "items-zoek": "kerken", "items-gezocht": "kerken",
    })  # fmt: skip
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "closed" and list(question.items.all()) == [kerken]


def test_the_comparison_filters_are_checkbox_lists_that_still_filter(cast, client_for, gent, antwerpen):
    rondvraag = RondvraagFactory(sent_to=[gent, antwerpen])
    first = SurveyQuestionFactory(rondvraag=rondvraag, text="Hoeveel leegstaande panden?")
    second = SurveyQuestionFactory(rondvraag=rondvraag, text="Welke heffing?")
    url = f"/vraagbaak/rondvragen/{rondvraag.pk}/vergelijking/"
    page = client_for(cast["editor"]).get(url, {"vraag": [second.pk]}).content.decode()
    assert not re.search(r"<select\b[^>]*\bmultiple", page)
    assert checked(page, "vraag") == {str(second.pk)}
    assert offered(page, "vraag") == {str(first.pk), str(second.pk)}
    assert offered(page, "org") == {str(gent.pk), str(antwerpen.pk)}
    table = page[page.index("<table") :]
    assert "Welke heffing?" in table and "Hoeveel leegstaande panden?" not in table
