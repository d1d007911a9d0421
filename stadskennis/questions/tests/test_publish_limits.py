"""The review before publication stays a page one can open and post, whatever was typed into the
answers (issue 13, point 9): answers saved before their length was limited can hold 100 kB built to be
slow, or thousands of addresses. The scan's linear work is tested in test_personal_names.py; here the
page lists a bounded number of passages, says how many more there are, and still publishes."""

from __future__ import annotations

import re

import pytest

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.questions import publish
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.publish import publish_review
from stadskennis.questions.tests.factories import (
    AnswerFactory,
    RecipientFactory,
    RondvraagFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db


def _fingerprint(page: str) -> str:
    return re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)


ADDRESSES = " ".join(f"medewerker{i}@gent.example" for i in range(1_500))  # 43 kB
BUILT_TO_BE_SLOW = "a" * 31_000 + " " + ADDRESSES + " " + "Contacteer Jan Peeters, " * 1_200  # 102 kB


@pytest.fixture
def crowded(cast, centre, gent, antwerpen):
    """Gent's answer (saved before the limit) is 100 kB of one long word, addresses and names; Antwerp
    names one person."""
    round_ = RondvraagFactory(title="Contactpersonen", owner=centre)
    question = SurveyQuestionFactory(
        rondvraag=round_, position=1, text="Wie contacteren we?", kind="long_text"
    )
    for organisation, text, explanation in (
        (gent, BUILT_TO_BE_SLOW, ADDRESSES[:2_000]),
        (antwerpen, "Vraag het Els Wouters.", ""),
    ):
        recipient = RecipientFactory(rondvraag=round_, organisation=organisation, actor=cast["editor"])
        AnswerFactory(recipient=recipient, question=question, value=text, explanation=explanation)
        survey.submit(recipient=recipient, user=cast["editor"])
    return round_


def test_the_review_lists_a_bounded_number_of_passages_and_says_how_many_more(crowded, cast, client_for):
    assert len(BUILT_TO_BE_SLOW) > 100_000
    editor = client_for(cast["editor"])
    page = editor.get(f"/vraagbaak/rondvragen/{crowded.pk}/publiceren/").content.decode()

    review = publish_review(crowded)
    assert len(review.suspects) == 1 + 1_500 + 1_200 + 77  # Antwerp's name; Gent's value and explanation
    boxes = re.findall(r'name="left_out" value="([^"]+)"', page)
    assert len(boxes) == 1 + 20 + 20  # at most 20 per answer, Antwerp's own one among them
    assert "2778 passages om na te kijken, de eerste 41 in de lijst" in page
    assert "Nog 2737 passages staan niet in de lijst" in page
    assert "Gent: Wie contacteren we? — nog 2680 passages" in page
    assert "Gent: Wie contacteren we? (toelichting) — nog 57 passages" in page

    # The form posts (41 boxes, far below Django's 1,000 fields); the published item quotes long
    # answers shortened, so 100 kB of answers fit in one item, and links to the comparison in full.
    response = editor.post(
        f"/vraagbaak/rondvragen/{crowded.pk}/publiceren/",
        {
            "visibility": "network",
            "fingerprint": _fingerprint(page),
            "left_out": boxes,
            "names_confirmed": "on",
        },
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    assert len(item.body) < 100_000
    assert "Lange antwoorden zijn hier ingekort; de vergelijking geeft ze volledig." in item.body
    gent_row = next(line for line in item.body.splitlines() if line.startswith("| Gent |"))
    assert gent_row.endswith(" … |") and len(gent_row) < 1_100
    assert "| Antwerpen | Vraag het \\[weggelaten\\]. |" in item.body  # quoted, never read as Markdown


def test_what_the_editor_confirms_includes_the_passages_not_listed(cast, client_for, centre, gent):
    round_ = RondvraagFactory(title="Contactpersonen", owner=centre)
    question = SurveyQuestionFactory(
        rondvraag=round_, position=1, text="Wie contacteren we?", kind="long_text"
    )
    recipient = RecipientFactory(rondvraag=round_, organisation=gent, actor=cast["editor"])
    AnswerFactory(recipient=recipient, question=question, value=" ".join(ADDRESSES.split()[:30]))
    survey.submit(recipient=recipient, user=cast["editor"])
    editor = client_for(cast["editor"])
    page = editor.get(f"/vraagbaak/rondvragen/{round_.pk}/publiceren/").content.decode()
    boxes = re.findall(r'name="left_out" value="([^"]+)"', page)
    assert len(boxes) == 20 and "Nog 10 passages staan niet in de lijst" in page

    response = editor.post(
        f"/vraagbaak/rondvragen/{round_.pk}/publiceren/",
        {
            "visibility": "network",
            "fingerprint": _fingerprint(page),
            "left_out": boxes,
            "names_confirmed": "on",
        },
    )
    item = KnowledgeItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert "medewerker19@gent.example" not in item.body  # listed, left out
    assert "medewerker20@gent.example" in item.body  # not listed, confirmed


def test_the_review_lists_no_more_than_its_maximum_in_all(crowded, monkeypatch):
    monkeypatch.setattr(publish, "LISTED_MAX", 30)
    review = publish_review(crowded)
    assert len(review.listed) == 30  # Antwerp's 1, then Gent's value 20 and explanation 9
    assert [(u.field, u.count) for u in review.unlisted] == [("value", 2_680), ("explanation", 68)]
    assert review.unlisted_count == len(review.suspects) - 30
