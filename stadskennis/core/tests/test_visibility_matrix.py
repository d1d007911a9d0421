"""The authorization matrix: every role × every visibility × every surface that shows content.

Given one knowledge item, one workgroup and one plan per visibility, owned by Gent and created by a Gent
member, each role must see exactly the rows DESIGN.md §4 allows, on every page, API endpoint, search result,
facet count, feed and file download, and get a 404 (never a 403 that reveals existence) otherwise.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from stadskennis.knowledge.models import Attachment
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import WorkgroupFactory
from stadskennis.plans.tests.factories import PlanFactory

VISIBILITIES = ["public", "network", "organisation", "draft"]
KIND_FOR = {"public": "practice", "network": "study", "organisation": "instrument", "draft": "case"}
ROLES = ["anonymous", "member", "other_member", "editor", "administrator"]

# What each role may see of content owned by Gent and written by the Gent member.
SEES = {
    "anonymous": {"public"},
    "member": {"public", "network", "organisation", "draft"},  # own organisation, own draft
    "other_member": {"public", "network"},
    "editor": set(VISIBILITIES),
    "administrator": set(VISIBILITIES),
}


@pytest.fixture
def world(cast, gent):
    author = cast["member"]
    items, groups, files, plans = {}, {}, {}, {}
    for visibility in VISIBILITIES:
        item = KnowledgeItemFactory(
            title=f"Matrixproef {visibility}",
            summary=f"Samenvatting matrixproef {visibility}",
            body="Tekst over matrixproef.",
            kind=KIND_FOR[visibility],
            owner=gent,
            visibility=visibility,
            organisations=[gent],
            actor=author,
        )
        attachment = Attachment(item=item, original_name=f"{visibility}.txt", size=5)
        attachment.file.save(f"{visibility}.txt", ContentFile(b"hello"), save=True)
        items[visibility], files[visibility] = item, attachment
        groups[visibility] = WorkgroupFactory(
            key=f"groep-{visibility}",
            name=f"Matrixgroep {visibility}",
            owner=gent,
            visibility=visibility,
            created_by=author,
        )
        plans[visibility] = PlanFactory(
            title=f"Matrixplan {visibility}", owner=gent, visibility=visibility, created_by=author
        )
    return {"items": items, "groups": groups, "files": files, "plans": plans}


@pytest.fixture
def plan_releases(world, cast):
    """Per plan, a frozen release and an open one (work in progress: for Gent and the centre only)."""
    from datetime import date

    from stadskennis.plans import releases

    made = {}
    for visibility, plan in world["plans"].items():
        frozen = releases.release_open(plan=plan, title="Eerste", deadline=date(2026, 7, 1), actor=None)
        releases.release_freeze(release=frozen, actor=None)
        made[visibility] = (
            frozen,
            releases.release_open(plan=plan, title="Tweede", deadline=date(2027, 1, 1), actor=None),
        )
    return made


def _titles(content: bytes, prefix: str) -> set[str]:
    text = content.decode()
    return {v for v in VISIBILITIES if f"{prefix} {v}" in text}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_item_page_attachment_and_api_detail(role, visibility, cast, world, client_for):
    client = client_for(cast[role])
    allowed = visibility in SEES[role]
    item, attachment = world["items"][visibility], world["files"][visibility]
    expected = 200 if allowed else 404

    assert client.get(item.get_absolute_url()).status_code == expected
    assert client.get(reverse("knowledge:attachment", args=[attachment.pk])).status_code == expected
    assert client.get(f"/api/items/{item.pk}").status_code == expected
    assert client.get(world["groups"][visibility].get_absolute_url()).status_code == expected
    assert client.get(f"/api/workgroups/{world['groups'][visibility].key}").status_code == expected
    assert client.get(reverse("plans:plan", args=[world["plans"][visibility].pk])).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_plan_releases_and_their_comparison(role, visibility, cast, world, plan_releases, client_for):
    client = client_for(cast[role])
    frozen, open_ = plan_releases[visibility]
    plan = world["plans"][visibility]
    reads_plan = visibility in SEES[role]
    of_gent_or_centre = role in ("member", "editor", "administrator")
    assert client.get(reverse("plans:release", args=[frozen.pk])).status_code == (200 if reads_plan else 404)
    assert client.get(reverse("plans:release", args=[open_.pk])).status_code == (
        200 if reads_plan and of_gent_or_centre else 404
    )
    compare = client.get(
        reverse("plans:release_compare", args=[plan.pk]), {"voor": frozen.pk, "na": open_.pk}
    )
    assert compare.status_code == (200 if reads_plan else 404)
    if reads_plan:  # the open release is offered for comparison only to who may read it
        assert ("Tweede" in compare.content.decode()) == of_gent_or_centre


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_what_the_role_may_see(role, cast, world, client_for):
    client = client_for(cast[role])
    expected = SEES[role]

    assert _titles(client.get(reverse("knowledge:list")).content, "Matrixproef") == expected
    assert _titles(client.get(reverse("home:home")).content, "Matrixproef") == expected
    assert (
        _titles(client.get(reverse("network:organisation", args=["gent"])).content, "Matrixproef") == expected
    )
    assert _titles(client.get(reverse("network:workgroups")).content, "Matrixgroep") == expected
    assert _titles(client.get(reverse("plans:list")).content, "Matrixplan") == expected

    api_titles = {row["title"] for row in client.get("/api/items").json()["items"]}
    assert api_titles == {f"Matrixproef {v}" for v in expected}
    api_groups = {row["name"] for row in client.get("/api/workgroups").json()}
    assert api_groups == {f"Matrixgroep {v}" for v in expected}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_search_results_snippets_and_facet_counts(role, cast, world, client_for):
    client = client_for(cast[role])
    expected = SEES[role]

    page = client.get(reverse("search:results"), {"q": "matrixproef"})
    assert _titles(page.content, "Matrixproef") == expected

    data = client.get("/api/search", {"q": "matrixproef"}).json()
    assert {r["title"] for r in data["results"]} == {f"Matrixproef {v}" for v in expected}
    assert data["total"] == len(expected)
    assert data["facets"]["kind"] == {KIND_FOR[v]: 1 for v in expected}
    assert data["facets"]["organisation"] == {"gent": len(expected)}
    for result in data["results"]:
        hidden = set(VISIBILITIES) - expected
        assert not any(f"matrixproef {v}" in result["snippet"].lower() for v in hidden)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_feeds_carry_public_items_only_whoever_asks(role, cast, world, client_for):
    client = client_for(cast[role])
    for name in ("knowledge:feed_rss", "knowledge:feed_atom"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert _titles(response.content, "Matrixproef") == {"public"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "other_member", "editor", "administrator"])
def test_start_page_shows_only_visible_items(role, cast, world, client_for):
    response = client_for(cast[role]).get(reverse("home:start"))
    assert response.status_code == 200
    assert _titles(response.content, "Matrixproef") == SEES[role]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_deleted_content_is_gone_for_everyone_but_the_trash(role, cast, world, client_for):
    from stadskennis.core.services import content_soft_delete

    item = world["items"]["public"]
    content_soft_delete(obj=item, actor=cast["editor"])
    client = client_for(cast[role])
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(f"/api/items/{item.pk}").status_code == 404
    assert "Matrixproef public" not in client.get(reverse("knowledge:list")).content.decode()
    assert "Matrixproef public" not in client.get(reverse("knowledge:feed_rss")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("member", 403), ("other_member", 403), ("editor", 200), ("administrator", 200)],
)
def test_staff_pages_are_for_editors(role, expected, cast, client_for):
    client = client_for(cast[role])
    for name in ("core:trash", "core:audit_log", "accounts:invite", "knowledge:create"):
        assert client.get(reverse(name)).status_code == expected, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_plan_elements_and_their_indicators_in_search_and_on_their_pages(role, cast, world, client_for):
    """An element of each plan, with an indicator: found in search and opened exactly as its plan."""
    from stadskennis.plans.models import PlanElement
    from stadskennis.plans.plan_indicators import indicator_save
    from stadskennis.plans.search_provider import PlanElementProvider
    from stadskennis.plans.services import plan_import
    from stadskennis.search import registry
    from stadskennis.search.services import search

    registry.register(PlanElementProvider())  # as SEARCH_PLAN_ELEMENTS=true does at start-up

    elements = {}
    for visibility, plan in world["plans"].items():
        data = f"Code;Niveau;Titel\nM1;beleidsdoelstelling;Matrixelement {visibility}\n".encode()
        assert plan_import(plan=plan, name="m.csv", data=data, actor=None).written
        elements[visibility] = PlanElement.objects.get(plan=plan)
        indicator_save(
            element=elements[visibility], actor=None, data={"name": f"Matrixindicator {visibility}"}
        )
    client = client_for(cast[role])
    try:
        response = search(user=cast[role], query="matrixelement")
    finally:
        registry._providers.pop("plan", None)
    assert {r.title.split(" (")[0] for r in response.results} == {f"Matrixelement {v}" for v in SEES[role]}
    assert response.total == len(SEES[role])  # counted by the engine itself, before still_visible
    for visibility, element in elements.items():
        page = client.get(reverse("plans:element", args=[element.pk]))
        assert page.status_code == (200 if visibility in SEES[role] else 404)
        if page.status_code == 200:
            assert f"Matrixindicator {visibility}" in page.content.decode()
