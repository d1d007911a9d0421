"""A theme's dossier shows, city by city, who works on the theme: the expert finder's evidence read
from everything on the theme the viewer may see (issue 13, point 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.privacy import person_erase
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leegstand(db):
    return ThemeFactory(slug="leegstand", name="Leegstand")


def people_in(client, theme, slug: str) -> str:
    """The 'who works on it' part of one city's block."""
    page = client.get(reverse("knowledge:theme", args=[theme.slug])).content.decode()
    if f'id="stad-{slug}"' not in page:
        return ""
    city = page.split(f'id="stad-{slug}"')[1].split("</section>")[0]
    marker = 'data-section="people"'
    if marker not in city:
        return ""
    assert "<h4>Wie werkt eraan</h4>" in city  # the section's heading, in Dutch
    return city.split(marker)[1].split("data-section=")[0]  # up to the next section


def test_people_come_from_the_evidence_on_the_theme_with_the_reason(
    client, leegstand, gent, antwerpen, centre
):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent, function="beleidsmedewerker")
    koen = PersonFactory(first_name="Koen", last_name="Janssens", organisation=antwerpen)
    PersonFactory(first_name="Els", last_name="Wouters", organisation=antwerpen, themes=[leegstand])
    PersonFactory(first_name="Tom", last_name="Elders", organisation=gent)  # nothing on the theme
    KnowledgeItemFactory(title="Leegstandsheffing", owner=gent, themes=[leegstand], contacts=[an])
    WorkgroupFactory(name="Werkgroep leegstand", owner=centre, themes=[leegstand], lead_person=koen,
                     members=[koen])  # fmt: skip

    gent_people = people_in(client, leegstand, "gent")
    antwerp_people = people_in(client, leegstand, "antwerpen")

    assert "An Peeters" in gent_people and an.get_absolute_url() in gent_people
    assert "beleidsmedewerker" in gent_people
    assert "contactpersoon voor: Leegstandsheffing" in gent_people
    assert "Tom Elders" not in gent_people
    assert "Koen Janssens" in antwerp_people and "trekt de werkgroep: Werkgroep leegstand" in antwerp_people
    assert "Els Wouters" in antwerp_people and "opgegeven expertise of functie" in antwerp_people


def test_evidence_the_viewer_may_not_see_names_nobody(client_for, cast, leegstand, antwerpen):
    lies = PersonFactory(first_name="Lies", last_name="Geheim", organisation=antwerpen)
    KnowledgeItemFactory(title="Interne nota leegstand", owner=antwerpen, themes=[leegstand],
                         contacts=[lies], visibility="organisation")  # fmt: skip

    assert "Lies Geheim" not in people_in(client_for(None), leegstand, "antwerpen")
    assert "Lies Geheim" not in people_in(client_for(cast["member"]), leegstand, "antwerpen")  # Gent
    assert "Lies Geheim" in people_in(client_for(cast["other_member"]), leegstand, "antwerpen")


def test_an_erased_person_is_not_shown(client, leegstand, gent, cast):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent, themes=[leegstand])
    assert "An Peeters" in people_in(client, leegstand, "gent")

    person_erase(person=an, actor=cast["editor"])

    assert "Peeters" not in people_in(client, leegstand, "gent")


def test_a_theme_with_only_people_on_it_is_a_link(client, leegstand, gent):
    assert 'href="/kennisbank/thema/leegstand/"' not in client.get("/kennisbank/themas/").content.decode()

    PersonFactory(first_name="An", last_name="Peeters", organisation=gent, themes=[leegstand])

    assert 'href="/kennisbank/thema/leegstand/"' in client.get("/kennisbank/themas/").content.decode()
