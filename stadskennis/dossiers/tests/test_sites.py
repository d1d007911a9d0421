"""A public dossier site: its collection's public items only, facets that narrow and count, the map
per municipality, its feed, and its own host name."""

from __future__ import annotations

import re

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
    for params in ({"functie": "x" * 5000}, {"gemeente": "²"}, {"zoek": "\u202e"}):
        response = client.get("/dossiers/kerken/", params)
        assert response.status_code == 200 and "0 van 3 getoond" in response.content.decode(), params
    junk = client.get("/dossiers/kerken/", {"utm_source": "x" * 500, "functie": "wonen"}).content.decode()
    facet_links = re.findall(r'href="(\?[^"]*)"', junk)
    assert facet_links and not [link for link in facet_links if "utm_source" in link]  # the choices only
    assert "2 van 3 getoond" in junk
    assert client.get("/dossiers/bestaat-niet/").status_code == 404


def test_what_is_not_public_is_nowhere_on_the_site(churches, cast, client):
    from stadskennis.core.services import content_soft_delete
    from stadskennis.knowledge.models import KnowledgeItem

    content_soft_delete(obj=KnowledgeItem.objects.get(title="Kerk in Kortrijk deelt"), actor=cast["editor"])
    page = client.get("/dossiers/kerken/").content.decode()
    assert "Kerk in Kortrijk deelt" not in page and "Kortrijk" not in page  # nor on the map or in a facet
    assert "Interne case" not in page and "Antwerpen" not in page
    assert "2 van 2 getoond" in page


def test_a_municipality_merged_in_2025_is_shown_as_the_one_it_became(churches, gent, cast, client):
    from datetime import date

    for title, code in (("Kerk in Kortessem", "73040"), ("Kerk in Hasselt", "71022")):  # both merged in 2025
        item = KnowledgeItemFactory(owner=gent, kind="case", title=title)
        place = municipality_by_code(code, date(2020, 1, 1))
        entry_add(site=churches, item=item, municipality=place, values={}, actor=cast["editor"])
    page = client.get("/dossiers/kerken/").content.decode()
    assert "<title>Hasselt: 2</title>" in page and '<th scope="row">Hasselt</th><td>2</td>' in page
    assert '<th scope="row">Kortessem</th>' not in page and "<title>Kortessem" not in page
    assert '<a href="?gemeente=71072">Hasselt</a> <span class="count">(2)</span>' in page


def test_the_admin_checks_an_entrys_values_and_a_fields_key(churches, gent):
    from django.core.exceptions import ValidationError

    from stadskennis.dossiers.models import DossierEntry, DossierField

    entry = DossierEntry(site=churches, item=KnowledgeItemFactory(owner=gent), values=None)
    entry.clean()
    assert entry.values == {}
    for values, message in (
        ([1, 2], "Schrijf de waarden als"),
        ({"kleur": "rood"}, "“kleur” is geen veld van deze site: functie, jaar."),
        ({"jaar": ["2019"]}, "De waarde van “jaar” moet een tekst"),
        ({"jaar": "x" * 501}, "De waarde van “jaar” moet een tekst van hoogstens 500 tekens"),
    ):
        entry.values = values
        with pytest.raises(ValidationError, match=message):
            entry.clean()
    with pytest.raises(ValidationError, match="“gemeente” wordt door de pagina zelf gebruikt"):
        DossierField(site=churches, key="gemeente", label="Gemeente").full_clean()


def test_a_site_answers_on_its_own_host_name_and_sends_the_rest_to_the_platform(churches, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "kerken.example.org", "ander.example.org"]
    churches.host = "kerken.example.org"
    churches.save()
    page = client.get("/", HTTP_HOST="kerken.example.org")
    assert page.status_code == 200 and "3 van 3 getoond" in page.content.decode()
    assert 'href="/rss.xml"' in page.content.decode()
    feed = feedparser.parse(client.get("/rss.xml", HTTP_HOST="kerken.example.org").content)
    assert not feed.bozo and len(feed.entries) == 3
    item_url = page.context["rows"][0][0].item.get_absolute_url()
    for path in (item_url, "/admin/login/?next=/admin/", "/api/items"):
        response = client.get(path, HTTP_HOST="kerken.example.org")
        assert (response.status_code, response["Location"]) == (302, f"http://127.0.0.1:8000{path}")
    other = client.get("/", HTTP_HOST="ander.example.org")
    assert other.status_code == 200 and "getoond" not in other.content.decode()  # the platform's home


def test_an_editor_adds_an_entry_in_the_admin_and_the_log_names_it(churches, gent, cast, client_for):
    from stadskennis.core.models import AuditEntry
    from stadskennis.core.tests.form_walker import browser_submission

    editor = client_for(cast["editor"])
    url = f"/admin/dossiers/dossiersite/{churches.pk}/change/"
    page = editor.get(url).content.decode()
    assert 'name="host"' not in page  # a host name is the administrators' to set
    data = browser_submission(page)
    extra = int(data["entries-TOTAL_FORMS"][0]) - 1  # the empty row
    new = KnowledgeItemFactory(owner=gent, kind="case", title="Kerk in Brugge wordt concertzaal")
    data[f"entries-{extra}-item"] = [str(new.pk)]
    data[f"entries-{extra}-values"] = ['{"functie": "cultuur", "jaar": "2021"}']
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = churches.entries.get(item=new)
    assert entry.values == {"functie": "cultuur", "jaar": "2021"}
    logged = AuditEntry.objects.filter(changes__has_key="entries added").get()
    assert logged.changes["entries added"] == ["Kerken herbestemd: Kerk in Brugge wordt concertzaal"]
    data[f"entries-{extra}-values"] = ['["geen", "mapping"]']
    data[f"entries-{extra}-item"] = [str(KnowledgeItemFactory(owner=gent).pk)]
    refused = editor.post(url, data)
    assert refused.status_code == 200 and "Schrijf de waarden als" in refused.content.decode()
