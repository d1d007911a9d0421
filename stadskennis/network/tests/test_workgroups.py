"""A workgroup's life: meetings and invitations, homework with drafts and deadlines, action points."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from pptx import Presentation

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import ActionPoint, Meeting, Person, Submission
from stadskennis.network.tasks import send_assignment_reminder, send_due_reminders
from stadskennis.network.tests.factories import (
    AssignmentFactory,
    MeetingFactory,
    PersonFactory,
    WorkgroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(cast, gent, antwerpen, centre):
    greet = PersonFactory(
        first_name="Greet",
        last_name="Gent",
        email="greet@gent.example",
        organisation=gent,
        user=cast["member"],
    )
    arne = PersonFactory(
        first_name="Arne",
        last_name="Antwerpen",
        email="arne@antwerpen.example",
        organisation=antwerpen,
        user=cast["other_member"],
    )
    return WorkgroupFactory(
        key="obmi", name="Werkgroep OBMI", owner=centre, visibility="network", members=[greet, arne]
    )


def _meeting(group, days=7, **fields):
    fields.setdefault("title", "Vergadering")
    return MeetingFactory(workgroup=group, starts_at=timezone.now() + timedelta(days=days), **fields)


def _assignment(group, days=5, **fields):
    return AssignmentFactory(
        workgroup=group,
        title="GDPR-register",
        question="Hoe ver staat uw register?",
        deadline=timezone.now() + timedelta(days=days),
        **fields,
    )


def test_editor_plans_a_meeting_and_members_may_not(group, cast, client_for):
    data = {
        "title": "December",
        "starts_at": "2027-01-12T10:00",
        "ends_at": "2027-01-12T12:00",
        "place": "Mechelen",
        "agenda": "1. Thuisopdracht",
    }
    url = f"/netwerk/werkgroepen/{group.key}/vergaderingen/nieuw/"
    assert client_for(cast["member"]).post(url, data).status_code == 403
    anonymous = client_for(cast["anonymous"]).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/account/aanmelden/")
    response = client_for(cast["editor"]).post(url, data)
    meeting = Meeting.objects.get(title="December")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.place == "Mechelen"


def test_meeting_that_ends_before_it_starts_is_refused_in_dutch(group, cast, client_for):
    data = {"title": "Fout", "starts_at": "2027-01-12T10:00", "ends_at": "2027-01-12T09:00"}
    response = client_for(cast["editor"]).post(f"/netwerk/werkgroepen/{group.key}/vergaderingen/nieuw/", data)
    assert response.status_code == 200
    assert "De vergadering kan niet eindigen voor ze begint." in response.content.decode()
    assert not Meeting.objects.filter(title="Fout").exists()


def test_lead_person_manages_the_workgroup(group, cast, client_for):
    group.lead_person = Person.objects.get(user=cast["member"])
    group.save()
    response = client_for(cast["member"]).get(f"/netwerk/werkgroepen/{group.key}/vergaderingen/nieuw/")
    assert response.status_code == 200
    assert (
        client_for(cast["other_member"])
        .get(f"/netwerk/werkgroepen/{group.key}/vergaderingen/nieuw/")
        .status_code
        == 403
    )


def test_icalendar_invitation_reads_back(group, cast, client_for):
    meeting = _meeting(
        group, place="Stadhuis Mechelen, zaal 1", online_url="https://vergadering.example/obmi"
    )
    response = client_for(cast["member"]).get(
        f"/netwerk/werkgroepen/{group.key}/vergaderingen/{meeting.pk}/uitnodiging.ics"
    )
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["LOCATION"] == "Stadhuis Mechelen, zaal 1"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert "Werkgroep OBMI" in str(event["SUMMARY"])
    # a network workgroup's invitation is not for the public
    assert (
        client_for(cast["anonymous"])
        .get(f"/netwerk/werkgroepen/{group.key}/vergaderingen/{meeting.pk}/uitnodiging.ics")
        .status_code
        == 404
    )


def test_draft_answer_stays_in_its_organisation_until_submitted(group, cast, client_for):
    assignment = _assignment(group)
    url = assignment.get_absolute_url()
    greet, arne, editor = (client_for(cast[r]) for r in ("member", "other_member", "editor"))
    greet.post(url, {"text": "Ontwerp: 150 verwerkingen", "save": "1"})
    submission = Submission.objects.get(assignment=assignment)
    assert submission.submitted_at is None and submission.visibility == "organisation"
    assert "150 verwerkingen" in greet.get(url).content.decode()
    for client in (arne, editor):
        assert "150 verwerkingen" not in client.get(url + "samenvatting/").content.decode()
    assert "150 verwerkingen" not in arne.get("/zoeken/?q=verwerkingen").content.decode()
    greet.post(url, {"text": "Definitief: 152 verwerkingen", "submit": "1"})
    submission.refresh_from_db()
    assert submission.submitted_at is not None and not submission.is_late
    assert submission.submitted_by.user == cast["member"]
    assert "152 verwerkingen" in arne.get(url + "samenvatting/").content.decode()


def test_member_of_an_organisation_outside_the_group_cannot_answer(group, cast, client_for, centre):
    assignment = _assignment(group)
    outsider = MemberFactory(organisation=centre)
    response = client_for(outsider).post(assignment.get_absolute_url(), {"text": "x", "submit": "1"})
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_late_submission_is_accepted_and_marked_late(group, cast, client_for):
    assignment = _assignment(group, days=-1)
    response = client_for(cast["member"]).post(
        assignment.get_absolute_url(), {"text": "Te laat", "submit": "1"}, follow=True
    )
    assert "na de deadline" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.is_late
    overview = client_for(cast["editor"]).get(assignment.get_absolute_url()).content.decode()
    assert "te laat ingediend" in overview


def test_submit_without_answer_names_the_field(group, cast, client_for):
    assignment = _assignment(group)
    response = client_for(cast["member"]).post(assignment.get_absolute_url(), {"text": " ", "submit": "1"})
    assert "Schrijf een antwoord of voeg een bestand toe" in response.content.decode()
    assert not Submission.objects.exists()


def test_overview_shows_who_has_not_submitted(group, cast, client_for):
    assignment = _assignment(group)
    client_for(cast["other_member"]).post(assignment.get_absolute_url(), {"text": "Klaar", "submit": "1"})
    client_for(cast["member"]).post(assignment.get_absolute_url(), {"text": "Bezig", "save": "1"})
    html = client_for(cast["editor"]).get(assignment.get_absolute_url()).content.decode()
    assert html.count("niet ingediend") == 0 and "kladversie" in html  # the editor sees Gent's draft
    html = client_for(cast["other_member"]).get(assignment.get_absolute_url()).content.decode()
    assert "niet ingediend" in html and "kladversie" not in html  # Antwerp does not


def test_reminder_goes_to_who_has_not_submitted_through_smtp(group, cast, client_for, mailbox):
    assignment = _assignment(group, days=2, reminder_days=3)
    client_for(cast["other_member"]).post(assignment.get_absolute_url(), {"text": "Klaar", "submit": "1"})
    send_due_reminders.call()
    assert [m["To"] for m in mailbox] == ["greet@gent.example"]
    assert "GDPR-register" in mailbox[0]["Subject"]
    assignment.refresh_from_db()
    assert assignment.reminder_sent_at is not None
    send_due_reminders.call()  # once only
    assert len(mailbox) == 1


def test_reminder_not_yet_due_is_not_sent(group, mailbox):
    _assignment(group, days=10, reminder_days=3)
    assert send_due_reminders.call() == 0
    assert mailbox == []


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_remind_button_queues_a_reminder_the_worker_sends(group, cast, client_for, mailbox):
    assignment = _assignment(group, days=10)
    client_for(cast["editor"]).post(assignment.get_absolute_url() + "herinneren/")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert sorted(m["To"] for m in mailbox) == ["arne@antwerpen.example", "greet@gent.example"]
    assert client_for(cast["member"]).post(assignment.get_absolute_url() + "herinneren/").status_code == 403
    assert send_assignment_reminder.call(assignment.pk) == 2


def test_summary_side_by_side_and_as_presentation(group, cast, client_for):
    assignment = _assignment(group)
    client_for(cast["member"]).post(
        assignment.get_absolute_url(), {"text": "Gent: 150 verwerkingen", "submit": "1"}
    )
    url = assignment.get_absolute_url() + "samenvatting/"
    html = client_for(cast["editor"]).get(url).content.decode()
    assert "Gent: 150 verwerkingen" in html and "Niet ingediend." in html
    deck = Presentation(io.BytesIO(client_for(cast["editor"]).get(url + "?formaat=pptx").content))
    texts = [" ".join(s.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    assert len(texts) == 3  # title + one per organisation
    assert any("Gent: 150 verwerkingen" in t for t in texts)
    assert any("Niet ingediend." in t for t in texts)


def test_open_action_points_carry_over_until_done(group, cast, client_for):
    first, second = _meeting(group, days=-30, title="September"), _meeting(group, days=10, title="December")
    editor = client_for(cast["editor"])
    editor.post(
        f"/netwerk/werkgroepen/{group.key}/vergaderingen/{first.pk}/punten/",
        {"kind": "action", "text": "Dashboard delen met alle steden"},
    )
    point = ActionPoint.objects.get()
    assert "Dashboard delen" in editor.get(second.get_absolute_url()).content.decode()
    editor.post(f"/netwerk/punten/{point.pk}/", {"done": "1"})
    point.refresh_from_db()
    assert point.done_at is not None
    assert "Dashboard delen" not in editor.get(second.get_absolute_url()).content.decode()
    assert client_for(cast["member"]).post(f"/netwerk/punten/{point.pk}/", {"done": "0"}).status_code == 403


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_meeting_document_is_published_to_the_kennisbank_in_one_step(group, cast, client_for, gent):
    meeting = _meeting(group, days=-1)
    editor = client_for(cast["editor"])
    upload = SimpleUploadedFile(
        "dashboard.txt", b"Wijkmonitor dashboard voor leegstand", content_type="text/plain"
    )
    editor.post(
        f"/netwerk/werkgroepen/{group.key}/vergaderingen/{meeting.pk}/documenten/",
        {"title": "Presentatie wijkmonitor", "file": upload},
    )
    document = meeting.documents.get()
    assert client_for(cast["member"]).get(f"/netwerk/documenten/{document.pk}/").status_code == 200
    assert client_for(cast["anonymous"]).get(f"/netwerk/documenten/{document.pk}/").status_code == 404
    assert (
        client_for(cast["member"]).post(f"/netwerk/documenten/{document.pk}/publiceren/").status_code == 403
    )
    response = editor.post(f"/netwerk/documenten/{document.pk}/publiceren/", {"visibility": "public"})
    item = KnowledgeItem.objects.get(title="Presentatie wijkmonitor")
    assert response["Location"] == item.get_absolute_url()
    assert item.kind == "presentation" and item.visibility == "public"
    assert set(item.organisations.values_list("slug", flat=True)) == {"gent", "antwerpen"}
    assert item.attachments.get().original_name == "dashboard.txt"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert "Presentatie wijkmonitor" in client_for(None).get("/zoeken/?q=wijkmonitor").content.decode()


def test_start_page_shows_next_meeting_and_open_homework(group, cast, client_for):
    _meeting(group, days=-20, title="Vorige keer")
    _meeting(group, days=12, title="Volgende keer")
    open_one = _assignment(group)
    done_one = AssignmentFactory(
        workgroup=group, title="Al gedaan", deadline=timezone.now() + timedelta(days=3)
    )
    client_for(cast["member"]).post(done_one.get_absolute_url(), {"text": "ok", "submit": "1"})
    html = client_for(cast["member"]).get("/start/").content.decode()
    assert "Werkgroep OBMI" in html
    assert (timezone.localtime(timezone.now() + timedelta(days=12))).strftime("%Y") in html
    assert open_one.title in html and "Al gedaan" not in html


def test_reopened_answer_is_a_draft_again(group, cast, client_for):
    assignment = _assignment(group)
    client_for(cast["member"]).post(assignment.get_absolute_url(), {"text": "Klaar", "submit": "1"})
    submission = Submission.objects.get()
    assert (
        client_for(cast["member"]).post(f"/netwerk/inzendingen/{submission.pk}/heropenen/").status_code == 403
    )
    client_for(cast["editor"]).post(f"/netwerk/inzendingen/{submission.pk}/heropenen/")
    submission.refresh_from_db()
    assert submission.submitted_at is None and submission.visibility == "organisation"


def test_person_page_lists_answers_and_meetings_attended(group, cast, client_for):
    assignment = _assignment(group)
    meeting = _meeting(group, days=-3, title="Oktobervergadering")
    greet = Person.objects.get(user=cast["member"])
    meeting.attendees.add(greet)
    client_for(cast["member"]).post(assignment.get_absolute_url(), {"text": "Ons antwoord", "submit": "1"})
    html = client_for(cast["other_member"]).get(greet.get_absolute_url()).content.decode()
    assert "GDPR-register" in html and "Oktobervergadering" in html
    assert "GDPR-register" not in client_for(None).get(greet.get_absolute_url()).content.decode()


def test_structured_homework_uses_the_survey_engine_and_its_comparison(group, cast, client_for, centre):
    from stadskennis.questions.models import Recipient
    from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

    fiche = RondvraagFactory(title="Schillenboek-fiche", owner=centre, visibility="organisation")
    question = SurveyQuestionFactory(rondvraag=fiche, position=1, text="Aantal vestigingen", kind="number")
    editor = client_for(cast["editor"])
    editor.post(
        f"/netwerk/werkgroepen/{group.key}/opdrachten/nieuw/",
        {
            "title": "Fiche invullen",
            "question": "Vul de fiche in",
            "deadline": "2030-01-10T12:00",
            "reminder_days": 3,
            "questionnaire": fiche.pk,
        },
    )
    assert set(Recipient.objects.filter(rondvraag=fiche).values_list("organisation__slug", flat=True)) == {
        "gent",
        "antwerpen",
    }
    member = client_for(cast["member"])
    member.post(f"/vraagbaak/rondvragen/{fiche.pk}/antwoorden/", {f"q{question.pk}": "7", "submit": "1"})
    html = (
        client_for(cast["other_member"])
        .get(f"/vraagbaak/rondvragen/{fiche.pk}/vergelijking/")
        .content.decode()
    )
    # the other member organisation sees Gent's answer in Gent's row
    assert re.search(r'<th scope="row">Gent</th>\s*<td>7</td>', html), html
    outsider = MemberFactory(organisation=centre)
    assert client_for(outsider).get(f"/vraagbaak/rondvragen/{fiche.pk}/vergelijking/").status_code == 404
