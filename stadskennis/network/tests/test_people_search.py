"""People and workgroups in the one search: found by what they do, never by their contact details."""

from __future__ import annotations

import pytest

from stadskennis.network.privacy import person_erase
from stadskennis.network.services import person_update
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(gent):
    return PersonFactory(
        first_name="An",
        last_name="Peeters",
        email="an.peeters@gent.example",
        phone="09 123 45 67",
        organisation=gent,
        function="beleidsmedewerker",
        expertise="leegstand van winkelpanden",
    )


def _found(user, query):
    return [r.title for r in search(user=user, query=query).results]


def test_person_is_found_by_expertise_but_not_by_contact_details(an):
    assert "An Peeters" in _found(None, "leegstand")
    assert "An Peeters" in _found(None, "winkelpand")
    # Each word counts, so her email's words find her by her (public) name; the address itself is
    # not in the index, nor is any part of her phone number.
    assert _found(None, '"an.peeters@gent.example"') == []
    assert _found(None, "example") == []
    assert _found(None, "123 45 67") == []


def test_editing_a_person_is_found_at_once(an):
    person_update(person=an, actor=None, expertise="deelmobiliteit")
    assert "An Peeters" in _found(None, "deelmobiliteit")
    assert "An Peeters" not in _found(None, "leegstand")


def test_erased_person_is_not_found(an, cast):
    assert "An Peeters" in _found(None, "gent")  # by her organisation, which erasure keeps
    person_erase(person=an, actor=cast["administrator"])
    assert _found(None, "leegstand") == [] and _found(None, "gent") == []


def test_draft_workgroup_is_found_by_editors_only(cast, centre):
    WorkgroupFactory(
        name="Werkgroep kernversterking", owner=centre, visibility="draft", created_by=cast["editor"]
    )
    assert "Werkgroep kernversterking" in _found(cast["editor"], "kernversterking")
    for role in ("anonymous", "member", "other_member"):
        assert _found(cast[role], "kernversterking") == []
