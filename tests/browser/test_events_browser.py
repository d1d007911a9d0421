"""The Agenda in real Chromium: a member registers in one click, a guest through the form and the
mailed link; every page without axe-core violations on a laptop and a phone, nothing from another
host. With SCREENSHOT_DIR set it keeps event.png and agenda.png."""

from __future__ import annotations

import os
from datetime import timedelta
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
    chosen = make_event(owner=event.owner, title="Studiedag in twee delen", sessions_chosen=True,
                        audience=Event.Audience.PUBLIC, hours=8)  # fmt: skip
    for title, hour, audience in (("Voormiddag", 0, ""), ("Namiddag voor leden", 4, "members")):
        EventSession.objects.create(
            event=chosen, title=title, starts_at=chosen.starts_at + timedelta(hours=hour),
            ends_at=chosen.starts_at + timedelta(hours=hour + 3), audience=audience, capacity=20,
        )  # fmt: skip
    pages = (
        "/agenda/",
        event.get_absolute_url(),
        chosen.get_absolute_url(),
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
            ("event-sessions", chosen.get_absolute_url()),
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


def test_an_intervisie_is_accepted_and_worked_on_accessibly(visit, event):
    """The organiser closes an intervisie and invites; the participant accepts the statement and
    submits a case. Both pages without axe-core violations; with SCREENSHOT_DIR, intervisie-*.png."""
    from stadskennis.accounts.models import User
    from stadskennis.events import intervisie

    editor = User.objects.get(email="redacteur@centrum.example")
    closed = make_event(
        owner=event.owner, actor=editor, title="Intervisie leegstand", kind=Event.Kind.INTERVISIE,
        summary="Drie steden bespreken een vastgelopen dossier.",
    )  # fmt: skip
    intervisie.intervisie_close(event=closed, actor=editor)
    intervisie.participant_invite(event=closed, user=User.objects.get(email="lid@gent.example"), actor=editor)
    member = visit()
    member.login("lid@gent.example", PASSWORD)
    member.page.goto(closed.get_absolute_url())
    assert member.page.get_by_role("heading", name="Casussen").count() == 0
    if os.environ.get("SCREENSHOT_DIR"):
        member.page.set_viewport_size({"width": 1280, "height": 900})
        member.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "intervisie-invited.png"), full_page=True
        )
    problems = member.problems_at_widths((closed.get_absolute_url(),))
    member.page.get_by_role("button", name="Ik aanvaard de verklaring en neem deel").click()
    member.page.get_by_label("Titel van je casus").fill("Een pand dat zes jaar leeg staat")
    member.page.get_by_label("Je casus", exact=True).fill("De eigenaar reageert niet. Wat deden jullie?")
    member.page.get_by_role("button", name="Indienen bij de groep").click()
    assert "Een pand dat zes jaar leeg staat" in member.page.inner_text("main")
    organiser = visit()
    organiser.login("redacteur@centrum.example", PASSWORD)
    participants = f"/agenda/{closed.slug}/deelnemers/"
    problems |= member.problems_at_widths((closed.get_absolute_url(),))
    problems |= organiser.problems_at_widths((participants,))
    assert problems == {}
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        shots = [
            ("intervisie-participant", member, closed.get_absolute_url()),
            ("intervisie-organiser", organiser, participants),
        ]
        for name, v, path in shots:
            v.page.set_viewport_size({"width": 1280, "height": 900})
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_feedback_form_and_its_summary_are_accessible(visit, event):
    """A participant answers the form from the mail (without an account); the organiser reads the
    summary. With SCREENSHOT_DIR: feedback.png, feedback-summary.png, registration-qr.png."""
    from datetime import timedelta

    from django.utils import timezone

    from stadskennis.accounts.models import User
    from stadskennis.events import attendance, registrations

    editor = User.objects.get(email="redacteur@centrum.example")
    Event.objects.filter(pk=event.pk).update(capacity=None)
    came = []
    for n in range(5):
        person = MemberFactory(email=f"deelnemer{n}@gent.example", organisation=event.owner)
        registration = registrations.register_member(event=event, user=person)
        came.append(attendance.check_in(registration=registration, actor=editor))
    qr_page = came[0].get_absolute_url()
    participant = visit(javascript=False)
    if os.environ.get("SCREENSHOT_DIR"):
        participant.page.set_viewport_size({"width": 1280, "height": 900})
        participant.page.goto(qr_page)
        participant.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "registration-qr.png"), full_page=True
        )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    form_page = f"/agenda/inschrijving/{came[0].token}/feedback/"
    checker = visit()  # axe-core runs in the page: a browser with JavaScript (the form needs none)
    problems = checker.problems_at_widths((form_page, qr_page))
    if os.environ.get("SCREENSHOT_DIR"):
        checker.page.set_viewport_size({"width": 1280, "height": 900})
        checker.page.goto(form_page)
        checker.page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "feedback.png"), full_page=True)
    for n, registration in enumerate(came):
        participant.page.goto(f"/agenda/inschrijving/{registration.token}/feedback/")
        for question in ("overall", "content", "organisation", "usefulness"):
            participant.page.check(f"input[name={question}][value='{3 + n % 3}']")
        participant.page.get_by_label("Opmerking").fill(f"Opmerking {n}")
        participant.page.get_by_role("button", name="Feedback versturen").click()
        assert "Bedankt" in participant.page.inner_text("main")
    organiser = visit()
    organiser.login("redacteur@centrum.example", PASSWORD)
    summary = f"/agenda/{event.slug}/feedback/"
    problems |= organiser.problems_at_widths((summary,))
    assert problems == {}
    organiser.page.goto(summary)
    assert "Opmerking 4" in organiser.page.inner_text("main")
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        for name, v, path in (("feedback-summary", organiser, summary),):
            v.page.set_viewport_size({"width": 1280, "height": 900})
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_registration_questions_are_answered_changed_and_listed_accessibly(visit, event):
    """A member answers an event's questions (a choice with places, a text), changes a choice on their
    registration's page; the organiser's list shows it. No axe-core violations on the three pages;
    with SCREENSHOT_DIR, questions-*.png."""
    from stadskennis.events.models import RegistrationOption, RegistrationQuestion

    lunch = RegistrationQuestion.objects.create(event=event, label="Lunch", required=True, position=1)
    for n, label in enumerate(("Broodjes", "Vegetarisch", "Ik eet niet mee"), start=1):
        RegistrationOption.objects.create(
            question=lunch, label=label, position=n, capacity=1 if n == 1 else None
        )
    RegistrationQuestion.objects.create(
        event=event, label="Vraag voor de sprekers", kind=RegistrationQuestion.Kind.TEXT, position=2
    )
    member = visit()
    member.login("lid@gent.example", PASSWORD)
    member.page.goto(event.get_absolute_url())
    member.page.get_by_label("Broodjes").check()
    member.page.get_by_label("Vraag voor de sprekers").fill("Hoe hoog is de heffing in Kortrijk?")
    member.page.get_by_role("button", name="Inschrijven").click()
    assert "Je bent ingeschreven" in member.page.inner_text("main")
    registration = Registration.objects.get(event=event)
    member.page.get_by_label("Vegetarisch").check()
    member.page.get_by_role("button", name="Mijn keuzes bewaren").click()
    assert "Je keuzes zijn bewaard" in member.page.inner_text("main")
    assert [str(a) for a in registration.answers.all()] == [
        "Vegetarisch",
        "Hoe hoog is de heffing in Kortrijk?",
    ]
    organiser = visit()
    organiser.login("redacteur@centrum.example", PASSWORD)
    registrants = f"/agenda/{event.slug}/inschrijvingen/"
    organiser.page.goto(registrants)
    assert "Lunch: Vegetarisch" in organiser.page.inner_text("main")
    problems = member.problems_at_widths((event.get_absolute_url(), registration.get_absolute_url()))
    problems |= organiser.problems_at_widths((registrants,))
    assert problems == {}
    organiser.page.goto("/agenda/?soort=%00")  # refused with a 400 page, which reads as well
    assert "niet toegelaten" in organiser.page.inner_text("main") and organiser.axe_violations() == []
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        for v, name, path in (
            (organiser, "questions-event", event.get_absolute_url()),
            (member, "questions-registration", registration.get_absolute_url()),
            (organiser, "questions-registrants", registrants),
            (organiser, "refused-nul", "/agenda/?soort=%00"),
        ):
            v.page.set_viewport_size({"width": 1280, "height": 900})
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_staff_plan_an_event_on_the_platforms_form_accessibly(visit, event):
    """The event form with its programme and questions, new and filled in, without axe-core
    violations; with SCREENSHOT_DIR, event-form.png and event-form-edit.png."""
    from stadskennis.events.models import RegistrationOption, RegistrationQuestion

    bus = RegistrationQuestion.objects.create(event=event, label="Bus?", required=True)
    RegistrationOption.objects.create(question=bus, label="Bus", capacity=50)
    v = visit()
    v.login("redacteur@centrum.example", PASSWORD)
    edit = f"/agenda/{event.slug}/bewerken/"
    v.page.goto("/agenda/nieuw/")
    v.page.get_by_label("Titel", exact=True).first.fill("Werkbezoek Eindhoven")
    assert v.problems_at_widths(("/agenda/nieuw/", edit)) == {}
    v.page.goto(edit)
    v.page.get_by_role("button", name="Bewaren").click()
    assert "De activiteit is bewaard" in v.page.inner_text("main")
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        v.page.set_viewport_size({"width": 1280, "height": 900})
        for name, path in (("event-form", "/agenda/nieuw/"), ("event-form-edit", edit)):
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
