"""A theme's dossier is a state of the art: a block per city with its items (newest first, failed
practices marked), the editors' summary and key items, and theme links only where there is something
to read (issue 13, point 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leegstand(db):
    return ThemeFactory(slug="leegstand", name="Leegstand")


def block(page: str, slug: str) -> str:
    """The block of one city on the dossier page."""
    return page.split(f'id="stad-{slug}"')[1].split("</section>")[0]


def dossier_page(client, theme) -> str:
    response = client.get(reverse("knowledge:theme", args=[theme.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_city_block_lists_its_items_newest_first_and_marks_failed_practices(client, leegstand, gent):
    KnowledgeItemFactory(title="Leegstandsregister 2016", year=2016, owner=gent, organisations=[gent],
                         themes=[leegstand])  # fmt: skip
    KnowledgeItemFactory(title="Pop-upwinkels 2021", kind="practice", outcome="failed", year=2021,
                         owner=gent, organisations=[gent], themes=[leegstand])  # fmt: skip
    KnowledgeItemFactory(title="Heffing handelspanden 2019", kind="practice", outcome="success", year=2019,
                         owner=gent, organisations=[gent], themes=[leegstand])  # fmt: skip
    KnowledgeItemFactory(title="Intern verslag 2022", year=2022, owner=gent, organisations=[gent],
                         themes=[leegstand], visibility="network")  # fmt: skip

    gent_block = block(dossier_page(client, leegstand), "gent")

    titles = ["Pop-upwinkels 2021", "Heffing handelspanden 2019", "Leegstandsregister 2016"]
    assert sorted(titles, key=gent_block.index) == titles
    assert "Intern verslag 2022" not in gent_block  # anonymous sees only what is public
    failed = gent_block.split("Pop-upwinkels 2021")[1].split("</li>")[0]
    assert "Mislukte praktijk" in failed
    assert "Mislukte praktijk" not in gent_block.split("Heffing handelspanden 2019")[1].split("</li>")[0]


def test_the_overview_links_each_city_to_its_block_and_names_the_silent_ones(client, leegstand, gent):
    OrganisationFactory(slug="aalst", name="Stad Aalst", short_name="Aalst")
    KnowledgeItemFactory(title="Leegstandsregister", owner=gent, organisations=[gent], themes=[leegstand])

    page = dossier_page(client, leegstand)

    assert 'href="#stad-gent"' in page
    assert 'id="stad-aalst"' not in page and "Nog niets van: Aalst." in page


def test_staff_write_the_summary_and_pick_key_items_through_an_audited_service(
    client_for, cast, leegstand, gent
):
    key = KnowledgeItemFactory(title="Instrumentendatabank", owner=gent, organisations=[gent],
                               themes=[leegstand])  # fmt: skip
    url = reverse("knowledge:theme_edit", args=[leegstand.slug])
    summary = "## Stand van zaken\n\nVier steden **belasten** leegstand.<script>alert(1)</script>"

    response = client_for(cast["editor"]).post(url, {"introduction": summary, "key_items": [key.pk]})

    assert response.status_code == 302
    page = dossier_page(client_for(None), leegstand)
    assert "<h2>Stand van zaken</h2>" in page and "<strong>belasten</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Samenvatting van de redactie" in page
    key_section = page.split('id="key-heading"')[1].split("</section>")[0]
    assert "Instrumentendatabank" in key_section
    assert "Sleutelitem" in block(page, "gent")
    entry = AuditEntry.objects.get(content_type__model="themedossier")
    assert entry.actor == cast["editor"] and entry.action == "create"
    assert entry.changes == {"introduction": summary, "key_items": ["Instrumentendatabank"]}

    for role, status in [("member", 403), ("other_member", 403), ("anonymous", 302)]:  # staff only
        client = client_for(cast[role])
        assert client.get(url).status_code == status, role
        assert client.post(url, {"introduction": "Gekaapt", "key_items": []}).status_code == status, role
    assert "Gekaapt" not in dossier_page(client_for(None), leegstand)
    assert AuditEntry.objects.filter(content_type__model="themedossier").count() == 1


def test_a_key_item_shows_only_to_whoever_may_see_the_item(client_for, cast, leegstand, gent):
    hidden = KnowledgeItemFactory(title="Interne nota leegstand", owner=gent, organisations=[gent],
                                  themes=[leegstand], visibility="organisation")  # fmt: skip
    client_for(cast["editor"]).post(
        reverse("knowledge:theme_edit", args=[leegstand.slug]), {"introduction": "", "key_items": [hidden.pk]}
    )

    assert "Interne nota leegstand" not in dossier_page(client_for(None), leegstand)
    assert "Interne nota leegstand" not in dossier_page(client_for(cast["other_member"]), leegstand)
    gent_block = block(dossier_page(client_for(cast["member"]), leegstand), "gent")
    assert "Interne nota leegstand" in gent_block and "Sleutelitem" in gent_block


def test_themes_without_content_are_not_links(client_for, cast, leegstand, gent):
    wonen = ThemeFactory(slug="wonen", name="Wonen")
    ThemeFactory(slug="klimaat", name="Klimaat")  # nothing on it at all
    item = KnowledgeItemFactory(title="Heffing", owner=gent, organisations=[gent], themes=[leegstand])
    KnowledgeItemFactory(
        title="Woonnota", owner=gent, organisations=[gent], themes=[wonen], visibility="network"
    )

    def links(client, path) -> set[str]:
        page = client.get(path).content.decode()
        return {
            slug for slug in ("leegstand", "wonen", "klimaat") if f'href="/kennisbank/thema/{slug}/"' in page
        }

    anonymous, member = client_for(None), client_for(cast["member"])
    for path in (reverse("knowledge:themes"), "/"):
        assert links(anonymous, path) == {"leegstand"}, path
        assert links(member, path) == {"leegstand", "wonen"}, path  # the network item is for members
    assert links(anonymous, item.get_absolute_url()) == {"leegstand"}
    themes_page = anonymous.get(reverse("knowledge:themes")).content.decode()
    assert '<span class="theme-quiet">Klimaat</span>' in themes_page
    assert '<span class="theme-quiet">Wonen</span>' in themes_page
