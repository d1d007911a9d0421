"""Publishing a survey comparison in real Chromium, as the editor: the review (few answers, a name
typed into an answer, themes), then the published item and its comparison as a member reads them,
each free of axe-core violations and of low-contrast buttons and links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "lid.gent@stadskennis.example"
EDITOR = "redacteur@stadskennis.example"


@pytest.fixture
def demo_round(db):
    """The demo's GDPR round (Antwerp answered, Gent and Mechelen not), with a free-text question
    whose answer names someone."""
    from stadskennis.questions import rondvraag as survey
    from stadskennis.questions.models import Recipient, Rondvraag
    from stadskennis.questions.tests.factories import AnswerFactory, SurveyQuestionFactory

    demo_load()
    rondvraag = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    question = SurveyQuestionFactory(rondvraag=rondvraag, position=9, text="Wie houdt het register bij?")
    antwerp = Recipient.objects.get(rondvraag=rondvraag, organisation__slug="antwerpen")
    AnswerFactory(
        recipient=antwerp, question=question, value="De dienst informatieveiligheid; contact: Jan Peeters."
    )
    survey.close(rondvraag=rondvraag, actor=None)
    return rondvraag


def _clean(v) -> None:
    assert v.axe_violations() == [], v.page.url
    assert v.low_contrast_controls() == [], v.page.url


def test_an_editor_reviews_and_publishes_a_comparison_a_member_can_trust(visit, demo_round, tmp_path):
    from stadskennis.knowledge.models import KnowledgeItem

    v = visit()
    v.login(EDITOR, DEMO_PASSWORD)
    v.page.goto(demo_round.get_absolute_url())
    v.click("text=Nakijken en publiceren")
    assert "1 van de 3 uitgenodigde organisaties heeft geantwoord." in v.page.inner_text("main")
    assert "Jan Peeters" in v.page.inner_text("main mark")
    _clean(v)
    v.page.screenshot(path=str(tmp_path / "vergelijking-nakijken.png"), full_page=True)

    v.click("main button[type=submit]")  # nothing confirmed yet: the review comes back with why
    summary = v.page.inner_text(".error-summary")
    assert "minder dan de helft" in summary.lower() and "personen" in summary
    v.page.get_by_label("Toch publiceren, met minder dan de helft van de antwoorden").check()
    v.page.check("#left-out-1")
    v.page.get_by_label("GDPR en gegevensbescherming").check()
    v.click("main button[type=submit]")

    item = KnowledgeItem.objects.get(title__contains="Stand van het GDPR")
    v.page.wait_for_url(f"**{item.get_absolute_url()}")
    facts = v.page.inner_text(".item-facts")
    assert "GDPR en gegevensbescherming" in facts
    assert "Antwerpen" in facts and "Gent" not in facts and "Mechelen" not in facts
    text = v.page.inner_text("main")
    assert "Jan Peeters" not in text and "contact: [weggelaten]" in text
    assert "Totaal van de 1 antwoordende organisatie: 412 verwerkingen" in text
    assert "**" not in text
    _clean(v)
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(target / "vergelijking-gepubliceerd.png"), full_page=True)

    member = visit()
    member.login(MEMBER, DEMO_PASSWORD)
    member.page.goto(item.get_absolute_url())
    with member.page.expect_download() as download:  # a link back to the data, from the item
        member.click("text=Downloaden als CSV")
    assert "Stad Antwerpen" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    member.page.goto(item.get_absolute_url())
    member.click("text=De vergelijking per organisatie")
    assert "Totaal van de 1 antwoordende organisatie" in member.page.inner_text("main")
    assert "Jan Peeters" not in member.page.inner_text("main")
    _clean(member)
    assert v.foreign_requests() == [] and member.foreign_requests() == []
