"""Who may add and edit people, and what the forms accept: every view × every role, photos checked."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from PIL import Image

from stadskennis.network.models import Person
from stadskennis.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "other_member", "editor", "administrator")


def _image(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, fmt)
    return out.getvalue()


@pytest.fixture
def greet(cast, gent):
    """The member's own entry (the cast's member is linked to it)."""
    return PersonFactory(
        first_name="Greet",
        last_name="Gentenaar",
        email="greet.gentenaar@gent.example",
        organisation=gent,
        user=cast["member"],
        legal_basis="consent",
        consent_given_at=timezone.now() - timedelta(days=30),
    )


def _nl(msgid: str) -> str:
    """The Dutch message, as the catalogue has it (new messages are translated in a later merge)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def _with_photo(person: Person) -> Person:
    person.photo.save("greet.png", SimpleUploadedFile("greet.png", _image()), save=True)
    return person


# --- access, per view and role ------------------------------------------------------------------

EXPECTED = {
    # view: status per role, in the order of ROLES
    "create": (302, 403, 403, 200, 200),
    "edit": (302, 200, 403, 200, 200),
    "photo": (404, 200, 200, 200, 200),
    "data": (302, 200, 404, 200, 200),
    "review": (302, 403, 403, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", EXPECTED)
def test_access_per_view_and_role(view, role, greet, cast, client_for):
    _with_photo(greet)
    url = {
        "create": "/netwerk/mensen/nieuw/",
        "edit": f"/netwerk/mensen/{greet.pk}/bewerken/",
        "photo": f"/netwerk/mensen/{greet.pk}/foto/",
        "data": f"/netwerk/mensen/{greet.pk}/gegevens.json",
        "review": "/netwerk/beheer/privacy/",
    }[view]
    response = client_for(cast[role]).get(url)
    assert response.status_code == EXPECTED[view][ROLES.index(role)]
    if role == "anonymous" and response.status_code == 302:
        assert "/account/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status", "requested"),
    [
        ("anonymous", 302, False),
        ("member", 302, True),
        ("other_member", 404, False),
        ("editor", 302, True),
    ],
)
def test_who_may_ask_for_erasure(role, status, requested, greet, cast, client_for):
    response = client_for(cast[role]).post(f"/netwerk/mensen/{greet.pk}/wissing-vragen/")
    assert response.status_code == status
    greet.refresh_from_db()
    assert (greet.erasure_requested_at is not None) is requested


@pytest.mark.parametrize(
    ("role", "status", "erased"),
    [
        ("anonymous", 302, False),
        ("member", 403, False),  # not even their own: an editor carries it out
        ("other_member", 403, False),
        ("editor", 302, True),
        ("administrator", 302, True),
    ],
)
def test_only_editors_erase(role, status, erased, greet, cast, client_for):
    response = client_for(cast[role]).post(f"/netwerk/mensen/{greet.pk}/wissen/", {"confirm": "1"})
    assert response.status_code == status
    greet.refresh_from_db()
    assert greet.is_erased is erased


def test_erasure_is_a_post(greet, cast, client_for):
    editor = client_for(cast["editor"])
    assert editor.get(f"/netwerk/mensen/{greet.pk}/wissen/").status_code == 405
    assert editor.get(f"/netwerk/mensen/{greet.pk}/wissing-vragen/").status_code == 405
    greet.refresh_from_db()
    assert not greet.is_erased and greet.erasure_requested_at is None


def test_an_erased_person_has_no_forms_photo_or_second_erasure(greet, cast, client_for):
    _with_photo(greet)
    editor = client_for(cast["editor"])
    editor.post(f"/netwerk/mensen/{greet.pk}/wissen/", {"confirm": "1"})
    assert editor.get(f"/netwerk/mensen/{greet.pk}/bewerken/").status_code == 404
    assert editor.get(f"/netwerk/mensen/{greet.pk}/foto/").status_code == 404
    assert editor.post(f"/netwerk/mensen/{greet.pk}/wissen/", {"confirm": "1"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "links"),
    [("anonymous", False), ("other_member", False), ("member", True), ("editor", True)],
)
def test_person_page_offers_data_and_erasure_to_the_person_and_editors(role, links, greet, cast, client_for):
    html = client_for(cast[role]).get(greet.get_absolute_url()).content.decode()
    assert (f"/netwerk/mensen/{greet.pk}/gegevens.json" in html) is links
    assert (f"/netwerk/mensen/{greet.pk}/wissing-vragen/" in html) is links
    assert (f"/netwerk/mensen/{greet.pk}/wissen/" in html) is (role == "editor")


