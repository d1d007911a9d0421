"""The demo cast is one someone per login: the account and its Netwerk person agree."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import User
from stadskennis.core.models import Organisation
from stadskennis.demo.cast import DEMO_LOGINS
from stadskennis.demo.services import demo_load
from stadskennis.network.models import Person

pytestmark = pytest.mark.django_db


def _linked() -> list[Person]:
    return list(Person.objects.filter(user__isnull=False).select_related("user", "organisation"))


def test_every_demo_account_with_a_person_has_its_name_and_organisation():
    demo_load()

    linked = _linked()
    assert {p.user.email for p in linked} == {login.email for login in DEMO_LOGINS if login.person}
    for person in linked:
        assert person.user.full_name == person.full_name, person.user.email
        assert person.user.organisation_id == person.organisation_id, person.user.email


def test_the_member_of_gent_is_the_person_the_netwerk_shows(client):
    demo_load()
    member = User.objects.get(email="lid.gent@stadskennis.example")
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")

    page = client.get(member.person.get_absolute_url()).content.decode()

    assert member.full_name in page


def test_loading_again_mends_a_database_from_an_older_cast():
    # Given a database where the Gent login had another name and another person of Gent
    gent = Organisation.objects.get_or_create(
        slug="gent", defaults={"name": "Stad Gent", "kind": Organisation.Kind.CENTRE_CITY}
    )[0]
    old = User.objects.create_user(
        "lid.gent@stadskennis.example", "x", full_name="Greet Gent", organisation=gent
    )
    stray = Person.objects.create(first_name="Someone", last_name="Else", organisation=gent, user=old)

    demo_load()

    old.refresh_from_db()
    stray.refresh_from_db()
    assert stray.user_id is None
    assert old.full_name == old.person.full_name == "An Peeters"


def test_the_demo_has_three_weeks_of_the_spotlight_one_still_to_come(client):
    from stadskennis.newsletter.models import SpotlightEntry

    demo_load()
    demo_load()  # twice is once
    assert SpotlightEntry.objects.count() == 3
    page = client.get("/nieuwsbrief/speelveld/").content.decode()
    assert "Gebiedsgericht werken" in page and "Memorandum van de centrumsteden" not in page  # next week's


def test_the_demo_has_three_past_newsletters_in_the_archive_with_a_mix(client):
    from stadskennis.newsletter import issues
    from stadskennis.newsletter.models import Issue

    demo_load()
    demo_load()  # twice is once
    sent = list(Issue.objects.filter(status=Issue.Status.SENT).order_by("number"))
    assert [issue.number for issue in sent] == [1, 2, 3] and all(7 != issue.month.month for issue in sent)
    for issue in sent:
        mix = issues.mix(issue)
        assert issue.items.count() >= 5 and not [w for w in mix.warnings if "neemt" in w]
    page = client.get("/nieuwsbrief/archief/").content.decode()
    assert sent[2].items.first().title in page


def test_the_demo_has_the_church_dossier_with_its_cases_on_the_map(client):
    demo_load()
    demo_load()  # twice is once
    page = client.get("/dossiers/kerken/").content.decode()
    assert "2 van 2 getoond" in page  # the third church case is for members only
    assert "<title>Kortrijk: 1</title>" in page and "<title>Turnhout: 1</title>" in page
