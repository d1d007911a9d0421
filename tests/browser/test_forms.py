"""Forms in real Chromium (issue 13, points 3, 7, 12, 13): a date survives a re-save, pickers filter as
you type and search without JavaScript, only destructive buttons are red, and the form pages pass axe."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from stadskennis.core.tests.test_buttons import DESTRUCTIVE, _url_name
from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.demo.services import demo_load
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.questions.forms import HandleForm
from stadskennis.questions.models import Question, Rondvraag
from stadskennis.questions.services import question_handle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "redacteur@stadskennis.example"
MEMBER = "lid.gent@stadskennis.example"


@pytest.fixture
def demo(db):
    demo_load()
    return Question.objects.order_by("pk").first()


def editor(visit, *, javascript: bool = True):
    v = visit(javascript=javascript)
    v.login(EDITOR, DEMO_PASSWORD)
    return v


def test_re_saving_a_question_keeps_its_due_date(visit, demo):
    from stadskennis.accounts.models import User

    question_handle(question=demo, actor=User.objects.get(email=EDITOR), due_date=date(2026, 12, 15))
    v = editor(visit)
    v.page.goto(demo.get_absolute_url())
    assert v.page.input_value("#id_due_date") == "2026-12-15"  # the browser shows the date
    v.click("form[action$='/behandelen/'] button.button")
    assert "bewaard" in v.page.inner_text(".messages")
    demo.refresh_from_db()
    assert demo.due_date == date(2026, 12, 15)


def test_a_short_picker_filters_as_you_type(visit, demo):
    v = editor(visit)
    v.page.goto("/kennisbank/nieuw/")
    contacts = v.page.locator("[data-picker=contacts]")
    everyone = contacts.locator(".picker-option").count()
    contacts.locator(".picker-option input").first.check()
    chosen = contacts.locator(".picker-option").first.inner_text()
    v.page.fill("#id_contacts-zoek", "(Gent)")
    shown = contacts.locator(".picker-option:visible").all_inner_texts()
    assert 1 < len(shown) < everyone
    assert all("(Gent)" in text for text in shown if text != chosen)
    assert chosen in shown  # a checked person never disappears
    assert "getoond" in contacts.locator("[data-picker-status]").inner_text()


@pytest.fixture
def long_list(monkeypatch):
    """The related items picker shows five at a time, so the demo's items make a long list."""
    monkeypatch.setattr(HandleForm.base_fields["items"].widget, "limit", 5)
    return KnowledgeItem.objects.alive().get(title__startswith="Instrumentendatabank")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_long_picker_searches_the_server_and_saves_the_choice(visit, demo, long_list, javascript):
    v = editor(visit, javascript=javascript)
    v.page.goto(demo.get_absolute_url())
    items = v.page.locator("[data-picker=items]")
    assert items.locator(".picker-option").count() == 5
    assert items.locator(f"input[value='{long_list.pk}']").count() == 0
    v.page.fill("#id_items-zoek", "instrumentendatabank")
    if javascript:
        v.page.evaluate("() => { window.__same_page = true; }")
    else:
        items.get_by_role("button", name="Zoeken").click()
    box = items.locator(f"input[value='{long_list.pk}']")
    box.wait_for()
    if javascript:
        assert v.page.evaluate("() => window.__same_page === true")  # searched without leaving the page
    assert "gevonden" in items.locator("[data-picker-status]").inner_text()
    box.check()
    v.click("form[action$='/behandelen/'] button.button:not([name])")
    assert "bewaard" in v.page.inner_text(".messages")
    assert list(demo.items.all()) == [long_list]


DANGER = "rgb(179, 38, 30)"
PAINT_JS = """() => Array.from(document.querySelectorAll("main button, main a.button")).filter((el) => {
  const box = el.getBoundingClientRect();
  return box.width > 1 && box.height > 1;
}).map((el) => {
  const style = getComputedStyle(el);
  const form = el.closest("form");
  return {
    text: el.innerText.trim(),
    action: el.tagName === "BUTTON" && form && form.method === "post" ? new URL(form.action).pathname : null,
    paint: [style.color, style.backgroundColor, style.borderTopColor],
  };
})"""


def test_only_destructive_buttons_are_red(visit, demo):
    from stadskennis.network.models import Person

    v = editor(visit)
    gdpr = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    item = KnowledgeItem.objects.visible_to(None).filter(kind="practice").first()
    pages = [item.get_absolute_url(), Person.objects.first().get_absolute_url(), "/account/profiel/",
             f"/vraagbaak/rondvragen/{gdpr.pk}/vergelijking/", "/netwerk/werkgroepen/obmi/"]  # fmt: skip
    wrong, red = [], []
    for path in pages:
        v.page.goto(path)
        for button in v.page.evaluate(PAINT_JS):
            destructive = _url_name(button["action"]) in DESTRUCTIVE
            painted = DANGER in button["paint"]
            if painted:
                red.append(button["text"])
            if painted != destructive:
                wrong.append(f"{path}: “{button['text']}” {button['paint']}")
    assert wrong == []
    assert red  # the item's Verwijderen and the erasure are red


def test_form_pages_are_accessible_and_look_right(visit, demo, tmp_path):
    """axe on the forms with pickers, and a screenshot of the item form's pickers (with SCREENSHOT_DIR
    set: docs/screenshots/formulier.png)."""
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = editor(visit)
    gdpr = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    item = KnowledgeItem.objects.visible_to(None).filter(kind="practice").first()
    for path in (f"/kennisbank/{item.pk}/bewerken/", demo.get_absolute_url(),
                 f"/vraagbaak/rondvragen/{gdpr.pk}/vergelijking/"):  # fmt: skip
        v.page.goto(path)
        assert v.axe_violations() == [], path
        assert v.low_contrast_controls() == [], path
    v.page.goto(f"/kennisbank/{item.pk}/bewerken/")
    v.page.fill("#id_contacts-zoek", "Gent")
    v.page.locator("[data-picker=contacts] .picker-option:visible input").first.check()
    v.page.evaluate(
        "document.querySelector('#id_contacts').closest('fieldset').scrollIntoView({block: 'center'})"
    )
    v.page.screenshot(path=str(target / "formulier.png"))
    assert (target / "formulier.png").stat().st_size > 10_000
    assert v.foreign_requests() == []