@pytest.mark.parametrize(("role", "shown"), [("anonymous", False), ("other_member", True)])
def test_photo_on_the_person_page_only_for_logged_in_users(role, shown, greet, cast, client_for):
    _with_photo(greet)
    html = client_for(cast[role]).get(greet.get_absolute_url()).content.decode()
    assert (f"/netwerk/mensen/{greet.pk}/foto/" in html) is shown
    assert "/media/" not in html


def test_photo_is_not_cached_by_shared_caches(greet, cast, client_for):
    _with_photo(greet)
    response = client_for(cast["other_member"]).get(f"/netwerk/mensen/{greet.pk}/foto/")
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == greet.photo.open("rb").read()


# --- the editors' form --------------------------------------------------------------------------


def test_editor_adds_a_key_person_with_photo_and_legal_basis(cast, client_for, gent):
    response = client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {
            "first_name": "Karel",
            "last_name": "Claes",
            "function": "diensthoofd wonen",
            "organisation": gent.pk,
            "department": "Wonen",
            "expertise": "leegstand, conceptwonen",
            "phone": "09 266 00 00",
            "legal_basis": "public_task",
            "photo": SimpleUploadedFile("karel.webp", _image("WEBP"), content_type="image/webp"),
        },
    )
    karel = Person.objects.get(last_name="Claes")
    assert response["Location"] == karel.get_absolute_url()
    assert karel.legal_basis == "public_task" and karel.added_by == cast["editor"]
    assert karel.photo.name.startswith(f"people/{karel.pk}/")
    html = client_for(cast["other_member"]).get(karel.get_absolute_url()).content.decode()
    assert "Taak van algemeen belang van de lidorganisatie" in html


