"""Registration questions: dietary needs, a seat on the bus of a work visit, a question for the
speaker, with places per choice that hold as the event's places do."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import privacy, registrations
from stadskennis.events.models import (
    Registration,
    RegistrationAnswer,
    RegistrationOption,
    RegistrationQuestion,
)
from stadskennis.events.tests.factories import make_event

Status = Registration.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def work_visit(cast, centre):
    """A work visit to Eindhoven: a bus with two seats, and a question for the speaker."""
    event = make_event(owner=centre, actor=cast["editor"], title="Werkbezoek Eindhoven", capacity=3)
    travel = RegistrationQuestion.objects.create(event=event, label="Hoe reis je?", required=True, position=1)
    bus = RegistrationOption.objects.create(question=travel, label="Met de bus", capacity=2, position=1)
    own = RegistrationOption.objects.create(question=travel, label="Op eigen houtje", position=2)
    diet = RegistrationQuestion.objects.create(event=event, label="Dieetwensen", position=2)
    RegistrationOption.objects.create(question=diet, label="Vegetarisch")
    speaker = RegistrationQuestion.objects.create(
        event=event, label="Vraag voor de spreker", kind=RegistrationQuestion.Kind.TEXT, position=3
    )
    return event, travel, bus, own, speaker


def test_a_member_answers_on_the_event_page_and_sees_the_answers_on_their_registration(
    work_visit, cast, client_for
):
    event, travel, bus, _own, speaker = work_visit
    member = client_for(cast["member"])
    page = member.get(event.get_absolute_url()).content.decode()
    assert "Hoe reis je?" in page and "Met de bus" in page and "Vraag voor de spreker" in page
    response = member.post(
        reverse("events:register", args=[event.slug]),
        {f"vraag_{travel.pk}": bus.pk, f"vraag_{speaker.pk}": "Hoe hielden jullie de bewoners betrokken?"},
    )
    registration = Registration.objects.get(user=cast["member"])
    assert response.status_code == 302 and response.url == registration.get_absolute_url()
    assert {str(a.question): str(a) for a in registration.answers.all()} == {
        "Hoe reis je?": "Met de bus",
        "Vraag voor de spreker": "Hoe hielden jullie de bewoners betrokken?",
    }
    own_page = member.get(registration.get_absolute_url()).content.decode()
    assert "Met de bus" in own_page and "Hoe hielden jullie de bewoners betrokken?" in own_page


def test_a_required_question_left_open_keeps_what_was_typed_and_registers_nobody(
    work_visit, cast, client_for
):
    event, _travel, _bus, _own, speaker = work_visit
    response = client_for(cast["member"]).post(
        reverse("events:register", args=[event.slug]), {f"vraag_{speaker.pk}": "Mijn vraag blijft staan"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mijn vraag blijft staan" in page and "Beantwoord “Hoe reis je?”" in page
    assert not Registration.objects.exists()
    with pytest.raises(registrations.RegistrationRefused, match=re.escape("Beantwoord “Hoe reis je?”.")):
        registrations.register_member(event=event, user=cast["member"], answers={})
    assert not Registration.objects.exists()


def test_a_choice_never_takes_more_people_than_its_places(work_visit, gent):
    event, travel, bus, own, _speaker = work_visit
    first, second, third = (MemberFactory(organisation=gent) for _ in range(3))
    for person in (first, second):
        registrations.register_member(event=event, user=person, answers={travel.pk: str(bus.pk)})
    with pytest.raises(registrations.RegistrationRefused, match="“Met de bus” is volzet"):
        registrations.register_member(event=event, user=third, answers={travel.pk: str(bus.pk)})
    assert not Registration.objects.filter(user=third).exists()
    made = registrations.register_member(event=event, user=third, answers={travel.pk: str(own.pk)})
    assert made.status == Status.CONFIRMED
    assert RegistrationAnswer.objects.filter(option=bus).count() == 2


def test_an_answer_must_be_one_of_the_events_own(work_visit, cast, centre):
    event, travel, _bus, _own, speaker = work_visit
    other = make_event(owner=centre)
    elsewhere = RegistrationOption.objects.create(
        question=RegistrationQuestion.objects.create(event=other, label="Elders"), label="Niet hier"
    )
    with pytest.raises(
        registrations.RegistrationRefused, match=re.escape("Kies een van de antwoorden op “Hoe reis je?”.")
    ):
        registrations.register_member(
            event=event, user=cast["member"], answers={travel.pk: str(elsewhere.pk)}
        )
    with pytest.raises(registrations.RegistrationRefused, match="geen vraag van deze activiteit"):
        registrations.register_member(event=event, user=cast["member"], answers={elsewhere.question_id: "x"})
    with pytest.raises(registrations.RegistrationRefused, match="te lang"):
        registrations.register_member(
            event=event, user=cast["member"], answers={travel.pk: str(_own.pk), speaker.pk: "x" * 1001}
        )
    assert not Registration.objects.exists()


def test_a_place_freed_goes_to_the_first_in_line_whose_choice_has_room(work_visit, gent, mailbox):
    event, travel, bus, own, _speaker = work_visit
    on_bus_1, on_bus_2, by_car, wants_bus, wants_car = (MemberFactory(organisation=gent) for _ in range(5))
    choose = {on_bus_1: bus, on_bus_2: bus, by_car: own, wants_bus: bus, wants_car: own}
    made = {
        person: registrations.register_member(event=event, user=person, answers={travel.pk: str(option.pk)})
        for person, option in choose.items()
    }
    assert [made[p].status for p in choose] == [Status.CONFIRMED] * 3 + [Status.WAITING] * 2
    registrations.cancel(registration=made[by_car])  # a place, but the bus is still full
    made[wants_bus].refresh_from_db()
    made[wants_car].refresh_from_db()
    assert (made[wants_bus].status, made[wants_car].status) == (Status.WAITING, Status.OFFERED)


def test_the_organiser_sees_every_answer_on_the_page_and_in_the_downloads(work_visit, cast, client_for):
    event, travel, bus, _own, speaker = work_visit
    registrations.register_member(
        event=event, user=cast["member"], answers={travel.pk: str(bus.pk), speaker.pk: "=SOM(A1)"}
    )
    editor = client_for(cast["editor"])
    page = editor.get(reverse("events:registrants", args=[event.slug])).content.decode()
    assert "Hoe reis je?: Met de bus" in page
    assert "Met de bus: 1 van 2" in page  # the choice's places, as the organiser books the bus
    downloaded = editor.get(reverse("events:registrants_csv", args=[event.slug])).content.decode()
    rows = list(csv.reader(io.StringIO(downloaded), delimiter=";"))
    assert rows[0][-3:] == ["Hoe reis je?", "Dieetwensen", "Vraag voor de spreker"]
    assert rows[1][-3:] == ["Met de bus", "", "'=SOM(A1)"]  # a formula typed in is never run
    book = load_workbook(
        io.BytesIO(editor.get(reverse("events:registrants_xlsx", args=[event.slug])).content)
    )
    sheet = book.active
    assert [c.value for c in sheet[2]][-3:] == ["Met de bus", None, "'=SOM(A1)"]
    pdf = editor.get(reverse("events:attendee_list_pdf", args=[event.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_name_with_markup_prints_on_the_list_and_the_badges(work_visit, cast, client_for):
    event, travel, bus, _own, _speaker = work_visit
    registration = registrations.register_member(
        event=event, user=cast["member"], answers={travel.pk: str(bus.pk)}
    )
    Registration.objects.filter(pk=registration.pk).update(name="Tom <b & Jerry")
    editor = client_for(cast["editor"])
    for name in ("events:attendee_list_pdf", "events:badges_pdf"):
        response = editor.get(reverse(name, args=[event.slug]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_answers_are_in_the_members_export_and_gone_with_their_erasure(work_visit, cast):
    event, travel, bus, _own, speaker = work_visit
    registrations.register_member(
        event=event, user=cast["member"], answers={travel.pk: str(bus.pk), speaker.pk: "Mijn vraag"}
    )
    (exported,) = privacy.account_data_export(cast["member"])["event_registrations"]
    assert exported["answers"] == [
        {"question": "Hoe reis je?", "answer": "Met de bus"},
        {"question": "Vraag voor de spreker", "answer": "Mijn vraag"},
    ]
    privacy.account_data_erase(cast["member"])
    assert not RegistrationAnswer.objects.exists()


def test_the_api_registers_with_sessions_and_answers(work_visit, cast, client):
    from stadskennis.accounts.models import ApiToken

    event, travel, bus, _own, speaker = work_visit
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    detail = client.get(f"/api/events/{event.slug}", **auth).json()
    (asked_travel, _diet, _speaker) = detail["questions"]
    assert asked_travel["required"] and asked_travel["options"][0] == {
        "id": bus.pk, "label": "Met de bus", "capacity": 2, "places_free": 2,
    }  # fmt: skip
    refused = client.post(f"/api/events/{event.slug}/registrations", content_type="application/json", **auth)
    assert refused.status_code == 409 and refused.json()["detail"] == "Beantwoord “Hoe reis je?”."
    made = client.post(
        f"/api/events/{event.slug}/registrations",
        {"answers": [{"question": travel.pk, "option": bus.pk}, {"question": speaker.pk, "text": "Waarom?"}]},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201 and made.json()["status"] == "confirmed"
    assert (
        client.get(f"/api/events/{event.slug}", **auth).json()["questions"][0]["options"][0]["places_free"]
        == 1
    )


def test_choices_change_on_the_registration_page_and_a_seat_left_goes_to_the_waiting_list(
    work_visit, gent, client
):
    event, travel, bus, own, _speaker = work_visit
    on_bus, by_car, third, waits_for_bus = (MemberFactory(organisation=gent) for _ in range(4))
    seated = registrations.register_member(event=event, user=on_bus, answers={travel.pk: str(bus.pk)})
    mine = registrations.register_member(event=event, user=by_car, answers={travel.pk: str(own.pk)})
    registrations.register_member(event=event, user=third, answers={travel.pk: str(bus.pk)})
    waiting = registrations.register_member(event=event, user=waits_for_bus, answers={travel.pk: str(bus.pk)})
    assert waiting.status == Status.WAITING
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "Je keuzes wijzigen" in page
    # The bus is full: by_car cannot take a seat, and keeps what they had.
    refused = client.post(mine.get_absolute_url(), {"actie": "wijzigen", f"vraag_{travel.pk}": bus.pk})
    assert refused.status_code == 409 and "“Met de bus” is volzet" in refused.content.decode()
    assert [str(a) for a in mine.answers.all()] == ["Op eigen houtje"]
    # Someone leaves the bus: a seat, but the event is full, so it waits for a place at the event …
    client.post(seated.get_absolute_url(), {"actie": "wijzigen", f"vraag_{travel.pk}": own.pk})
    assert [str(a) for a in seated.answers.all()] == ["Op eigen houtje"]
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING
    # … and when a place at the event comes free, the one waiting for the bus is offered it.
    registrations.cancel(registration=mine)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_a_required_question_added_later_does_not_lock_the_choices_of_who_registered_before(work_visit, cast):
    event, travel, bus, own, _speaker = work_visit
    mine = registrations.register_member(event=event, user=cast["member"], answers={travel.pk: str(bus.pk)})
    hotel = RegistrationQuestion.objects.create(event=event, label="Hotel?", required=True, position=9)
    RegistrationOption.objects.create(question=hotel, label="Ja", capacity=0)  # already full
    registrations.choices_change(registration=mine, answers={travel.pk: str(own.pk)})
    assert [str(a) for a in mine.answers.all()] == ["Op eigen houtje"]
    with pytest.raises(registrations.RegistrationRefused, match="Beantwoord “Hoe reis je\\?”"):
        registrations.choices_change(registration=mine, answers={})  # a question asked from the start


def test_parts_kept_from_before_parts_were_dropped_hold_nobody_back(cast, centre, gent):
    from stadskennis.events.models import Event, EventSession

    event = make_event(owner=centre, actor=cast["editor"], capacity=1, sessions_chosen=True)
    part = EventSession.objects.create(
        event=event, title="Deel", starts_at=event.starts_at, ends_at=event.ends_at, capacity=1
    )
    holder, waiting = (MemberFactory(organisation=gent) for _ in range(2))
    held = registrations.register_member(event=event, user=holder, sessions=[part])
    waits = registrations.register_member(event=event, user=waiting, sessions=[part])
    Event.objects.filter(pk=event.pk).update(sessions_chosen=False, capacity=2)
    registrations.offer_free_places(event=event)
    waits.refresh_from_db()
    assert waits.status == Status.OFFERED and held.sessions.exists()
