"""A NUL character in an address or an API body: PostgreSQL cannot hold it, so it is refused with a
clear message before any query, on every page and endpoint (it was a 500 on the agenda's filters)."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db

PAGES = [
    "/agenda/?soort=a%00b",
    "/agenda/?thema=%00&stad=x",
    "/kennisbank/?q=leeg%00stand",
    "/zoeken/?q=a%00b",
    "/netwerk/mensen/?q=%00",
]
API = ["/api/events?kind=%00", "/api/items?theme=%00", "/api/people?q=%00", "/api/search?q=%00"]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_refuses_a_nul_character_in_plain_dutch(client_for, cast, url):
    response = client_for(cast["editor"]).get(url)
    assert response.status_code == 400
    assert "bevat een teken dat niet toegelaten is (NUL)" in response.content.decode()


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_a_nul_character_naming_the_parameter(client, url):
    response = client.get(url)
    assert response.status_code == 422
    field = url.split("?")[1].split("=")[0]
    assert response.json()["errors"][0]["field"] == field


def test_the_api_refuses_a_nul_character_in_a_json_body_naming_the_field(client, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"])
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    response = client.post(
        f"/api/events/{event.slug}/registrations",
        {"answers": [{"question": 1, "text": "a\x00b"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "answers.0.text"
    assert "(NUL)" in response.json()["detail"]
    assert not event.registrations.exists()


def test_an_ordinary_address_passes(client):
    assert client.get("/agenda/?soort=workshop").status_code == 200


def test_the_api_checks_a_json_body_whatever_its_content_type_says(client, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"])
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    response = client.post(
        f"/api/events/{event.slug}/registrations",
        '{"answers": [{"question": 1, "text": "a\\u0000b"}]}',
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400 and not event.registrations.exists()


def test_an_anonymous_body_is_not_read_at_all(client, centre, cast):
    event = make_event(owner=centre, actor=cast["editor"])
    response = client.post(
        f"/api/events/{event.slug}/registrations", '{"a": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 401  # the key first; no body is walked for whoever has none


def test_a_form_post_registers_as_before_bodies_were_read(client, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"])
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    response = client.post(
        f"/api/events/{event.slug}/registrations", {"x": "1"}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )  # multipart, as requests.post(data=…) sends it
    assert response.status_code == 201


def test_a_body_nested_past_reading_is_a_400_not_a_500(client, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"])
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    response = client.post(
        f"/api/events/{event.slug}/registrations",
        "[" * 100_000,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400


def test_a_nul_character_in_the_path_is_refused_too(client):
    assert client.get("/agenda/inschrijving/a%00b/").status_code == 400
    assert client.get("/api/events/a%00b").status_code == 422


def test_a_request_for_a_host_we_do_not_serve_is_a_400_in_the_callers_language(client):
    page = client.get("/agenda/", HTTP_HOST="elders.example")
    assert page.status_code == 400 and "Dit verzoek kan niet verwerkt worden" in page.content.decode()
    api = client.get("/api/events", HTTP_HOST="elders.example")
    assert api.status_code == 400 and api.json()["detail"] == "Dit verzoek kan niet verwerkt worden."
