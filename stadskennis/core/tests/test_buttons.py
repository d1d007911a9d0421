"""Button hierarchy (issue 13, point 12): red is for what deletes, erases or revokes, and only that.
Following, downloading and saving a draft are not dangerous and must not look it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from stadskennis.accounts.models import ApiToken
from stadskennis.demo.services import demo_load
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Assignment, Person
from stadskennis.questions.models import Rondvraag
from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db

# The actions that destroy something: their buttons, and only theirs, are styled destructive.
DESTRUCTIVE = {
    "knowledge:delete",
    "network:person_erase",
    "network:person_erasure_request",
    "accounts:token_revoke",
    "questions:rondvraag_question_delete",
}
DANGER_CLASSES = {"button-danger", "link-danger"}
STYLESHEET = Path(settings.BASE_DIR) / "stadskennis" / "static" / "css" / "stadskennis.css"


class _Buttons(HTMLParser):
    """Every button and button-styled link, with the URL name its form posts to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.action = None
        self.found: list[dict] = []
        self.open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "form":
            self.action = _url_name(a.get("action")) if (a.get("method") or "").lower() == "post" else None
        elif tag == "button" or (tag == "a" and classes & {"button", "button-secondary", "button-danger"}):
            if "hidden" not in a:
                action = self.action if tag == "button" else None
                self.open = {"tag": tag, "classes": classes, "action": action, "text": ""}

    def handle_data(self, data):
        if self.open is not None:
            self.open["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.action = None
        elif self.open is not None and tag == self.open["tag"]:
            self.open["text"] = " ".join(self.open["text"].split())
            self.found.append(self.open)
            self.open = None


def _url_name(path: str | None) -> str | None:
    if not path:
        return None
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def buttons(html: str) -> list[dict]:
    parser = _Buttons()
    parser.feed(html)
    return parser.found


@pytest.fixture
def pages(client_for, cast):
    """The pages with the buttons the issue names: Volgen, Downloaden, Kladversie bewaren, and the
    destructive ones (delete an item, erase a person, revoke a key, remove a survey question)."""
    demo_load()
    from stadskennis.accounts.models import User

    editor = User.objects.get(email="redacteur@stadskennis.example")
    member = User.objects.get(email="lid.gent@stadskennis.example")
    ApiToken.issue(user=editor, name="Koppeling")
    draft = RondvraagFactory()
    SurveyQuestionFactory(rondvraag=draft, text="Hoeveel panden staan leeg?")
    gdpr = Rondvraag.objects.get(title__startswith="Stand van het GDPR")
    item = KnowledgeItem.objects.visible_to(None).filter(kind="practice").first()
    person = Person.objects.filter(erased_at__isnull=True).first()
    assignment = Assignment.objects.filter(workgroup__key="obmi").first()
    as_editor, as_member = client_for(editor), client_for(member)
    return {
        "item": as_editor.get(item.get_absolute_url()),
        "person": as_editor.get(person.get_absolute_url()),
        "profile": as_editor.get("/account/profiel/"),
        "draft round": as_editor.get(draft.get_absolute_url()),
        "comparison": as_editor.get(f"/vraagbaak/rondvragen/{gdpr.pk}/vergelijking/"),
        "workgroup": as_member.get("/netwerk/werkgroepen/obmi/"),
        "answers": as_member.get(f"/vraagbaak/rondvragen/{gdpr.pk}/antwoorden/"),
        "homework": as_member.get(assignment.get_absolute_url()),
    }


def test_only_destructive_actions_are_styled_destructive(pages):
    wrong, seen = [], {"destructive": set(), "other": set()}
    for page, response in pages.items():
        assert response.status_code == 200, page
        for button in buttons(response.content.decode()):
            destructive = button["action"] in DESTRUCTIVE
            styled = bool(button["classes"] & DANGER_CLASSES)
            seen["destructive" if destructive else "other"].add(button["text"])
            if destructive != styled:
                wrong.append(f"{page}: “{button['text']}” ({' '.join(sorted(button['classes']))})")
    assert wrong == []
    texts = " | ".join(seen["other"])
    for harmless in ("Volgen", "Download", "Kladversie bewaren"):
        assert harmless in texts  # the pages did show the buttons the issue names
    assert len(seen["destructive"]) >= 4


RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
RED = re.compile(r"var\(--(danger|accent)[^)]*\)|#b3261e|#8c1d17", re.I)


def test_the_stylesheet_paints_no_button_red_but_the_destructive_ones():
    """A class for buttons that uses the danger colour must say so in its name."""
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)  # the rules inside a media query count as well
    wrong = []
    for selectors, body in RULE.findall(css):
        for selector in selectors.split(","):
            if "button" in selector and RED.search(body) and "danger" not in selector:
                wrong.append(f"{selector.strip()} {{{body.strip()}}}")
    assert wrong == []
