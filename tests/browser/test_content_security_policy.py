"""The Content-Security-Policy in real Chromium: the pages, HTMX and the API docs work under it, and
the browser reports no violation (a refused script or style would be one)."""

from __future__ import annotations

import pytest

from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.demo.services import demo_load
from stadskennis.knowledge.models import KnowledgeItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed before any page script runs; the browser fires the event for every refused resource.
LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def item(db) -> KnowledgeItem:
    demo_load()
    return KnowledgeItem.objects.visible_to(None).filter(kind="practice").first()


def watched(visit):
    v = visit()
    v.context.add_init_script(LISTENER)
    v.console = []
    v.page.on("console", lambda message: v.console.append(message.text))
    return v


def violations_on(v, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = v.page.goto(path)
        assert response.status == 200, (path, response.status)
        v.page.wait_for_load_state("networkidle")
        refused = v.page.evaluate("() => window.__csp")
        refused += [text for text in v.console if "Content Security Policy" in text]
        v.console.clear()
        if refused:
            found[path] = refused
    return found


def test_the_api_docs_work_under_the_policy(visit):
    v = watched(visit)
    v.page.goto("/api/docs")
    v.page.wait_for_selector(".swagger-ui .info .title")
    assert "Stadskennis API" in v.page.inner_text(".swagger-ui .info .title")
    v.page.wait_for_selector(".opblock-summary-path")  # the operations, read from /api/openapi.json
    v.page.wait_for_load_state("networkidle")
    assert v.page.evaluate("() => window.__csp") == []
    assert v.foreign_requests() == []


def test_public_pages_and_htmx_search_raise_no_violation(visit, item):
    v = watched(visit)
    paths = [
        "/",
        "/kennisbank/",
        item.get_absolute_url(),
        "/zoeken/?q=kerk",
        "/account/aanmelden/",
        "/privacy/",
    ]
    assert violations_on(v, paths) == {}
    v.page.goto("/zoeken/")
    v.page.fill("#search-q", item.title.split()[0])
    v.page.wait_for_selector("#search-results .card")
    assert v.page.evaluate("() => window.__csp") == []


def test_member_editor_and_admin_pages_raise_no_violation(visit, item):
    pages = {
        "lid.gent@stadskennis.example": [
            "/start/",
            "/account/profiel/",
            "/netwerk/",
            "/vraagbaak/vragen/nieuw/",
        ],
        "redacteur@stadskennis.example": [
            "/beheer/prullenbak/",
            "/kennisbank/importeren/",
            "/beheer/logboek/",
        ],
        "beheerder@stadskennis.example": [
            "/admin/",
            "/admin/knowledge/knowledgeitem/",
            f"/admin/knowledge/knowledgeitem/{item.pk}/change/",
        ],
    }
    for email, paths in pages.items():
        v = watched(visit)
        v.login(email, DEMO_PASSWORD)
        assert violations_on(v, paths) == {}, email
