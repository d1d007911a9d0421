""" "Mijn taken" (issue 13, point 6): one list of what waits for a user, gathered from every module, on
the start page and its own page, counted in the header."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from stadskennis.accounts.tests.factories import EditorFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network import services as network_services
from stadskennis.network.tests.factories import (
    AssignmentFactory,
    MeetingFactory,
    PersonFactory,
    WorkgroupFactory,
)
from stadskennis.questions import rondvraag as survey
from stadskennis.questions import services as question_services
from stadskennis.questions.tests.factories import (
    AnswerFactory,
    QuestionFactory,
    RondvraagFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db

TASKS = "/start/taken/"


def tasks_of(client) -> dict[str, dict]:
    """The JSON twin of the page, by title."""
    data = client.get(TASKS, {"formaat": "json"}).json()
    assert data["count"] == len(data["tasks"])
    return {task["title"]: task for task in data["tasks"]}


def header_link(html: str) -> str:
    """What the header's task link says, as a screen reader reads it."""
    link = re.search(r'<a href="/start/taken/" class="tasks-link[^"]*">(.*?)</a>', html, re.S).group(1)
    heard = re.sub(r'<span[^>]*aria-hidden="true">.*?</span>', "", link)
    return " ".join(strip_tags(heard).split())


def in_days(days: int):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def greet(cast, gent):
    """The member of Gent, in the Netwerk and in a workgroup."""
    return PersonFactory(
        first_name="Greet", email="greet@gent.example", organisation=gent, user=cast["member"]
    )


@pytest.fixture
def member_work(cast, gent, antwerpen, centre, greet, client_for):
    editor = cast["editor"]
    # a survey round for Gent, one of its two questions answered as a draft
    rondvraag = RondvraagFactory(title="Deelsteps in de binnenstad", owner=centre, deadline=in_days(5))
    first = SurveyQuestionFactory(rondvraag=rondvraag, text="Hoeveel steps?", kind="number")
    SurveyQuestionFactory(rondvraag=rondvraag, text="Welk reglement?")
    survey.send(rondvraag=rondvraag, organisations=[gent], actor=editor)
    AnswerFactory(recipient=rondvraag.recipients.get(), question=first, value=120.0, saved_by=cast["member"])
    # a round for Antwerp only: not Gent's task
    RondvraagFactory(title="Alleen voor Antwerpen", owner=centre, sent_to=[antwerpen], sent_to__by=editor)
    # homework of Greet's workgroup, not submitted; and one Gent already submitted
    group = WorkgroupFactory(name="Werkgroep Mobiliteit", members=[greet])
    AssignmentFactory(workgroup=group, title="Parkeerbeleid in kaart", deadline=in_days(9))
    done = AssignmentFactory(workgroup=group, title="Al ingediend", deadline=in_days(3))
    network_services.submission_save(
        assignment=done, organisation=gent, actor=cast["member"], text="Klaar.", submit=True
    )
    # an action point for Greet, one for nobody, one of Greet's already done
    meeting = MeetingFactory(workgroup=group, starts_at=in_days(-7), ends_at=in_days(-7) + timedelta(hours=2))
    url = f"/netwerk/werkgroepen/{group.key}/vergaderingen/{meeting.pk}/punten/"
    due = (timezone.localdate() + timedelta(days=12)).isoformat()
    editor_client = client_for(editor)
    for text, owner in [("Tellingen delen met alle steden", greet.pk), ("Niemands punt", "")]:
        editor_client.post(url, {"kind": "action", "text": text, "owner_person": owner, "due_date": due})
    editor_client.post(url, {"kind": "action", "text": "Al gedaan", "owner_person": greet.pk})
    network_services.action_point_set_done(
        point=group.action_points.get(text="Al gedaan"), done=True, actor=editor
    )
    # Greet's question: the centre wrote last; another where Greet wrote last
    waiting = QuestionFactory(asker=cast["member"], title="Hoe zit het met deelsteps?")
    question_services.message_add(
        question=waiting, actor=editor, text="Welke wijken bedoel je?", internal=False
    )
    answered_by_me = QuestionFactory(asker=cast["member"], title="Hoe zit het met laadpalen?")
    question_services.message_add(question=answered_by_me, actor=editor, text="Welke?", internal=False)
    question_services.message_add(question=answered_by_me, actor=cast["member"], text="Alle.", internal=False)
    # Greet's answered question: the centre asks whether it may publish the answer
    answered = QuestionFactory(asker=cast["member"], title="Hoe zit het met fietsstraten?")
    question_services.question_handle(
        question=answered, actor=editor, answer="Zes steden.", status="answered"
    )
    return rondvraag


