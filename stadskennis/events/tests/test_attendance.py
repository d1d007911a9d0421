"""On the day and after: check-in, participation per member city, and speakers and participants as
evidence for "wie is bezig met …?"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import attendance, registrations
from stadskennis.events.models import EventSession, Registration
from stadskennis.events.tests.factories import make_event
from stadskennis.network.expertise import find_experts
from stadskennis.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_organisers_check_in_people_with_a_place_and_nobody_else_can(client_for, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"], capacity=1)
    holder = registrations.register_member(event=event, user=cast["member"])
    waiting = registrations.register_member(event=event, user=cast["other_member"])
    url = reverse("events:check_in", args=[event.slug, holder.pk])
    assert client_for(cast["other_member"]).post(url, {"aanwezig": "ja"}).status_code == 403
    holder.refresh_from_db()
    assert holder.attended_at is None
    client_for(cast["editor"]).post(url, {"aanwezig": "ja"})
    holder.refresh_from_db()
    assert holder.attended_at is not None
    client_for(cast["editor"]).post(
        reverse("events:check_in", args=[event.slug, waiting.pk]), {"aanwezig": "ja"}
    )
    waiting.refresh_from_db()
    assert waiting.attended_at is None  # on the waiting list: not checked in
    client_for(cast["editor"]).post(url, {"aanwezig": "nee"})
    holder.refresh_from_db()
    assert holder.attended_at is None


def test_participation_counts_the_people_who_came_per_member_city(cast, gent, antwerpen, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    came = [MemberFactory(organisation=gent) for _ in range(2)] + [MemberFactory(organisation=antwerpen)]
    stayed_home = MemberFactory(organisation=antwerpen)
    for user in [*came, stayed_home]:
        registrations.register_member(event=event, user=user)
    for registration in Registration.objects.filter(user__in=came):
        attendance.check_in(registration=registration, actor=cast["editor"])
    year = event.starts_at.year
    members = attendance.members_per_year(year)
    assert members["Stad Gent"] == {"events": 1, "people": 2}
    assert members["Stad Antwerpen"] == {"events": 1, "people": 1}
    page = client_for(cast["editor"]).get(reverse("events:participation"), {"jaar": year})
    assert page.status_code == 200 and "Stad Gent" in page.content.decode()
    assert client_for(cast["member"]).get(reverse("events:participation")).status_code == 403
    assert client_for(cast["editor"]).get(reverse("events:participation"), {"jaar": "x"}).status_code == 200


def test_a_speaker_on_a_subject_is_someone_to_call_about_it(cast, gent, centre):
    speaker = PersonFactory(first_name="Lien", last_name="Desmet", organisation=gent)
    event = make_event(owner=centre, title="Studiedag leegstand", visibility="network")
    session = EventSession.objects.create(
        event=event, title="De leegstandsheffing in Gent", starts_at=event.starts_at, ends_at=event.ends_at
    )
    session.speakers.add(speaker)
    from stadskennis.core.outbox import record_change

    record_change(event)
    experts = find_experts(user=cast["member"], query="leegstand")
    assert [e.person for e in experts] == [speaker]
    assert experts[0].evidence[0].title == "Studiedag leegstand"
    assert find_experts(user=None, query="leegstand") == []  # the event is for the network only


def test_attendance_counts_without_naming_the_event(cast, gent, centre):
    attendee = PersonFactory(first_name="Ann", last_name="Peeters", organisation=gent, user=cast["member"])
    event = make_event(owner=centre, title="Workshop leegstand", visibility="network", actor=cast["editor"])
    registration = registrations.register_member(event=event, user=cast["member"])
    attendance.check_in(registration=registration, actor=cast["editor"])
    (expert,) = find_experts(user=cast["other_member"], query="leegstand")
    assert expert.person == attendee
    assert [(e.kind, e.title, e.url) for e in expert.evidence] == [("attended", "", "")]


def test_the_printed_list_badges_and_spreadsheet_hold_the_people_with_a_place(client_for, cast, centre):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    event = make_event(owner=centre, actor=cast["editor"], capacity=1, title="Werkbezoek Eindhoven")
    registrations.register_member(event=event, user=cast["member"])
    registrations.register_member(event=event, user=cast["other_member"])  # waiting: not printed
    staff = client_for(cast["editor"])
    for name in ("events:attendee_list_pdf", "events:badges_pdf"):
        response = staff.get(reverse(name, args=[event.slug]))
        assert response["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert cast["member"].get_full_name() in text and cast["member"].organisation.display_name in text
        assert cast["other_member"].get_full_name() not in text
        assert client_for(cast["other_member"]).get(reverse(name, args=[event.slug])).status_code == 403
    sheet = load_workbook(
        io.BytesIO(staff.get(reverse("events:registrants_xlsx", args=[event.slug])).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Naam", "E-mailadres", "Organisatie")
    assert {r[1] for r in rows[1:]} == {cast["member"].email, cast["other_member"].email}


def test_the_qr_code_on_a_confirmed_registration_checks_its_holder_in(client_for, cast, centre):
    import segno

    event = make_event(owner=centre, actor=cast["editor"], title="Studiedag erfgoed")
    holder = registrations.register_member(event=event, user=cast["member"])
    page = client_for(None).get(holder.get_absolute_url()).content.decode()
    code_url = "http://testserver" + reverse(
        "events:check_in_by_code", args=[attendance.check_in_code(holder)]
    )
    drawn = segno.make(code_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="Aanwezigheidscode"
    )
    assert drawn in page  # the code on the page holds exactly the check-in address
    assert holder.token not in code_url  # and not the secret that cancels the registration

    scan = code_url.removeprefix("http://testserver")
    assert client_for(cast["other_member"]).get(scan).status_code == 403
    assert client_for(None).get(scan).status_code == 302  # log in first
    tampered = scan.replace(scan.split("/")[-2], scan.split("/")[-2][:-2] + "xx")
    assert client_for(cast["editor"]).get(tampered).status_code == 404
    organiser = client_for(cast["editor"])
    shown = organiser.get(scan)
    assert shown.status_code == 200 and "Greet" in shown.content.decode()
    holder.refresh_from_db()
    assert holder.attended_at is None  # looking is not checking in
    assert organiser.post(scan).status_code == 302
    holder.refresh_from_db()
    assert holder.attended_at is not None

    registrations.cancel(registration=holder)
    assert "<svg" not in client_for(None).get(holder.get_absolute_url()).content.decode()
