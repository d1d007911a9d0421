"""People's entries and their rights: legal basis, notice, photo, data download, erasure, review."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from stadskennis.core.models import AuditEntry
from stadskennis.knowledge.services import item_create
from stadskennis.network import privacy
from stadskennis.network.models import Person
from stadskennis.network.services import person_create
from stadskennis.network.tests.factories import (
    AssignmentFactory,
    MeetingFactory,
    PersonFactory,
    WorkgroupFactory,
)

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def greet(cast, gent):
    return PersonFactory(
        first_name="Greet",
        last_name="Gentenaar",
        email="greet@gent.example",
        organisation=gent,
        user=cast["member"],
        legal_basis="consent",
        consent_given_at=timezone.now() - timedelta(days=30),
        expertise="leegstand",
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_person_added_by_an_editor_gets_the_notice_by_email(cast, client_for, gent, mailbox):
    response = client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {
            "first_name": "Karel",
            "last_name": "Claes",
            "organisation": gent.pk,
            "email": "karel@gent.example",
            "legal_basis": "legitimate_interest",
        },
    )
    karel = Person.objects.get(email="karel@gent.example")
    assert response["Location"] == karel.get_absolute_url()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m["To"] for m in mailbox] == ["karel@gent.example"]
    body = mailbox[0].get_payload(decode=True).decode()
    assert "Waarom" in body and "/privacy/" in body and "bezwaar" in body
    karel.refresh_from_db()
    assert karel.informed_at is not None


def test_no_notice_for_a_person_with_an_account(cast, gent):
    from django_tasks_db.models import DBTaskResult

    person_create(
        actor=cast["editor"],
        first_name="G",
        last_name="G",
        email="g@gent.example",
        organisation=gent,
        user=cast["member"],
    )
    assert not DBTaskResult.objects.filter(task_path__endswith="send_added_notice").exists()


def test_consent_needs_its_date(cast, client_for, gent):
    response = client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {"first_name": "K", "last_name": "C", "organisation": gent.pk, "legal_basis": "consent"},
    )
    assert "Vul in wanneer de persoon toestemming gaf." in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("member", 403), ("editor", 200)])
def test_only_editors_add_people(cast, client_for, role, status):
    assert client_for(cast[role]).get("/netwerk/mensen/nieuw/").status_code == status


def test_legal_basis_and_consent_date_are_shown_to_logged_in_users(greet, cast, client_for):
    html = client_for(cast["other_member"]).get(greet.get_absolute_url()).content.decode()
    assert "Rechtsgrond" in html and "Toestemming" in html and "gegeven op" in html
    assert "Rechtsgrond" not in client_for(None).get(greet.get_absolute_url()).content.decode()


def test_member_edits_own_profile_but_not_someone_elses(greet, cast, client_for, antwerpen):
    koen = PersonFactory(first_name="Koen", last_name="J", organisation=antwerpen)
    member = client_for(cast["member"])
    member.post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"function": "stadsplanner", "expertise": "ruimte"})
    greet.refresh_from_db()
    assert greet.function == "stadsplanner"
    assert member.post(f"/netwerk/mensen/{koen.pk}/bewerken/", {"function": "x"}).status_code == 403


def test_member_without_entry_makes_one_on_consent(cast, client_for):
    response = client_for(cast["other_member"]).post(
        "/netwerk/mijn-profiel/", {"first_name": "Arne", "last_name": "Antwerpen", "function": "data-analist"}
    )
    person = Person.objects.get(user=cast["other_member"])
    assert response["Location"] == person.get_absolute_url()
    assert person.legal_basis == "consent" and person.consent_given_at is not None
    assert person.organisation == cast["other_member"].organisation


def test_photo_is_checked_and_served_to_members_only(greet, cast, client_for):
    member = client_for(cast["member"])
    fake = SimpleUploadedFile("foto.jpg", b"geen beeld", content_type="image/jpeg")
    html = member.post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo": fake}).content.decode()
    assert "error-summary" in html
    member.post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo": SimpleUploadedFile("foto.png", _png())})
    greet.refresh_from_db()
    assert greet.photo
    assert client_for(cast["other_member"]).get(f"/netwerk/mensen/{greet.pk}/foto/").status_code == 200
    assert client_for(None).get(f"/netwerk/mensen/{greet.pk}/foto/").status_code == 404
    assert "/foto/" not in client_for(None).get(greet.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 200), ("other_member", 404), ("editor", 200)]
)
def test_data_download_for_the_person_and_editors(greet, cast, client_for, role, status):
    assert client_for(cast[role]).get(f"/netwerk/mensen/{greet.pk}/gegevens.json").status_code == status


def test_data_download_holds_everything(greet, cast, client_for, gent):
    item_create(
        actor=cast["editor"],
        title="Leegstandsbeleid Gent",
        kind="practice",
        owner=gent,
        visibility="public",
        contacts=[greet],
    )
    data = json.loads(client_for(cast["member"]).get(f"/netwerk/mensen/{greet.pk}/gegevens.json").content)
    assert data["person"]["email"] == "greet@gent.example"
    assert data["person"]["legal_basis"] == "consent"
    assert data["account"]["email"] == cast["member"].email
    assert data["contact_for_items"][0]["title"] == "Leegstandsbeleid Gent"


def test_erasure_request_then_erasure_keeps_the_knowledge(greet, cast, client_for, gent, mailbox):
    item = item_create(
        actor=cast["editor"],
        title="Leegstandsbeleid Gent",
        kind="practice",
        owner=gent,
        visibility="public",
        contacts=[greet],
    )
    client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/wissing-vragen/")
    greet.refresh_from_db()
    assert greet.erasure_requested_at is not None
    editor = client_for(cast["editor"])
    assert "Greet Gentenaar" in editor.get("/netwerk/beheer/privacy/").content.decode()
    editor.post(f"/netwerk/mensen/{greet.pk}/wissen/", {"confirm": "1"})
    greet.refresh_from_db()
    assert greet.erased_at and greet.email == "" and greet.first_name == ""
    user = cast["member"]
    user.refresh_from_db()
    assert not user.is_active and user.email.endswith("@invalid.example")
    assert "Gentenaar" not in client_for(None).get(greet.get_absolute_url()).content.decode()
    assert "Gentenaar" not in editor.get("/netwerk/").content.decode()
    assert not AuditEntry.objects.filter(object_repr__contains="Gentenaar").exists()
    page = client_for(None).get(item.get_absolute_url()).content.decode()
    assert "een persoon van Stad Gent" in page  # the item stays, its contact anonymised
    assert "Gentenaar" not in client_for(None).get("/zoeken/?q=leegstand").content.decode()


def test_erasure_needs_confirmation_and_an_editor(greet, cast, client_for):
    assert (
        client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/wissen/", {"confirm": "1"}).status_code
        == 403
    )
    client_for(cast["editor"]).post(f"/netwerk/mensen/{greet.pk}/wissen/")
    greet.refresh_from_db()
    assert greet.erased_at is None


def test_inactive_people_are_listed_for_review(greet, cast, client_for, gent, settings):
    old = PersonFactory(
        first_name="Oud",
        last_name="Contact",
        organisation=gent,
        last_active_at=timezone.now() - timedelta(days=4 * 365),
    )
    assert list(privacy.inactive_people()) == [old]
    settings.GDPR_INACTIVE_YEARS = 5
    assert list(privacy.inactive_people()) == []
    settings.GDPR_INACTIVE_YEARS = 3
    editor = client_for(cast["editor"])
    assert "Oud Contact" in editor.get("/netwerk/beheer/privacy/").content.decode()
    editor.post("/netwerk/beheer/privacy/", {"person": old.pk})
    assert list(privacy.inactive_people()) == []
    assert client_for(cast["member"]).get("/netwerk/beheer/privacy/").status_code == 403


def test_privacy_page_is_public(client):
    html = client.get("/privacy/").content.decode()
    assert "Je rechten" in html and "3 jaar" in html


def test_data_download_is_a_json_attachment_with_the_whole_record(greet, cast, client_for, gent, centre):
    from stadskennis.network.models import ActionPoint, Submission
    from stadskennis.network.services import person_update

    group = WorkgroupFactory(
        key="obmi", name="Werkgroep OBMI", owner=centre, visibility="network", members=[greet]
    )
    meeting = MeetingFactory(
        workgroup=group, title="Kick-off", starts_at=timezone.now() - timedelta(days=7), attendees=[greet]
    )
    assignment = AssignmentFactory(workgroup=group, title="Leegstandsregister", deadline=timezone.now())
    Submission.objects.create(
        assignment=assignment,
        owner=gent,
        visibility="network",
        text="Gent telt 1200 panden.",
        submitted_at=timezone.now(),
        submitted_by=greet,
    )
    ActionPoint.objects.create(workgroup=group, meeting=meeting, text="Cijfers delen", owner_person=greet)
    person_update(person=greet, actor=cast["member"], function="stadsplanner")

    response = client_for(cast["editor"]).get(f"/netwerk/mensen/{greet.pk}/gegevens.json")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["function"] == "stadsplanner"
    assert data["person"]["organisation"] == "Stad Gent"
    assert data["person"]["consent_given_at"] == greet.consent_given_at.isoformat()
    assert data["account"]["role"] == "member" and data["account"]["date_joined"]
    assert data["workgroups"] == [{"key": "obmi", "name": "Werkgroep OBMI"}]
    assert data["meetings_attended"][0]["workgroup"] == "Werkgroep OBMI"
    assert data["homework_submitted"][0]["text"] == "Gent telt 1200 panden."
    assert data["action_points"][0]["text"] == "Cijfers delen"
    assert {"action": "update", "object": "Greet Gentenaar"}.items() <= data["audit_log"][-1].items()


def test_erasure_takes_the_name_out_of_every_audit_entry(cast, gent):
    from stadskennis.follows.models import DigestPreference, Follow
    from stadskennis.knowledge.services import item_update

    zoe = person_create(
        actor=cast["editor"],
        first_name="Zoë",
        last_name="Van Daële",
        email="zoe@gent.example",
        organisation=gent,
        user=cast["member"],
        notify=False,
    )
    item = item_create(
        actor=cast["editor"], title="Buurtbudgetten", kind="practice", owner=gent, visibility="public"
    )
    item_update(item=item, actor=cast["editor"], contacts=[zoe])
    Follow.objects.create(user=cast["member"], organisation=gent)
    DigestPreference.objects.create(user=cast["member"], frequency="daily")
    assert (
        AuditEntry.objects.filter(changes__icontains="Zo\\u00eb").exists()
        or AuditEntry.objects.filter(changes__icontains="Zoë").exists()
    )

    privacy.person_erase(person=zoe, actor=cast["editor"])

    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
        assert "Daële" not in text and "zoe@gent.example" not in text and "greet@gent.example" not in text
    item_entry = AuditEntry.objects.get(object_id=str(item.pk), action="update")
    assert item_entry.changes["contacts"] == ["een persoon van Stad Gent"]  # the change itself stays
    assert not Follow.objects.filter(user=cast["member"]).exists()
    assert not DigestPreference.objects.filter(user=cast["member"]).exists()
    cast["member"].refresh_from_db()
    assert cast["member"].organisation == gent and cast["member"].full_name == ""
    assert not cast["member"].has_usable_password()


def test_an_erased_account_can_no_longer_log_in(greet, cast, client_for):
    member = client_for(cast["member"])
    privacy.person_erase(person=greet, actor=cast["editor"])
    assert member.get(f"/netwerk/mensen/{greet.pk}/gegevens.json").status_code == 302


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_an_erasure_request_is_mailed_to_the_editors(cast, client_for, gent, mailbox):
    greet = PersonFactory(first_name="Greet", last_name="Gentenaar", organisation=gent, user=cast["member"])
    client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/wissing-vragen/")
    client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/wissing-vragen/")  # twice: one mail
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mailbox) == 1
    assert sorted(mailbox[0]["To"].split(", ")) == ["bea@centre.example", "ruben@centre.example"]
    assert "/netwerk/beheer/privacy/" in mailbox[0].get_payload(decode=True).decode()
    assert AuditEntry.objects.filter(object_id=str(greet.pk), changes__erasure="requested").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_notice_names_the_legal_basis(cast, client_for, gent, mailbox):
    client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {
            "first_name": "Karel",
            "last_name": "Claes",
            "organisation": gent.pk,
            "email": "karel@gent.example",
            "legal_basis": "public_task",
        },
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    body = mailbox[0].get_payload(decode=True).decode()
    assert "Taak van algemeen belang van de lidorganisatie" in body
    assert body.startswith("Beste Karel")


def test_a_recent_login_keeps_a_person_off_the_inactivity_list(greet, cast):
    long_ago = timezone.now() - timedelta(days=4 * 365)
    Person.objects.filter(pk=greet.pk).update(last_active_at=long_ago)
    type(cast["member"]).objects.filter(pk=cast["member"].pk).update(last_login=timezone.now())
    assert list(privacy.inactive_people()) == []
    type(cast["member"]).objects.filter(pk=cast["member"].pk).update(last_login=long_ago)
    assert list(privacy.inactive_people()) == [greet]
    assert list(privacy.inactive_people(years=5)) == []
    privacy.person_erase(person=greet, actor=cast["editor"])
    assert list(privacy.inactive_people()) == []  # erased people are done


def test_still_active_is_audited_and_a_bad_choice_is_a_404(greet, cast, client_for):
    Person.objects.filter(pk=greet.pk).update(last_active_at=timezone.now() - timedelta(days=4 * 365))
    editor = client_for(cast["editor"])
    assert editor.post("/netwerk/beheer/privacy/", {"person": "abc"}).status_code == 404
    assert editor.post("/netwerk/beheer/privacy/", {}).status_code == 404
    editor.post("/netwerk/beheer/privacy/", {"person": greet.pk})
    greet.refresh_from_db()
    assert greet.last_active_at > timezone.now() - timedelta(minutes=1)
    entry = AuditEntry.objects.filter(object_id=str(greet.pk)).first()
    assert entry.actor == cast["editor"] and entry.changes == {"reviewed": "still active"}


def test_every_page_links_to_the_privacy_page(client):
    assert 'href="/privacy/"' in client.get("/netwerk/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_erasure_holding_a_person_does_not_block_adding_them_as_a_speaker(centre):
    """An erasure locks the person, then waits for an event's lock to cancel registrations; an event
    saved under that lock adds the person as a speaker. If the erasure's lock blocked the speaker,
    the two would deadlock (PostgreSQL; SQLite has one writer and no row locks)."""
    import threading

    from django.db import connection, transaction

    from stadskennis.events.models import EventSession
    from stadskennis.events.tests.factories import make_event

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    person = PersonFactory(organisation=centre)
    event = make_event(owner=centre)
    session = EventSession.objects.create(
        event=event, title="Deel", starts_at=event.starts_at, ends_at=event.ends_at
    )
    outcome = {}

    def add_speaker():
        from django.db import connection as own

        try:
            with transaction.atomic():
                with own.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                session.speakers.add(person)
            outcome["added"] = True
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = repr(error)
        finally:
            own.close()

    with transaction.atomic():
        privacy.locked_for_erasure(person.pk)
        other = threading.Thread(target=add_speaker)
        other.start()
        other.join(15)
    assert outcome == {"added": True}