def test_a_member_sees_the_round_homework_action_point_and_question_waiting_for_them(
    cast, client_for, member_work
):
    client = client_for(cast["member"])
    tasks = tasks_of(client)
    assert set(tasks) == {
        "Deelsteps in de binnenstad",
        "Parkeerbeleid in kaart",
        "Tellingen delen met alle steden",
        "Hoe zit het met deelsteps?",
        "Hoe zit het met fietsstraten?",
    }
    round_task = tasks["Deelsteps in de binnenstad"]
    assert round_task["url"].endswith(f"/vraagbaak/rondvragen/{member_work.pk}/antwoorden/")
    assert round_task["due"] == timezone.localdate(member_work.deadline).isoformat()
    assert round_task["state"].startswith("Kladversie: 1 van 2 vragen beantwoord, laatst bewaard op")
    assert tasks["Parkeerbeleid in kaart"]["state"] == "Nog niet begonnen"
    assert tasks["Parkeerbeleid in kaart"]["context"] == "Werkgroep Mobiliteit"
    point = tasks["Tellingen delen met alle steden"]
    assert point["due"] == (timezone.localdate() + timedelta(days=12)).isoformat()
    assert point["state"].startswith("Afgesproken op de vergadering van")
    assert tasks["Hoe zit het met deelsteps?"]["state"] == (
        "Het Kenniscentrum schreef je: reageer op de pagina van de vraag"
    )
    assert tasks["Hoe zit het met fietsstraten?"]["state"] == (
        "Beantwoord: lees het antwoord en laat weten of het gepubliceerd mag worden"
    )
    # soonest deadline first, what has none at the end
    assert [t["title"] for t in client.get(TASKS, {"formaat": "json"}).json()["tasks"]][:3] == [
        "Deelsteps in de binnenstad",
        "Parkeerbeleid in kaart",
        "Tellingen delen met alle steden",
    ]
    # the page and the start page show the same, with the way in
    for page in (TASKS, "/start/"):
        html = client.get(page).content.decode()
        for title in tasks:
            assert title in html, (page, title)
        assert f'href="/vraagbaak/rondvragen/{member_work.pk}/antwoorden/"' in html
        assert "Uiterlijk" in html
    # the asker agrees to publish: the centre waits no more
    answered = tasks["Hoe zit het met fietsstraten?"]["url"].split("/")[-2]
    client.post(f"/vraagbaak/vragen/{answered}/akkoord/")
    assert "Hoe zit het met fietsstraten?" not in tasks_of(client)


def test_a_member_sees_only_their_own_and_their_organisations_tasks(cast, client_for, member_work, gent):
    KnowledgeItemFactory(title="Voorstel van Gent", actor=cast["member"], owner=gent, visibility="draft")
    QuestionFactory(asker=cast["other_member"], title="Een vraag van Antwerpen")
    tasks = tasks_of(client_for(cast["member"]))
    assert "Voorstel van Gent" not in tasks and "Een vraag van Antwerpen" not in tasks
    # Antwerp's member: Antwerp's round (no contact got its link: the list is the door), nothing of Gent's
    assert set(tasks_of(client_for(cast["other_member"]))) == {"Alleen voor Antwerpen"}


