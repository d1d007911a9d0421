"""People in the directory: public names, contact details for logged-in members only."""

from __future__ import annotations

import pytest

from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(gent):
    return PersonFactory(
        first_name="An",
        last_name="Peeters",
        email="an.peeters@gent.example",
        phone="09 123 45 67",
        function="beleidsmedewerker wonen",
        organisation=gent,
        expertise="leegstand en woonbeleid",
    )


@pytest.mark.parametrize(
    ("role", "sees_contact"),
    [
        ("anonymous", False),
        ("member", True),
        ("other_member", True),
        ("editor", True),
        ("administrator", True),
    ],
)
def test_contact_details_only_for_logged_in_users(role, sees_contact, cast, client_for, an, gent):
    group = WorkgroupFactory(key="wonen", name="Werkgroep wonen", owner=gent, members=[an])
    client = client_for(cast[role])
    for path in (an.get_absolute_url(), group.get_absolute_url()):
        html = client.get(path).content.decode()
        assert "An Peeters" in html
        assert ("an.peeters@gent.example" in html) is sees_contact, path
    directory = client.get("/netwerk/").content.decode()
    assert "An Peeters" in directory and "an.peeters@gent.example" not in directory
    assert ("09 123 45 67" in client.get(an.get_absolute_url()).content.decode()) is sees_contact


def test_people_are_found_by_expertise(client, an):
    assert "An Peeters" in client.get("/netwerk/", {"q": "leegstand"}).content.decode()
    assert "An Peeters" not in client.get("/netwerk/", {"q": "klimaat"}).content.decode()


def test_organisation_page_shows_nis_code_history(client, gent):
    from datetime import date

    gent.codes.create(code="71022", valid_from=date(1977, 1, 1), valid_until=date(2024, 12, 31))
    gent.codes.create(code="71072", valid_from=date(2025, 1, 1))
    html = client.get(gent.get_absolute_url()).content.decode()
    assert "71022" in html and "71072" in html and "31-12-2024" in html
