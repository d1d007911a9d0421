"""Vraagbaak: asking with answers shown while typing, the inbox, the thread, notices, publishing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.services import item_create
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions.models import Question
from stadskennis.questions.services import question_ask

pytestmark = pytest.mark.django_db


def _send_mail():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture
def question(cast):
    return question_ask(
        actor=cast["member"],
        title="Hoe zit het met de leegstandsheffing?",
        context="Wij herzien ons reglement.",
        visibility="network",
    )


def test_asking_shows_what_is_known_while_typing(cast, client_for, gent):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent)
    item_create(
        actor=None,
        title="Leegstandsheffing op winkelpanden",
        kind="instrument",
        owner=gent,
        visibility="public",
        contacts=[an],
    )
    html = (
        client_for(cast["member"])
        .get("/vraagbaak/vragen/suggesties/", {"title": "Hoe zit het met leegstand van winkels?"})
        .content.decode()
    )
    assert "Leegstandsheffing op winkelpanden" in html and "An Peeters" in html
    # without JavaScript, the same through the form's second button
    html = client_for(cast["member"]).get("/vraagbaak/vragen/nieuw/", {"title": "leegstand"}).content.decode()
    assert "Leegstandsheffing op winkelpanden" in html


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_question_reaches_the_centre_and_the_asker_hears_of_each_step(cast, client_for, mailbox):
    member, editor = client_for(cast["member"]), client_for(cast["editor"])
    response = member.post(
        "/vraagbaak/vragen/nieuw/", {"title": "Hoe zit het met deelsteps?", "visibility": "network"}
    )
    question = Question.objects.get()
    assert response["Location"] == question.get_absolute_url()
    assert question.owner == cast["member"].organisation and question.status == "new"
    _send_mail()
    assert {a for m in mailbox for a in m["To"].split(", ")} >= {cast["member"].email, cast["editor"].email}
    mailbox.clear()
    assert "Hoe zit het met deelsteps?" in editor.get("/vraagbaak/").content.decode()  # the inbox
    editor.post(
        f"/vraagbaak/vragen/{question.pk}/behandelen/",
        {"status": "answered", "handler": cast["editor"].pk, "answer": "Vier steden hebben een reglement."},
    )
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_at
    _send_mail()
    assert [m["To"] for m in mailbox] == [cast["member"].email]
    assert "beantwoord" in mailbox[0]["Subject"]


def test_answered_needs_an_answer(question, cast, client_for):
    html = (
        client_for(cast["editor"])
        .post(f"/vraagbaak/vragen/{question.pk}/behandelen/", {"status": "answered"})
        .content.decode()
    )
    assert "Schrijf het antwoord" in html
    question.refresh_from_db()
    assert question.status == "new"


def test_internal_notes_stay_with_the_centre(question, cast, client_for):
    editor = client_for(cast["editor"])
    editor.post(
        f"/vraagbaak/vragen/{question.pk}/bericht/", {"text": "Bel Antwerpen eerst", "internal": "on"}
    )
    editor.post(f"/vraagbaak/vragen/{question.pk}/bericht/", {"text": "We vragen het aan alle steden"})
    asker = client_for(cast["member"]).get(question.get_absolute_url()).content.decode()
    assert "We vragen het aan alle steden" in asker and "Bel Antwerpen eerst" not in asker
    assert "Bel Antwerpen eerst" in editor.get(question.get_absolute_url()).content.decode()
    # the asker cannot make an internal note, another member cannot write at all
    client_for(cast["member"]).post(
        f"/vraagbaak/vragen/{question.pk}/bericht/", {"text": "Dank", "internal": "on"}
    )
    assert question.messages.get(text="Dank").internal is False
    assert (
        client_for(cast["other_member"])
        .post(f"/vraagbaak/vragen/{question.pk}/bericht/", {"text": "x"})
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("visibility", "role", "sees"),
    [
        ("organisation", "other_member", False),
        ("organisation", "member", True),
        ("organisation", "editor", True),
        ("network", "other_member", True),
        ("network", "anonymous", False),
        ("public", "anonymous", True),
    ],
)
def test_who_sees_a_question(cast, client_for, visibility, role, sees):
    q = question_ask(actor=cast["member"], title="Vraag over parkeren", visibility=visibility)
    assert (client_for(cast[role]).get(q.get_absolute_url()).status_code == 200) is sees
    assert (
        "Vraag over parkeren" in client_for(cast[role]).get("/zoeken/", {"q": "parkeren"}).content.decode()
    ) is sees


def test_publishing_needs_the_askers_agreement(question, cast, client_for):
    editor = client_for(cast["editor"])
    editor.post(
        f"/vraagbaak/vragen/{question.pk}/behandelen/", {"status": "answered", "answer": "Vier steden."}
    )
    editor.post(f"/vraagbaak/vragen/{question.pk}/publiceren/", {"visibility": "public"})
    assert not KnowledgeItem.objects.filter(kind="answer").exists()
    assert (
        client_for(cast["other_member"]).post(f"/vraagbaak/vragen/{question.pk}/akkoord/").status_code == 403
    )
    client_for(cast["member"]).post(f"/vraagbaak/vragen/{question.pk}/akkoord/")
    response = editor.post(f"/vraagbaak/vragen/{question.pk}/publiceren/", {"visibility": "public"})
    item = KnowledgeItem.objects.get(kind="answer")
    assert response["Location"] == item.get_absolute_url()
    assert item.title == question.title and "Vier steden." in item.body
    assert (
        "Hoe zit het met de leegstandsheffing?"
        in client_for(None).get("/zoeken/?q=leegstandsheffing").content.decode()
    )


def test_only_editors_handle(question, cast, client_for):
    assert (
        client_for(cast["member"])
        .post(f"/vraagbaak/vragen/{question.pk}/behandelen/", {"status": "closed"})
        .status_code
        == 403
    )
    assert client_for(cast["member"]).get("/vraagbaak/").status_code == 200


def test_strange_input_is_handled(cast, client_for):
    member = client_for(cast["member"])
    for title in ['"', "(*", "x" * 10_000]:
        assert member.get("/vraagbaak/vragen/suggesties/", {"title": title}).status_code == 200
    html = member.post("/vraagbaak/vragen/nieuw/", {"title": "", "visibility": "network"}).content.decode()
    assert "error-summary" in html and not Question.objects.exists()
