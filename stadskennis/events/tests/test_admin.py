"""The admin, where staff plan events for now, cannot leave registrations choosing nothing: a part or
a choice that living registrations hold is not deleted, parts are not asked for after people
registered without them, and places added to a part go to the waiting list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.tests.form_walker import browser_submission
from stadskennis.events import registrations
from stadskennis.events.models import (
    EventSession,
    Registration,
    RegistrationOption,
    RegistrationQuestion,
)
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def _admin_form(client, url) -> dict:
    return browser_submission(client.get(url).content.decode())


@pytest.fixture
def planned(cast, centre, gent, client_for):
    """A study day with a full afternoon of one place, someone waiting for it, and a bus."""
    event = make_event(
        owner=centre, actor=cast["editor"], sessions_chosen=True, title="Studiedag", hours=8, capacity=1
    )
    afternoon = EventSession.objects.create(
        event=event, title="Namiddag", starts_at=event.starts_at, ends_at=event.ends_at, capacity=1
    )
    first, second = MemberFactory(organisation=gent), MemberFactory(organisation=gent)
    registrations.register_member(event=event, user=first, sessions=[afternoon])
    waiting = registrations.register_member(event=event, user=second, sessions=[afternoon])
    editor = client_for(cast["editor"])
    return event, afternoon, waiting, editor, reverse("admin:events_event_change", args=[event.pk])


def test_a_part_that_people_chose_is_not_deleted(planned):
    event, afternoon, _waiting, editor, url = planned
    data = _admin_form(editor, url)
    data["sessions-0-DELETE"] = "on"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "“Namiddag” is gekozen door 2 lopende inschrijvingen" in response.content.decode()
    assert EventSession.objects.filter(pk=afternoon.pk).exists()


def test_places_added_to_a_part_are_offered_to_the_waiting_list(planned):
    _event, afternoon, waiting, editor, url = planned
    data = _admin_form(editor, url)
    data["capacity"] = "2"  # a place at the event, but the afternoon they chose is still full
    assert editor.post(url, data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    data = _admin_form(editor, url)
    data["sessions-0-capacity"] = "2"
    assert editor.post(url, data).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED


def test_parts_are_not_asked_for_after_people_registered_without_them(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    registrations.register_member(event=event, user=cast["member"])
    editor = client_for(cast["editor"])
    url = reverse("admin:events_event_change", args=[event.pk])
    data = _admin_form(editor, url)
    data["sessions_chosen"] = ["on"]
    response = editor.post(url, data)
    assert response.status_code == 200 and "zonder sessies te kiezen" in response.content.decode()
    event.refresh_from_db()
    assert not event.sessions_chosen


def test_a_choice_people_took_is_not_deleted_and_its_question_keeps_its_kind(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    question = RegistrationQuestion.objects.create(event=event, label="Bus of trein?")
    bus = RegistrationOption.objects.create(question=question, label="Bus", capacity=1)
    registrations.register_member(event=event, user=cast["member"], answers={question.pk: str(bus.pk)})
    editor = client_for(cast["editor"])
    url = reverse("admin:events_registrationquestion_change", args=[question.pk])
    data = _admin_form(editor, url)
    data["options-0-DELETE"] = "on"
    assert "“Bus” is gekozen door 1 lopende inschrijving" in editor.post(url, data).content.decode()
    data = _admin_form(editor, url)
    data["kind"] = ["text"]
    assert "de soort antwoord blijft dezelfde" in editor.post(url, data).content.decode()
    assert (
        editor.post(reverse("admin:events_registrationquestion_delete", args=[question.pk])).status_code
        == 403
    )
    assert RegistrationOption.objects.filter(pk=bus.pk).exists()
    question.refresh_from_db()
    assert question.kind == RegistrationQuestion.Kind.CHOICE


def test_an_editor_adds_a_question_with_choices_in_the_admin(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    editor = client_for(cast["editor"])
    url = reverse("admin:events_registrationquestion_add") + f"?event={event.pk}"
    data = _admin_form(editor, url)
    data.update({"event": [str(event.pk)], "label": "Overnachting", "kind": ["choice"], "required": ["on"]})
    data.update({"options-0-label": "Hotel", "options-0-capacity": "20", "options-1-label": "Geen"})
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = RegistrationQuestion.objects.get(event=event)
    assert [(o.label, o.capacity) for o in question.options.all()] == [("Hotel", 20), ("Geen", None)]
    assert "Overnachting" in client_for(cast["member"]).get(event.get_absolute_url()).content.decode()


def test_a_question_is_added_only_to_an_event_the_editor_may_plan(cast, centre, client_for):
    from stadskennis.accounts.tests.factories import EditorFactory
    from stadskennis.events import intervisie

    other_editor = EditorFactory(organisation=centre)
    closed = make_event(owner=centre, actor=other_editor, kind="intervisie")
    intervisie.intervisie_close(event=closed, actor=other_editor)
    editor = client_for(cast["editor"])
    url = reverse("admin:events_registrationquestion_add")
    data = _admin_form(editor, url)
    data.update({"event": [str(closed.pk)], "label": "Sluipvraag", "kind": ["text"]})
    response = editor.post(url, data)
    assert response.status_code == 200 and not RegistrationQuestion.objects.exists()


def test_an_answered_question_keeps_its_kind_on_the_events_page_too(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    question = RegistrationQuestion.objects.create(event=event, label="Bus of trein?")
    bus = RegistrationOption.objects.create(question=question, label="Bus")
    registrations.register_member(event=event, user=cast["member"], answers={question.pk: str(bus.pk)})
    editor = client_for(cast["editor"])
    url = reverse("admin:events_event_change", args=[event.pk])
    data = _admin_form(editor, url)
    data["questions-0-kind"] = ["text"]
    assert "de soort antwoord blijft dezelfde" in editor.post(url, data).content.decode()
    question.refresh_from_db()
    assert question.kind == RegistrationQuestion.Kind.CHOICE


def test_a_choice_in_the_admin_has_no_bar_and_no_namesake(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    editor = client_for(cast["editor"])
    url = reverse("admin:events_registrationquestion_add")
    data = _admin_form(editor, url)
    data.update({"event": [str(event.pk)], "label": "Vervoer", "kind": ["choice"]})
    data.update({"options-0-label": "Bus | trein", "options-1-label": "Fiets"})
    assert "heeft geen streep" in editor.post(url, data).content.decode()
    data.update({"options-0-label": "Fiets", "options-1-label": "fiets"})
    assert "Elke keuze heeft een eigen naam" in editor.post(url, data).content.decode()
    assert not RegistrationQuestion.objects.exists()


def test_an_event_people_registered_for_is_cancelled_not_deleted_in_the_admin(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    registrations.register_member(event=event, user=cast["member"])
    editor = client_for(cast["editor"])
    assert editor.get(reverse("admin:events_event_delete", args=[event.pk])).status_code == 403
    empty = make_event(owner=centre, actor=cast["editor"])
    assert editor.get(reverse("admin:events_event_delete", args=[empty.pk])).status_code == 200
