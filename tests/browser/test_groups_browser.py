"""Comparison groups, similar municipalities and a merged municipality's lineage in real Chromium, on a
laptop (1280 px) and a phone (390 px): zero axe-core violations, readable buttons and links, never
wider than the window, nothing from another host; a group made with the picker's search without
JavaScript, and "similar municipalities" saved as a group. With SCREENSHOT_DIR set it keeps
cijfers-groepen.png, cijfers-groep.png, cijfers-groep-bewerken.png, cijfers-vergelijkbaar.png and
cijfers-stad-hasselt.png (for docs/screenshots/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, MemberFactory
from stadskennis.core.models import Organisation, Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load
from stadskennis.indicators.groups import group_create
from stadskennis.indicators.models import Area, AreaGroup, Indicator
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIMILAR = "/cijfers/vergelijkbaar/?gemeente=44021&indicator=bevolking&aantal=10"


@pytest.fixture
def world(db):
    reference_load()
    demo_indicators_load()
    gent = Organisation.objects.get(slug="gent")
    member = MemberFactory(email="lid@gent.example", organisation=gent)
    today = [Area.objects.filter(code=c).order_by("-valid_from").first() for c in ("44021", "71072", "71016")]
    group = group_create(
        actor=member, name="Gent en verwanten", description="Steden met een universiteit en een haven.",
        visibility="organisation", members=today,
    )  # fmt: skip
    theme = Indicator.objects.get(code="bevolking").themes.first() or Theme.objects.first()
    KnowledgeItemFactory(title="Bevolkingsprognoses in de centrumsteden", kind="study", themes=[theme])
    KnowledgeItemFactory(title="Een wijkmonitor per stad", kind="practice", themes=[theme])
    return group


def _pages(group: AreaGroup) -> list[str]:
    return [
        "/cijfers/groepen/",
        f"/cijfers/groepen/{group.slug}/",
        "/cijfers/groepen/nieuw/",
        f"/cijfers/groepen/{group.slug}/bewerken/",
        f"/cijfers/groepen/{group.slug}/verwijderen/",
        "/cijfers/vergelijkbaar/",
        SIMILAR,
        f"/cijfers/bevolking/?groep={group.slug}",
        "/cijfers/stad/71072/",
        "/cijfers/stad/73040/",
    ]


def test_the_pages_are_accessible_on_a_laptop_and_a_phone(visit, world):
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    assert v.problems_at_widths(_pages(world)) == {}
    assert v.foreign_requests() == []


def test_a_group_is_made_with_the_picker_search_without_javascript(visit, world):
    v = visit(javascript=False)
    v.login("lid@gent.example", PASSWORD)
    v.page.goto("/cijfers/groepen/nieuw/")
    v.page.fill("#id_name", "Limburgse steden")
    v.page.fill("#id_members-zoek", "Hasselt")
    v.click("button[name=kiezer]")  # the search narrows the list; nothing is saved yet
    assert AreaGroup.objects.filter(name="Limburgse steden").count() == 0
    v.page.check("input[name=members] >> nth=0")
    v.page.fill("#id_members-zoek", "Genk")
    v.click("button[name=kiezer]")
    v.page.check("label:has-text('Genk') input[name=members]")
    v.click("form.form > button[type=submit]:not([hidden])")
    group = AreaGroup.objects.get(name="Limburgse steden")
    assert v.page.url.endswith(f"/cijfers/groepen/{group.slug}/")
    assert v.page.locator("#leden + ul li").all_inner_texts() == ["Genk (71016)", "Hasselt (71072)"]
    assert group.visibility == "organisation"


def test_similar_municipalities_are_saved_as_a_group_without_javascript(visit, world):
    v = visit(javascript=False)
    v.login("lid@gent.example", PASSWORD)
    v.page.goto("/cijfers/vergelijkbaar/")
    v.page.select_option("#id-gemeente", "44021")
    v.page.check("input[name=indicator][value=bevolking]")
    v.click("form.similar-form button[type=submit]")
    rows = v.page.locator("table.data-table tbody tr")
    assert rows.count() == 11  # Gent and its 10 nearest
    v.click("text=Bewaar als vergelijkingsgroep")
    assert v.page.locator("input[name=members]:checked").count() == 11
    v.click("form.form > button[type=submit]:not([hidden])")
    group = AreaGroup.objects.get(name="Vergelijkbaar met Gent")
    assert group.members.filter(code="44021").exists()


def test_screenshots(visit, world, tmp_path):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    for path, name in (
        ("/cijfers/groepen/", "cijfers-groepen.png"),
        (f"/cijfers/groepen/{world.slug}/", "cijfers-groep.png"),
        (f"/cijfers/groepen/{world.slug}/bewerken/", "cijfers-groep-bewerken.png"),
        (SIMILAR, "cijfers-vergelijkbaar.png"),
        ("/cijfers/stad/71072/", "cijfers-stad-hasselt.png"),
    ):
        v.page.goto(path)
        v.page.screenshot(path=str(target / name), full_page=name != "cijfers-groep-bewerken.png")
    v.page.goto(f"/cijfers/bevolking/?groep={world.slug}")
    v.page.locator("#kennis").scroll_into_view_if_needed()
    v.page.locator("section.knowledge-links").screenshot(path=str(target / "cijfers-indicator-kennis.png"))
    v.page.locator("section[aria-labelledby=verloop]").screenshot(
        path=str(target / "cijfers-indicator-groep.png")
    )
    assert (target / "cijfers-vergelijkbaar.png").stat().st_size > 10_000
