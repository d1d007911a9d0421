"""A published survey comparison people can trust (issue 13, point 9): the round's themes and only the
organisations that answered, Markdown rendered, links back to the data and the question, a warning
when few answered, totals that say what they total, and no personal names without the editor's word."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import AnswerVersion, Rondvraag
from stadskennis.questions.publish import PublishRefused, publish_review
from stadskennis.questions.tests.factories import (
    AnswerFactory,
    QuestionFactory,
    RecipientFactory,
    RondvraagFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mechelen(db):
    return OrganisationFactory(slug="mechelen", name="Stad Mechelen", short_name="Mechelen")


@pytest.fixture
def round_(centre):
    r = RondvraagFactory(title="GDPR-register in de steden", owner=centre, visibility="organisation")
    SurveyQuestionFactory(rondvraag=r, position=1, text="Heeft je stad een register?", kind="yes_no")
    SurveyQuestionFactory(rondvraag=r, position=2, text="Aantal verwerkingen", kind="number", unit="stuks")
    SurveyQuestionFactory(rondvraag=r, position=3, text="Wie beheert het?", kind="short_text")
    return r


def _answer(round_, organisation, editor, *, yes="yes", number=None, who="De dienst informatiebeheer.",
            explanation="", submit=True):  # fmt: skip
    recipient = RecipientFactory(rondvraag=round_, organisation=organisation, actor=editor)
    q1, q2, q3 = round_.questions.all()
    AnswerFactory(recipient=recipient, question=q1, value=yes)
    if number is not None:
        AnswerFactory(recipient=recipient, question=q2, value=number)
    AnswerFactory(recipient=recipient, question=q3, value=who, explanation=explanation)
    if submit:
        assert survey.submit(recipient=recipient, user=editor) == []
    return recipient


def _review_page(client, round_):
    response = client.get(f"/vraagbaak/rondvragen/{round_.pk}/publiceren/")
    assert response.status_code == 200
    return response


def _publish(client, round_, **data):
    """The review page, then its form posted as the editor filled it in."""
    fingerprint = _review_page(client, round_).context["form"]["fingerprint"].value()
    return client.post(
        f"/vraagbaak/rondvragen/{round_.pk}/publiceren/",
        {"visibility": "network", "fingerprint": fingerprint, **data},
    )


def _pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# --- Themes and organisations ----------------------------------------------------------------------


def test_the_item_carries_the_rounds_themes_and_only_the_organisations_that_answered(
    round_, cast, client_for, gent, antwerpen, mechelen
):
    wonen, privacy = ThemeFactory(slug="wonen", name="Wonen"), ThemeFactory(slug="privacy", name="Privacy")
    round_.themes.set([privacy])
    _answer(round_, gent, cast["editor"], number=412)
    _answer(round_, antwerpen, cast["editor"], number=1250.5)
    RecipientFactory(rondvraag=round_, organisation=mechelen, actor=cast["editor"])  # invited, silent
    editor = client_for(cast["editor"])

    review = _review_page(editor, round_).content.decode()
    assert re.search(rf'value="{privacy.pk}"[^>]* checked', review)  # the round's themes, ticked
    assert re.search(rf'value="{wonen.pk}"[^>]*>', review) and not re.search(
        rf'value="{wonen.pk}"[^>]* checked', review
    )
    response = _publish(editor, round_, themes=[privacy.pk, wonen.pk])

    item = KnowledgeItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert set(item.themes.all()) == {privacy, wonen}
    assert set(item.organisations.all()) == {gent, antwerpen}
    assert set(Rondvraag.objects.get().themes.all()) == {privacy, wonen}
    assert item in wonen.knowledge_items.all()  # and so in the theme's dossier
    page = client_for(cast["member"]).get(item.get_absolute_url()).content.decode()
    assert "Privacy" in page and "Wonen" in page
    assert "Stad Mechelen" not in page.split('class="facts"')[1].split("</dl>")[0]
    assert "Geen antwoord van: Mechelen." in page
    assert "2 van de 3 uitgenodigde organisaties hebben geantwoord." in page


def test_a_round_about_a_question_takes_the_questions_themes(cast, client_for, centre):
    theme = ThemeFactory(slug="leegstand", name="Leegstand")
    question = QuestionFactory(asker=cast["member"], themes=[theme])
    client_for(cast["editor"]).post(
        "/vraagbaak/rondvragen/nieuw/",
        {"title": "Leegstand 2026", "question": question.pk, "reminder_days": 3},
    )
    assert list(Rondvraag.objects.get().themes.all()) == [theme]


# --- Markdown and the links back ------------------------------------------------------------------------


def test_the_lead_and_the_pdf_render_markdown_instead_of_showing_it(round_, cast, client_for, gent):
    round_.introduction = (
        "Hoe ver staan de steden met **hun register**?\n\nMeer uitleg op [de site](https://example.org)."
    )
    round_.save()
    _answer(round_, gent, cast["editor"], number=412)
    editor = client_for(cast["editor"])
    _publish(editor, round_)

    item = KnowledgeItem.objects.get()
    assert item.summary == "Hoe ver staan de steden met hun register?"
    page = client_for(cast["member"]).get(item.get_absolute_url()).content.decode()
    assert "**" not in page and "](" not in page
    assert re.search(r'<a href="https://example.org"[^>]*>de site</a>', page)
    pdf = editor.get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/?formaat=pdf").content
    assert "**" not in "".join(_pdf_text(pdf)) and "hun register" in _pdf_text(pdf)[0]
    fonts = {}
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: fonts.setdefault(
            text.strip(), (font or {}).get("/BaseFont")
        )
    )
    assert fonts["hun register"] == "/Helvetica-Bold"


def test_the_item_links_back_to_the_spreadsheets_and_the_question(round_, cast, client_for, gent):
    question = QuestionFactory(asker=cast["member"], title="Hoe houden steden hun GDPR-register bij?")
    round_.question = question
    round_.save()
    _answer(round_, gent, cast["editor"], number=412)
    _publish(client_for(cast["editor"]), round_)

    item = KnowledgeItem.objects.get()
    member = client_for(cast["other_member"])
    page = member.get(item.get_absolute_url()).content.decode()
    base = f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/"
    for href in (base, f"{base}?formaat=xlsx", f"{base}?formaat=csv", f"{base}?formaat=pdf"):
        assert f'href="{href}"' in page
    assert "<h2>Gegevens en bronnen</h2>" in page
    title = f"De vraag die de aanleiding was: {question.title}"
    assert re.search(rf'<a href="{question.get_absolute_url()}"[^>]*>{re.escape(title)}</a>', page)
    rows = list(load_workbook(io.BytesIO(member.get(f"{base}?formaat=xlsx").content)).active.values)
    assert rows[1][0] == "Stad Gent"
    assert "Stad Gent" in member.get(f"{base}?formaat=csv").content.decode()


def test_a_question_its_readers_may_not_see_is_not_named(round_, cast, client_for, gent):
    question = QuestionFactory(asker=cast["member"], title="Een vraag binnen Gent", visibility="organisation")
    round_.question = question
    round_.save()
    _answer(round_, gent, cast["editor"], number=412)
    _publish(client_for(cast["editor"]), round_)
    assert "Een vraag binnen Gent" not in KnowledgeItem.objects.get().body


# --- Few answers ---------------------------------------------------------------------------------------


def test_fewer_than_half_answered_is_published_only_after_a_confirmation(
    round_, cast, client_for, gent, antwerpen, mechelen
):
    _answer(round_, gent, cast["editor"], number=412)
    _answer(round_, antwerpen, cast["editor"], submit=False)  # a draft is no answer
    RecipientFactory(rondvraag=round_, organisation=mechelen, actor=cast["editor"])
    editor = client_for(cast["editor"])
    review = _review_page(editor, round_).content.decode()
    assert "1 van de 3 uitgenodigde organisaties heeft geantwoord." in review
    assert "Minder dan de helft van de uitgenodigde organisaties heeft geantwoord" in review

    response = _publish(editor, round_)
    assert response.status_code == 200 and not KnowledgeItem.objects.exists()
    assert response.context["form"].errors["low_response_confirmed"] == [
        "Minder dan de helft van de uitgenodigde organisaties heeft geantwoord: "
        "bevestig dat je toch publiceert."
    ]
    assert Rondvraag.objects.get().phase == "open"
    with pytest.raises(PublishRefused):
        survey.publish(rondvraag=round_, actor=cast["editor"], visibility="network")

    response = _publish(editor, round_, low_response_confirmed="on")
    item = KnowledgeItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    assert "1 van de 3 uitgenodigde organisaties heeft geantwoord." in item.body


def test_half_of_the_invited_answering_needs_no_confirmation(round_, cast, client_for, gent, antwerpen):
    _answer(round_, gent, cast["editor"], number=412)
    RecipientFactory(rondvraag=round_, organisation=antwerpen, actor=cast["editor"])
    review = _review_page(client_for(cast["editor"]), round_).content.decode()
    assert "Minder dan de helft" not in review
    _publish(client_for(cast["editor"]), round_)
    assert KnowledgeItem.objects.exists()


# --- Totals --------------------------------------------------------------------------------------------


def test_a_total_is_the_total_of_the_responding_organisations_not_of_flanders(
    round_, cast, client_for, gent, antwerpen
):
    _answer(round_, gent, cast["editor"], number=412)
    _answer(round_, antwerpen, cast["editor"], number=1250.5)
    editor = client_for(cast["editor"])
    base = f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/"
    pdf = " ".join(_pdf_text(editor.get(f"{base}?formaat=pdf").content))
    _publish(editor, round_)
    shown = {
        "comparison": editor.get(base).content.decode(),
        "report": editor.get(f"{base}?formaat=rapport").content.decode(),
        "pdf": pdf,
        "item": KnowledgeItem.objects.get().body,
    }
    for where, text in shown.items():
        assert "otaal van de 2 antwoordende organisaties: " in text and "1 662,5 stuks" in text, where
        assert "Vlaanderen" not in text and "Vlaams totaal" not in text, where


# --- Personal names ------------------------------------------------------------------------------------


@pytest.fixture
def named(round_, cast, gent, antwerpen):
    """Gent names a Netwerk colleague at a sentence's start; Antwerp names someone outside the Netwerk
    and gives an email address and a phone number."""
    PersonFactory(first_name="Griet", last_name="Vandamme", organisation=gent)
    _answer(round_, gent, cast["editor"], number=412, explanation="Griet Vandamme beheert het register.")
    _answer(
        round_, antwerpen, cast["editor"], number=1250.5,
        who="Bij Stad Antwerpen: contacteer Jan Peeters, register@antwerpen.example of 03 338 11 11.",
    )  # fmt: skip
    return round_


def test_the_review_shows_every_passage_that_may_name_someone(named, cast, client_for):
    review = publish_review(named)
    assert [(s.organisation.slug, s.passage.text, s.passage.reason) for s in review.suspects] == [
        ("antwerpen", "Jan Peeters", "name"),
        ("antwerpen", "register@antwerpen.example", "email"),
        ("antwerpen", "03 338 11 11", "phone"),
        ("gent", "Griet Vandamme", "network"),
    ]
    page = _review_page(client_for(cast["editor"]), named).content.decode()
    assert "contacteer <mark>Jan Peeters</mark>, register@" in page
    assert "<mark>Griet Vandamme</mark> beheert het register." in page
    assert "de naam van iemand in het Netwerk" in page and "een telefoonnummer" in page


def test_names_in_answers_are_published_only_when_the_editor_confirms(named, cast, client_for):
    editor = client_for(cast["editor"])
    response = _publish(editor, named)
    assert response.status_code == 200 and not KnowledgeItem.objects.exists()
    assert "names_confirmed" in response.context["form"].errors
    with pytest.raises(PublishRefused):
        survey.publish(rondvraag=named, actor=cast["editor"], visibility="network")

    _publish(editor, named, names_confirmed="on")
    body = KnowledgeItem.objects.get().body
    assert "Jan Peeters" in body and "Griet Vandamme" in body


def test_passages_left_out_are_gone_from_everything_published(named, cast, client_for):
    editor = client_for(cast["editor"])
    keys = [s.key for s in publish_review(named).suspects]
    response = _publish(editor, named, left_out=keys)  # all left out: nothing left to confirm
    item = KnowledgeItem.objects.get()
    assert response["Location"] == item.get_absolute_url()

    member = client_for(cast["member"])
    base = f"/vraagbaak/rondvragen/{named.pk}/vergelijking/"
    sheet = load_workbook(io.BytesIO(member.get(f"{base}?formaat=xlsx").content)).active
    shown = [
        member.get(item.get_absolute_url()).content.decode(),
        member.get(base).content.decode(),
        member.get(f"{base}?formaat=csv").content.decode(),
        " ".join(str(value) for row in sheet.values for value in row),
    ]
    for text in [item.body, " ".join(_pdf_text(member.get(f"{base}?formaat=pdf").content)), *shown]:
        for passage in ("Jan Peeters", "register@antwerpen.example", "03 338 11 11", "Griet Vandamme"):
            assert passage not in text
    for text in shown:
        assert "contacteer [weggelaten], [weggelaten] of [weggelaten]." in text
    history = AnswerVersion.objects.filter(answer__question__position=3).values_list("value", flat=True)
    assert [v for v in history if "Jan Peeters" in v] == [  # the answer as typed is kept in its history
        "Bij Stad Antwerpen: contacteer Jan Peeters, register@antwerpen.example of 03 338 11 11."
    ]


def test_answers_changed_during_the_review_are_reviewed_again(named, cast, client_for, gent):
    editor = client_for(cast["editor"])
    fingerprint = _review_page(editor, named).context["form"]["fingerprint"].value()
    recipient = named.recipients.get(organisation=gent)
    survey.reopen(recipient=recipient, actor=cast["editor"])
    AnswerFactory(
        recipient=recipient, question=named.questions.get(position=3), value="Vraag het Els Wouters."
    )
    survey.submit(recipient=recipient, user=cast["editor"])

    response = editor.post(
        f"/vraagbaak/rondvragen/{named.pk}/publiceren/",
        {"visibility": "network", "fingerprint": fingerprint, "names_confirmed": "on"},
    )
    assert not KnowledgeItem.objects.exists()
    assert response.context["form"].non_field_errors() == [
        "De antwoorden zijn gewijzigd terwijl je ze nakeek: kijk ze opnieuw na."
    ]


def test_a_round_nobody_answered_is_not_published(round_, cast, client_for, gent):
    _answer(round_, gent, cast["editor"], submit=False)  # a draft is no answer
    editor = client_for(cast["editor"])
    assert "Nog geen enkele organisatie heeft geantwoord" in _review_page(editor, round_).content.decode()

    response = _publish(editor, round_, low_response_confirmed="on")
    assert response.status_code == 200 and not KnowledgeItem.objects.exists()
    assert "Nog geen enkele organisatie heeft geantwoord: er valt niets te vergelijken." in (
        response.content.decode()
    )
    with pytest.raises(PublishRefused):
        survey.publish(
            rondvraag=round_, actor=cast["editor"], visibility="network", low_response_confirmed=True
        )
    assert Rondvraag.objects.get().phase == "open"


def test_publishing_without_what_was_reviewed_is_refused(named, cast, client_for):
    """The page always sends the fingerprint of what the editor saw; a post without it (an old tab, a
    hand-made request) would skip the check for answers changed meanwhile, so it publishes nothing."""
    editor = client_for(cast["editor"])
    for fingerprint in ({}, {"fingerprint": ""}):
        response = editor.post(
            f"/vraagbaak/rondvragen/{named.pk}/publiceren/",
            {"visibility": "network", "names_confirmed": "on", **fingerprint},
        )
        assert response.status_code == 200 and not KnowledgeItem.objects.exists()
        message = "Het formulier is onvolledig: open de pagina opnieuw, kijk alles na en publiceer dan."
        assert f"<li>{message}</li>" in response.content.decode()
    assert Rondvraag.objects.get().phase == "open"
    with pytest.raises(PublishRefused):  # nor does the service take an empty one for none
        survey.publish(rondvraag=named, actor=cast["editor"], visibility="network", names_confirmed=True,
                       fingerprint="")  # fmt: skip
