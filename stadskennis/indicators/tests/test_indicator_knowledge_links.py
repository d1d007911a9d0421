"""An indicator page lists the knowledge on its themes (issue 14, point 7): items, practices and
published survey comparisons of the Kennisbank, found by the one search with the indicator's themes as
a facet, each as its viewer may see it, with a link to the theme's dossier."""

from __future__ import annotations

import pytest

from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.knowledge_links import SHOWN
from stadskennis.indicators.tests.factories import IndicatorFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

URL = "/cijfers/werkloosheid/"


@pytest.fixture
def themed(cast, gent, antwerpen):
    reference_load()  # the themes, the geography and the centre cities the page draws
    work, other = Theme.objects.get(slug="wonen"), Theme.objects.get(slug="europa")
    IndicatorFactory(code="werkloosheid", name="Werkloosheid", themes=[work])
    KnowledgeItemFactory(title="Activeringsbeleid in Gent", kind="practice", themes=[work], owner=gent)
    KnowledgeItemFactory(title="Rondvraag werkwinkels: vergelijking", kind="study", themes=[work], owner=gent)
    KnowledgeItemFactory(
        title="Interne nota werkgelegenheid Gent", themes=[work], owner=gent, visibility="organisation"
    )
    KnowledgeItemFactory(title="Museumpas", themes=[other], owner=antwerpen)
    return work


def _titles(response) -> list[str]:
    return [r.title for r in response.context["knowledge"].results]


@pytest.mark.parametrize(
    ("who", "internal"), [("anonymous", False), ("member", True), ("other_member", False), ("editor", True)]
)
def test_the_page_lists_the_items_on_its_themes_as_the_viewer_may_see_them(
    themed, cast, client_for, who, internal
):
    response = client_for(cast[who]).get(URL)
    titles = _titles(response)
    assert {"Activeringsbeleid in Gent", "Rondvraag werkwinkels: vergelijking"} <= set(titles)
    assert ("Interne nota werkgelegenheid Gent" in titles) is internal
    assert "Museumpas" not in titles  # another theme
    page = response.content.decode()
    assert "Kennis over deze thema&#x27;s" in page or "Kennis over deze thema's" in page
    assert f'href="{themed.get_absolute_url()}"' in page and "Meer over dit thema: Wonen" in page
    assert ("Interne nota werkgelegenheid Gent" in page) is internal
    assert "Praktijk" in page  # the kind, as the search names it


def test_at_most_six_are_listed_newest_first(themed, client):
    for n in range(SHOWN + 2):
        KnowledgeItemFactory(title=f"Werkstudie {n}", themes=[themed])
    titles = _titles(client.get(URL))
    assert len(titles) == SHOWN
    assert titles[0] == f"Werkstudie {SHOWN + 1}"


def test_an_indicator_without_themes_shows_no_section(themed, client):
    IndicatorFactory(code="los", name="Zonder thema")
    response = client.get("/cijfers/los/")
    assert response.context["knowledge"].themes == []
    assert "Kennis over deze thema" not in response.content.decode()