def test_an_editor_sees_questions_to_handle_proposals_to_review_and_rounds_to_close(
    cast, client_for, gent, antwerpen, centre
):
    editor = cast["editor"]
    QuestionFactory(asker=cast["member"], title="Nieuwe vraag zonder behandelaar")
    mine = QuestionFactory(
        asker=cast["member"], title="Vraag die ik behandel", wished_by=timezone.localdate()
    )
    question_services.question_handle(question=mine, actor=editor, handler=editor, status="in_progress")
    theirs = QuestionFactory(asker=cast["member"], title="Vraag van een collega")
    question_services.question_handle(
        question=theirs, actor=editor, handler=EditorFactory(), status="in_progress"
    )
    KnowledgeItemFactory(title="Voorstel van Gent", actor=cast["member"], owner=gent, visibility="draft")
    late = RondvraagFactory(
        title="Deadline voorbij", owner=centre, deadline=in_days(-1), sent_to=[gent, antwerpen]
    )
    complete = RondvraagFactory(
        title="Iedereen antwoordde", owner=centre, deadline=in_days(10), sent_to=[gent]
    )
    survey.submit(recipient=complete.recipients.get(), user=cast["member"])
    RondvraagFactory(title="Loopt nog", owner=centre, deadline=in_days(10), sent_to=[gent, antwerpen])
    survey.submit(recipient=late.recipients.get(organisation=gent), user=cast["member"])

    tasks = tasks_of(client_for(editor))
    assert set(tasks) == {
        "Nieuwe vraag zonder behandelaar",
        "Vraag die ik behandel",
        "Voorstel van Gent",
        "Deadline voorbij",
        "Iedereen antwoordde",
    }
    assert tasks["Nieuwe vraag zonder behandelaar"]["state"] == "Nieuw, nog niemand behandelt ze"
    assert tasks["Vraag die ik behandel"]["due"] == timezone.localdate().isoformat()
    assert tasks["Voorstel van Gent"]["kind"] == "proposal"
    assert tasks["Deadline voorbij"]["state"] == "Af te sluiten: 1 van 2 organisaties antwoordden"
    assert tasks["Deadline voorbij"]["overdue"] is True
    assert tasks["Deadline voorbij"]["url"].endswith(late.get_absolute_url())
    html = client_for(editor).get("/start/").content.decode()
    for title in tasks:
        assert title in html


def test_the_header_counts_the_tasks(cast, client_for, member_work):
    client = client_for(cast["member"])
    expected = len(tasks_of(client))
    assert expected == 5
    for page in ("/kennisbank/", "/start/", TASKS):
        assert header_link(client.get(page).content.decode()) == f"Mijn taken ({expected})"
    survey.submit(recipient=member_work.recipients.get(), user=cast["member"])
    assert header_link(client.get("/kennisbank/").content.decode()) == f"Mijn taken ({expected - 1})"
    assert "Mijn taken" not in client_for(None).get("/kennisbank/").content.decode()


def test_the_task_page_asks_the_same_number_of_queries_however_many_tasks(
    cast, client_for, member_work, greet, gent, centre
):
    client = client_for(cast["member"])

    def measured() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(TASKS)
        assert response.status_code == 200
        return len(context)

    before, shown = measured(), len(tasks_of(client))
    for n in range(5):
        rondvraag = RondvraagFactory(title=f"Extra ronde {n}", owner=centre, deadline=in_days(20 + n))
        SurveyQuestionFactory(rondvraag=rondvraag)
        survey.send(rondvraag=rondvraag, organisations=[gent], actor=cast["editor"])
        group = WorkgroupFactory(members=[greet])
        AssignmentFactory(workgroup=group, title=f"Extra opdracht {n}")
        question = QuestionFactory(asker=cast["member"], title=f"Extra vraag {n}")
        question_services.message_add(question=question, actor=cast["editor"], text="Wat bedoel je?",
                                      internal=False)  # fmt: skip
    assert len(tasks_of(client)) == shown + 15
    assert measured() == before