def test_invalid_photo_gets_a_dutch_field_error_and_nothing_is_saved(cast, client_for, gent):
    fake = SimpleUploadedFile("foto.jpg", b"dit is tekst, geen foto", content_type="image/jpeg")
    response = client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {
            "first_name": "Karel",
            "last_name": "Claes",
            "organisation": gent.pk,
            "legal_basis": "legitimate_interest",
            "photo": fake,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_photo">Foto</a>: Upload een geldige afbeelding' in html
    assert not Person.objects.exists()


def test_a_gif_is_refused(greet, cast, client_for):
    gif = SimpleUploadedFile("foto.gif", _image("GIF"), content_type="image/gif")
    html = client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo": gif})
    assert 'href="#id_photo">Foto</a>: Gebruik een JPEG-, PNG- of WebP-foto.' in html.content.decode()
    greet.refresh_from_db()
    assert not greet.photo


def test_a_photo_over_5_mb_is_refused(greet, cast, client_for):
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert out.tell() > 5 * 1024 * 1024
    big = SimpleUploadedFile("groot.png", out.getvalue(), content_type="image/png")
    html = client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo": big})
    assert "Een foto mag hoogstens 5 MB groot zijn." in html.content.decode()
    greet.refresh_from_db()
    assert not greet.photo


def test_a_replaced_photo_leaves_no_file_behind(greet, cast, client_for):
    _with_photo(greet)
    old = greet.photo.name
    new = SimpleUploadedFile("nieuw.jpg", _image("JPEG"), content_type="image/jpeg")
    client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo": new})
    greet.refresh_from_db()
    assert greet.photo.name.endswith("nieuw.jpg")
    assert not default_storage.exists(old)


def test_clearing_the_photo_removes_the_file(greet, cast, client_for):
    _with_photo(greet)
    old = greet.photo.name
    client_for(cast["member"]).post(f"/netwerk/mensen/{greet.pk}/bewerken/", {"photo-clear": "on"})
    greet.refresh_from_db()
    assert not greet.photo and not default_storage.exists(old)


def test_consent_needs_a_date_that_is_not_in_the_future(cast, client_for, gent):
    data = {"first_name": "K", "last_name": "C", "organisation": gent.pk, "legal_basis": "consent"}
    editor = client_for(cast["editor"])
    html = editor.post("/netwerk/mensen/nieuw/", data).content.decode()
    assert 'href="#id_consent_given_at">' in html
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    html = editor.post("/netwerk/mensen/nieuw/", {**data, "consent_given_at": later}).content.decode()
    message = _nl("Consent cannot be given in the future.")
    assert f'href="#id_consent_given_at">Toestemming gegeven</a>: {message}' in html
    assert not Person.objects.exists()


def test_an_email_address_is_used_once(greet, cast, client_for, gent):
    response = client_for(cast["editor"]).post(
        "/netwerk/mensen/nieuw/",
        {
            "first_name": "Tweede",
            "last_name": "Greet",
            "organisation": gent.pk,
            "email": "Greet.Gentenaar@gent.example",
            "legal_basis": "legitimate_interest",
        },
    )
    assert response.status_code == 200
    message = _nl("Another person in the network already has this email address.")
    assert f'href="#id_email">E-mailadres</a>: {message}' in response.content.decode()
    assert Person.objects.count() == 1


def test_editor_edits_anyone_and_the_change_is_audited(greet, cast, client_for, antwerpen):
    from stadskennis.core.models import AuditEntry

    response = client_for(cast["editor"]).post(
        f"/netwerk/mensen/{greet.pk}/bewerken/",
        {
            "first_name": "Greet",
            "last_name": "Gentenaar",
            "organisation": antwerpen.pk,
            "legal_basis": "consent",
            "consent_given_at": "2025-03-01T10:00",
            "email": "greet.gentenaar@gent.example",
        },
    )
    assert response.status_code == 302
    greet.refresh_from_db()
    assert greet.organisation == antwerpen
    assert AuditEntry.objects.filter(object_id=str(greet.pk), action="update").exists()


# --- a member's own profile ---------------------------------------------------------------------


def test_member_cannot_change_organisation_or_legal_basis(greet, cast, client_for, antwerpen):
    client_for(cast["member"]).post(
        f"/netwerk/mensen/{greet.pk}/bewerken/",
        {
            "function": "beleidsmedewerker",
            "department": "Stedenbeleid",
            "expertise": "leegstand",
            "phone": "09 123 45 67",
            "organisation": antwerpen.pk,
            "legal_basis": "public_task",
            "first_name": "Iemand",
        },
    )
    greet.refresh_from_db()
    assert (greet.function, greet.department, greet.phone) == (
        "beleidsmedewerker",
        "Stedenbeleid",
        "09 123 45 67",
    )
    assert greet.organisation.slug == "gent" and greet.legal_basis == "consent"
    assert greet.first_name == "Greet"
    assert greet.last_active_at > timezone.now() - timedelta(minutes=1)


def test_member_form_shows_only_their_fields(greet, cast, client_for):
    html = client_for(cast["member"]).get(f"/netwerk/mensen/{greet.pk}/bewerken/").content.decode()
    assert 'name="function"' in html and 'name="photo"' in html
    assert 'name="organisation"' not in html and 'name="legal_basis"' not in html


def test_profile_page_links_to_the_network_profile(cast, client_for):
    html = client_for(cast["member"]).get("/account/profiel/").content.decode()
    assert "/netwerk/mijn-profiel/" in html


def test_my_entry_sends_a_member_with_an_entry_to_its_form(greet, cast, client_for):
    response = client_for(cast["member"]).get("/netwerk/mijn-profiel/")
    assert response["Location"] == f"/netwerk/mensen/{greet.pk}/bewerken/"


def test_a_member_claims_the_entry_the_centre_made_for_them(cast, client_for, antwerpen):
    arne = PersonFactory(
        first_name="Arne", last_name="Aerts", email="ARNE@antwerpen.example", organisation=antwerpen
    )
    member = client_for(cast["other_member"])
    html = member.get("/netwerk/mijn-profiel/").content.decode()
    assert "Arne Aerts" in html and f'name="claim" value="{arne.pk}"' in html
    arne.refresh_from_db()
    assert arne.user is None  # a GET changes nothing
    response = member.post("/netwerk/mijn-profiel/", {"claim": arne.pk})
    assert response["Location"] == f"/netwerk/mensen/{arne.pk}/bewerken/"
    arne.refresh_from_db()
    assert arne.user == cast["other_member"]
    assert Person.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_member_who_makes_their_own_entry_gets_no_notice(cast, client_for, mailbox):
    response = client_for(cast["other_member"]).post(
        "/netwerk/mijn-profiel/",
        {"first_name": "Arne", "last_name": "Aerts", "function": "data-analist", "themes": []},
    )
    arne = Person.objects.get(user=cast["other_member"])
    assert response["Location"] == arne.get_absolute_url()
    assert arne.email == "arne@antwerpen.example" and arne.legal_basis == "consent"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert mailbox == []
