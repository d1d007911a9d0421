"""The Agenda in real Chromium: a member registers in one click, a guest through the form and the
mailed link; every page without axe-core violations on a laptop and a phone, nothing from another
host. With SCREENSHOT_DIR set it keeps event.png and agenda.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory, MemberFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.events.models import Event, EventSession, Registration
from stadskennis.events.tests.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event(db):
    centre = OrganisationFactory(slug="kenniscentrum", kind="centre")
    OrganisationFactory(slug="gent", name="Stad Gent")
    MemberFactory(email="lid@gent.example", organisation=centre)
    EditorFactory(email="redacteur@centrum.example", organisation=centre)
    found = make_event(
        owner=centre, title="Studiedag leegstand", audience=Event.Audience.PUBLIC, capacity=2,
        place="Stadhuis Kortrijk", summary="Hoe steden leegstand opsporen en belasten.",
        format=Event.Format.HYBRID, online_url="https://vergaderen.example/leegstand",
    )  # fmt: skip
    EventSession.objects.create(
        event=found, title="Het leegstandsregister", starts_at=found.starts_at, ends_at=found.ends_at,
        guest_speakers="Stad Kortrijk",
    )  # fmt: skip
    return found


def test_a_member_registers_in_one_click_and_sees_the_online_link(visit, event):
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    v.page.goto(event.get_absolute_url())
    assert "vergaderen.example" not in v.page.content()
    v.page.get_by_role("button", name="Inschrijven").click()
    assert "Je bent ingeschreven" in v.page.inner_text("main")
    v.page.goto(event.get_absolute_url())
    assert v.page.get_by_role("link", name="https://vergaderen.example/leegstand").is_visible()


def test_a_guest_registers_and_confirms_without_javascript(visit, event):
    v = visit(javascript=False)
    v.page.goto(event.get_absolute_url())
    v.page.get_by_label("Naam").fill("Ann Smet")
    v.page.get_by_label("E-mailadres").fill("ann@zele.example")
    v.page.get_by_label("Organisatie").fill("Gemeente Zele")
    v.page.get_by_role("button", name="Inschrijven").click()
    assert "Kijk in je mailbox" in v.page.inner_text("main")
    registration = Registration.objects.get(email="ann@zele.example")
    v.page.goto(registration.get_absolute_url())
    v.page.get_by_role("button", name="Bevestig mijn inschrijving").click()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_agenda_pages_are_accessible_on_a_laptop_and_a_phone(visit, event):
    v = visit()
    v.login("redacteur@centrum.example", PASSWORD)
    v.page.goto(event.get_absolute_url())
    v.page.get_by_role("button", name="Inschrijven").click()
    registration = Registration.objects.get(event=event)
    pages = (
        "/agenda/",
        event.get_absolute_url(),
        registration.get_absolute_url(),
        f"/agenda/{event.slug}/inschrijvingen/",
        "/agenda/mijn-agenda/",
        "/agenda/deelname/",
        "/start/",
    )
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        v.page.set_viewport_size({"width": 1280, "height": 900})
        shots = (
            ("event", event.get_absolute_url()),
            ("agenda", "/agenda/"),
            ("registrants", f"/agenda/{event.slug}/inschrijvingen/"),
            ("participation", "/agenda/deelname/"),
        )
        for name, path in shots:
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    anonymous = visit()
    anonymous.page.goto(event.get_absolute_url())
    assert anonymous.axe_violations() == []
