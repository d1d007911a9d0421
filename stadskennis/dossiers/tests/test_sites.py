"""A public dossier site: its collection's public items only, facets that narrow and count, the map
per municipality, its feed, and its own host name."""

from __future__ import annotations

import feedparser
import pytest
from django.utils import timezone

from stadskennis.core.reference import reference_load
from stadskennis.dossiers.services import entry_add, site_create
from stadskennis.indicators.selectors import municipality_by_code
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db
FIELDS = [("functie", "Nieuwe functie"), ("jaar", "Jaar")]


@pytest.fixture
def churches(gent, cast):
    reference_load()  # the municipalities
    site = site_create(slug="kerken", title="Kerken herbestemd", introduction="Wat *steden* deden.",
                       fields=FIELDS, actor=cast["editor"])  # fmt: skip
    today = timezone.localdate()
    cases = [
        ("Kerk in Gent wordt bib", "44021", {"functie": "bibliotheek", "jaar": "2019"}, "public"),
        ("Kerk in Gent wordt woning", "44021", {"functie": "wonen", "jaar": "2020"}, "public"),
        ("Kerk in Kortrijk deelt", "34022", {"functie": "wonen", "jaar": "2019"}, "public"),
        ("Interne case", "11002", {"functie": "wonen", "jaar": "2019"}, "network"),
    ]
    for title, code, values, visibility in cases:
        item = KnowledgeItemFactory(owner=gent, kind="case", title=title, visibility=visibility)
        entry_add(site=site, item=item, municipality=municipality_by_code(code, today), values=values,
                  actor=cast["editor"])  # fmt: skip
    other = KnowledgeItemFactory(owner=gent, kind="case", title="Niet in het dossier")
    assert other.pk
    return site


def test_the_site_shows_its_public_entries_with_facets_that_count(churches, client):
    page = client.get("/dossiers/kerken/").content.decode()
    assert "Kerk in Gent wordt bib" in page and "Kerk in Kortrijk deelt" in page
    assert "Interne case" not in page and "Niet in het dossier" not in page
    assert "3 van 3 getoond" in page
    assert '<a href="?functie=wonen">wonen</a> <span class="count">(2)</span>' in page
    assert "<em>steden</em>" in page

    page = client.get("/dossiers/kerken/", {"functie": "wonen"}).content.decode()
    assert "2 van 3 getoond" in page and "Kerk in Gent wordt bib" not in page
    # The year facet counts within the choice; the function facet counts as if it were not chosen.
    assert '<a href="?functie=wonen&amp;jaar=2019">2019</a> <span class="count">(1)</span>' in page
    assert '<a href="?functie=bibliotheek">bibliotheek</a> <span class="count">(1)</span>' in page

    page = client.get("/dossiers/kerken/", {"gemeente": "44021", "zoek": "woning"}).content.decode()
    assert "1 van 3 getoond" in page and "Kerk in Gent wordt woning" in page


def test_the_map_counts_the_entries_shown_per_municipality(churches, client):
    page = client.get("/dossiers/kerken/").content.decode()
    assert "<title>Gent: 2</title>" in page and "<title>Kortrijk: 1</title>" in page
    assert '<th scope="row">Gent</th><td>2</td>' in page
    page = client.get("/dossiers/kerken/", {"jaar": "2020"}).content.decode()
    assert "<title>Gent: 1</title>" in page and "Kortrijk: 1" not in page


def test_the_feed_carries_the_public_entries(churches, client):
    feed = feedparser.parse(client.get("/dossiers/kerken/rss.xml").content)
    assert not feed.bozo and feed.feed.title == "Kerken herbestemd"
    assert sorted(e.title for e in feed.entries) == ["Kerk in Gent wordt bib", "Kerk in Gent wordt woning",
                                                     "Kerk in Kortrijk deelt"]  # fmt: skip


def test_odd_parameters_show_nothing_found_not_an_error(churches, client):
    for params in ({"functie": "x" * 5000}, {"gemeente": "²"}, {"zoek": "\u202e"}, {"pagina": "-1"}):
        response = client.get("/dossiers/kerken/", params)
        assert response.status_code == 200, params
    assert client.get("/dossiers/bestaat-niet/").status_code == 404


def test_a_site_answers_on_its_own_host_name(churches, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "kerken.example.org", "ander.example.org"]
    churches.host = "kerken.example.org"
    churches.save()
    page = client.get("/", HTTP_HOST="kerken.example.org")
    assert page.status_code == 200 and "Kerken herbestemd" in page.content.decode()
    item = client.get(page.context["rows"][0][0].item.get_absolute_url(), HTTP_HOST="kerken.example.org")
    assert item.status_code == 200  # the platform behind it
    assert "Kerken herbestemd" not in client.get("/", HTTP_HOST="ander.example.org").content.decode()
