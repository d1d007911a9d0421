"""Staff plan an event on the platform's own form (not the admin): the event, its parts and its
registration questions in one step, with the same protection of what living registrations chose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.form_walker import browser_submission
from stadskennis.events import registrations
from stadskennis.events.models import Event, Registration, RegistrationOption, RegistrationQuestion
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db
NEW = reverse("events:create")


def _form(client, url) -> dict:
    return browser_submission(client.get(url).content.decode())


def test_an_editor_plans_an_event_with_a_part_and_a_question_in_one_step(cast, gent, client_for):
    editor = client_for(cast["editor"])
    data = _form(editor, NEW)
    data.update({
        "title": "Werkbezoek Eindhoven", "kind": "work_visit", "format": "physical",
        "starts_at": "2027-03-04T09:00", "ends_at": "2027-03-05T17:00", "place": "Eindhoven",
        "audience": "members", "capacity": "30", "visibility": "network", "organising_city": str(gent.pk),
        "sessies-0-title": "Het DNA van een slimme stad", "sessies-0-starts_at": "2027-03-04T09:00",
        "sessies-0-ends_at": "2027-03-04T12:00", "sessies-0-guest_speakers": "Gemeente Eindhoven",
        "vragen-0-label": "Overnachting", "vragen-0-kind": "choice", "vragen-0-required": "on",
        "vragen-0-choices": "Hotel | 20\nIk regel het zelf",
    })  # fmt: skip
    response = editor.post(NEW, data)
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    editor_user = cast["editor"]
    assert (event.slug, event.owner, event.created_by) == (
        "werkbezoek-eindhoven",
        editor_user.organisation,
        editor_user,
    )
    assert [s.guest_speaker_list for s in event.sessions.all()] == [["Gemeente Eindhoven"]]
    question = event.questions.get()
    assert question.required and [(o.label, o.capacity) for o in question.options.all()] == [
        ("Hotel", 20), ("Ik regel het zelf", None),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(event.pk)).exists()
    page = client_for(cast["member"]).get(event.get_absolute_url()).content.decode()
    assert "Overnachting" in page and "Het DNA van een slimme stad" in page


def test_only_staff_plan_a_new_event_and_only_its_organisers_edit_it(cast, centre, client_for):
    assert client_for(cast["member"]).get(NEW).status_code == 403
    assert client_for(None).get(NEW).status_code == 302  # to the login page
    event = make_event(owner=centre, actor=cast["editor"], visibility="network")
    edit = reverse("events:edit", args=[event.slug])
    assert client_for(cast["member"]).get(edit).status_code == 403
    assert client_for(cast["editor"]).get(edit).status_code == 200


def test_a_wrong_line_of_choices_is_named_and_nothing_is_saved(cast, client_for):
    editor = client_for(cast["editor"])
    data = _form(editor, NEW)
    data.update({
        "title": "Studiedag", "kind": "study_day", "format": "physical", "starts_at": "2027-03-04T09:00",
        "ends_at": "2027-03-04T17:00", "audience": "members", "visibility": "network",
        "vragen-0-label": "Bus", "vragen-0-kind": "choice", "vragen-0-choices": "Ja | vijftig\nNee",
    })  # fmt: skip
    response = editor.post(NEW, data)
    assert response.status_code == 400
    assert "Regel 1: na de streep komt het aantal plaatsen" in response.content.decode()
    assert not Event.objects.exists() and not RegistrationQuestion.objects.exists()


def test_editing_keeps_what_people_chose_and_offers_added_places(cast, centre, gent, client_for):
    event = make_event(owner=centre, actor=cast["editor"], capacity=2)
    question = RegistrationQuestion.objects.create(event=event, label="Bus?", required=True)
    seat = RegistrationOption.objects.create(question=question, label="Bus", capacity=1, position=1)
    RegistrationOption.objects.create(question=question, label="Trein", position=2)
    first, second = (MemberFactory(organisation=gent) for _ in range(2))
    registrations.register_member(event=event, user=first, answers={question.pk: str(seat.pk)})
    registrations.register_member(event=event, user=MemberFactory(organisation=gent),
                                  answers={question.pk: str(seat.pk + 1)})  # fmt: skip
    waiting = registrations.register_member(event=event, user=second, answers={question.pk: str(seat.pk)})
    assert waiting.status == Registration.Status.WAITING
    editor = client_for(cast["editor"])
    edit = reverse("events:edit", args=[event.slug])
    data = _form(editor, edit)
    data["vragen-0-choices"] = "Trein"  # the bus taken by a living registration cannot go
    refused = editor.post(edit, data)
    assert (
        refused.status_code == 400
        and "“Bus” is gekozen door 2 lopende inschrijvingen" in refused.content.decode()
    )
    data = _form(editor, edit)
    data["capacity"], data["vragen-0-choices"] = "3", "Bus | 2\nTrein"
    assert editor.post(edit, data).status_code == 302
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.capacity == 2 and seat.answers.count() == 2  # the same choice, with its answers
    assert waiting.status == Registration.Status.OFFERED


def _new_event(editor, **changes) -> dict:
    data = _form(editor, NEW)
    data.update({
        "title": "Studiedag", "kind": "study_day", "format": "physical", "starts_at": "2027-03-04T09:00",
        "ends_at": "2027-03-04T17:00", "audience": "members", "visibility": "network",
    })  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vragen-0-label": "Bus", "vragen-0-choices": "Ja | ²"}, "Regel 1: na de streep"),
        ({"vragen-0-label": "Bus", "vragen-0-choices": "Ja | 99999999999"}, "Regel 1: na de streep"),
        ({"starts_at": "0001-01-01T00:00"}, "Geef een datum tussen 2000 en 2100"),
        ({"sessies-TOTAL_FORMS": "1040"}, "Verstuur maximaal 40 formulieren"),
    ],
)
def test_hostile_input_on_the_event_form_is_a_clear_error(cast, client_for, changes, message):
    editor = client_for(cast["editor"])
    response = editor.post(NEW, _new_event(editor, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Event.objects.exists()


def test_a_member_who_authored_an_event_does_not_plan_it(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["member"], visibility="network")
    assert client_for(cast["member"]).get(reverse("events:edit", args=[event.slug])).status_code == 403


def test_a_stale_edit_page_does_not_undo_a_cancel(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    editor = client_for(cast["editor"])
    edit = reverse("events:edit", args=[event.slug])
    stale = _form(editor, edit)
    registrations.event_cancel(event=event, actor=cast["editor"])
    stale["place"] = "Leuven"
    assert editor.post(edit, stale).status_code == 302
    event.refresh_from_db()
    assert (event.status, event.place) == (Event.Status.CANCELLED, "Leuven")


def test_searching_a_speaker_saves_nothing_and_shows_no_errors(cast, client_for):
    editor = client_for(cast["editor"])
    data = _new_event(
        editor, title="", **{"kiezer": "sessies-0-speakers", "sessies-0-speakers-zoek": "Greet"}
    )
    response = editor.post(NEW, data)
    assert response.status_code == 200 and not Event.objects.exists()
    assert "error-summary" not in response.content.decode()
