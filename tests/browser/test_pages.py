"""Every main page in real Chromium: zero axe-core violations (WCAG 2.1 AA), no request to another host,
readable without JavaScript, and HTMX where it helps."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.demo.services import demo_load
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Person, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "lid.gent@stadskennis.example"
EDITOR = "redacteur@stadskennis.example"
NOT_FOUND = "/bestaat-niet/"  # the one page in these lists that must answer 404 (with our own 404 page)
# Pages that send the browser on by design, and the address they must land on.
REDIRECTS = {"/netwerk/mijn-profiel/": r"/netwerk/mensen/\d+/bewerken/"}  # a member edits their own entry


@pytest.fixture
def demo(db):
    demo_load()
    return {
        "item": KnowledgeItem.objects.visible_to(None).filter(kind="practice").first(),
        "person": Person.objects.first(),
        "workgroup": Workgroup.objects.visible_to(None).first(),
    }


def public_pages(demo) -> list[str]:
    return [
        "/",
        "/kennisbank/",
        demo["item"].get_absolute_url(),
        "/kennisbank/?soort=practice",
        "/netwerk/",
        demo["person"].get_absolute_url(),
        "/netwerk/organisaties/",
        "/netwerk/organisaties/gent/",
        "/netwerk/werkgroepen/",
        demo["workgroup"].get_absolute_url(),
        "/zoeken/?q=kerk",
        "/zoeken/?q=zzzzqqq",
        "/account/aanmelden/",
        "/account/wachtwoord/",
        "/kennisbank/themas/",
        "/kennisbank/thema/herbestemming-kerken/",
        "/zoeken/?q=kerk&soort=case",
        NOT_FOUND,
        "/netwerk/wie-is-bezig-met/?q=leegstand van winkelpanden",
        "/privacy/",
        *workgroup_life_pages(),
    ]


def workgroup_life_pages() -> list[str]:
    """A meeting with minutes and action points, a homework assignment and its summary."""
    from stadskennis.network.models import Assignment, Meeting

    meeting = Meeting.objects.filter(workgroup__key="obmi").exclude(minutes="").first()
    assignment = Assignment.objects.filter(workgroup__key="obmi").first()
    return [
        meeting.get_absolute_url(),
        assignment.get_absolute_url(),
        assignment.get_absolute_url() + "samenvatting/",
    ]


MEMBER_PAGES = [
    "/start/",
    "/account/profiel/",
    "/kennisbank/",
    "/kennisbank/voorstellen/",
    "/volgen/",
    "/netwerk/mijn-profiel/",
    "/vraagbaak/",
    "/vraagbaak/vragen/nieuw/?title=leegstand van winkelpanden",
    "/netwerk/werkgroepen/obmi/",
    "/kennisbank/thema/wonen/",
]
EDITOR_PAGES = [
    "/start/",
    "/kennisbank/nieuw/",
    "/beheer/prullenbak/",
    "/beheer/logboek/",
    "/account/uitnodigen/",
    "/kennisbank/voorstellen/wachtrij/",
    "/kennisbank/importeren/",
    "/kennisbank/thema/wonen/bewerken/",
    "/netwerk/werkgroepen/obmi/",
    "/netwerk/werkgroepen/obmi/vergaderingen/nieuw/",
    "/netwerk/werkgroepen/obmi/opdrachten/nieuw/",
    "/netwerk/mensen/nieuw/",
    "/netwerk/contacten/importeren/",
    "/netwerk/beheer/privacy/",
    "/vraagbaak/",
    "/vraagbaak/rondvragen/",
]


def check_pages(v, paths):
    problems = {}
    for path in paths:
        response = v.page.goto(path)
        expected = 404 if path == NOT_FOUND else 200
        assert response.status == expected, (path, response.status)
        landed = unquote(v.page.url).removeprefix(v.base_url)
        assert re.fullmatch(REDIRECTS.get(path, re.escape(path)), landed), (
            f"{path} sent the browser to {landed}"
        )
        violations = v.axe_violations()
        low_contrast = v.low_contrast_controls()
        if violations or low_contrast:
            problems[path] = violations + [{"id": "contrast of a button or link", "nodes": low_contrast}]
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
    assert v.foreign_requests() == []


def test_public_pages_are_accessible_and_self_hosted(visit, demo):
    check_pages(visit(), public_pages(demo))


def test_member_pages_are_accessible(visit, demo):
    v = visit()
    v.login(MEMBER, DEMO_PASSWORD)
    from stadskennis.questions.models import Rondvraag

    rondvraag = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    check_pages(
        v,
        MEMBER_PAGES
        + [demo["item"].get_absolute_url(), demo["person"].get_absolute_url(), *workgroup_life_pages()]
        + [f"/vraagbaak/rondvragen/{rondvraag.pk}/antwoorden/"],
    )


def test_editor_pages_are_accessible(visit, demo):
    v = visit()
    v.login(EDITOR, DEMO_PASSWORD)
    from stadskennis.questions.models import Rondvraag

    rondvraag = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    rounds = [rondvraag.get_absolute_url(), f"/vraagbaak/rondvragen/{rondvraag.pk}/vergelijking/",
              f"/vraagbaak/rondvragen/{rondvraag.pk}/vergelijking/?formaat=rapport"]  # fmt: skip
    check_pages(v, EDITOR_PAGES + [demo["item"].get_absolute_url(), *workgroup_life_pages(), *rounds])


def test_contact_import_preview_is_accessible(visit, demo, tmp_path):
    """The preview an editor sees after choosing a file, with a row in error."""
    v = visit()
    v.login(EDITOR, DEMO_PASSWORD)
    v.page.goto("/netwerk/contacten/importeren/")
    upload = tmp_path / "contacten.csv"
    upload.write_text(
        "voornaam;achternaam;e-mail;organisatie\nJonas;Maes;jonas@gent.example;gent\nX;Y;fout;gent\n"
    )
    v.page.set_input_files("#id_file", str(upload))
    v.click("main button[type=submit]")
    assert "Voorbeeld van de import" in v.page.inner_text("h1")
    assert v.axe_violations() == []


def test_english_interface_is_accessible_too(visit, demo):
    v = visit()
    v.page.goto("/")
    v.page.select_option("#language-select", "en")
    v.click(".language-form button")
    assert v.page.locator("html").get_attribute("lang") == "en"
    assert "Knowledge base" in v.page.inner_text("nav.main-nav")
    check_pages(v, ["/", "/kennisbank/"])


def test_search_and_login_work_without_javascript(visit, demo):
    v = visit(javascript=False)
    v.page.goto("/")
    v.page.fill("#hero-q", demo["item"].title.split()[0])
    v.click(".hero-search button")
    assert "/zoeken/" in v.page.url
    assert demo["item"].title in v.page.inner_text("#search-results")
    v.page.goto("/account/aanmelden/")
    v.page.fill("#id_username", MEMBER)
    v.page.fill("#id_password", DEMO_PASSWORD)
    v.click("main button[type=submit]")
    assert v.page.url.endswith("/start/")


def test_search_updates_as_you_type_with_htmx(visit, demo):
    v = visit()
    v.page.goto("/zoeken/")
    v.page.evaluate("() => { window.__same_page = true; }")  # gone if the page is loaded again
    v.page.fill("#search-q", demo["item"].title.split()[0])
    v.page.wait_for_selector("#search-results .card")
    assert v.page.evaluate("() => window.__same_page === true")  # no full page load happened
    assert demo["item"].title in v.page.inner_text("#search-results")


def test_screenshots(visit, demo, tmp_path):
    """Screenshots of the home page, a list page and the login page (`make screenshots` keeps them)."""
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    for name, path in [("home", "/"), ("kennisbank", "/kennisbank/"), ("aanmelden", "/account/aanmelden/")]:
        v.page.goto(path)
        v.page.screenshot(path=str(target / f"{name}.png"), full_page=False)
        assert (target / f"{name}.png").stat().st_size > 10_000


def test_a_city_fills_in_a_questionnaire(visit, demo):
    """As a city official: open the round, answer, see the draft saved as you go, submit."""
    from stadskennis.questions.models import Recipient, Rondvraag

    rondvraag = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    v = visit()
    v.login(MEMBER, DEMO_PASSWORD)
    v.page.goto(f"/vraagbaak/rondvragen/{rondvraag.pk}/antwoorden/")
    questions = list(rondvraag.questions.all())
    v.page.check(f"input[name=q{questions[0].pk}][value=yes]")
    v.page.fill(f"#a{questions[1].pk}", "ongeveer 12")
    v.click("button[name=save]")
    assert "geen getal" in v.page.inner_text(".error-summary")
    v.page.fill(f"#a{questions[1].pk}", "318")
    v.page.check(f"input[name=q{questions[2].pk}][value=Spreadsheet]")
    v.page.wait_for_selector("#save-status .save-status")  # saved by HTMX while answering
    assert "Kladversie bewaard" in v.page.inner_text("#save-status")
    assert v.axe_violations() == []
    v.click("button[name=submit]")
    assert "ingediend" in v.page.inner_text(".messages")
    recipient = Recipient.objects.get(rondvraag=rondvraag, organisation__slug="gent")
    assert recipient.submitted_at is not None
    assert recipient.answers.get(question=questions[1]).value == 318
