"""Every form of the project, found by walking the code, and what a browser would post back from a page.

`project_forms()` imports every module of `stadskennis` (not tests, migrations or the benchmarks) and
collects the subclasses of Django's `BaseForm` defined there, so a form added tomorrow is checked by
the tests that walk them without anyone listing it. `build_form()` makes one, with the arguments its
`__init__` asks for; a form that needs something new fails with a message saying what to teach it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms

import stadskennis

SKIPPED = (".tests", ".migrations", "stadskennis.bench", "stadskennis.__main__")


def project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(stadskennis.__path__, "stadskennis."):
        if not any(part in module.name for part in SKIPPED):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("stadskennis.") and not any(p in sub.__module__ for p in SKIPPED):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def form_id(cls) -> str:
    return f"{cls.__module__.removeprefix('stadskennis.')}.{cls.__qualname__}"


class World:
    """What forms are built with: an editor, a workgroup, a survey round, a theme."""

    def __init__(self, *, editor, workgroup, rondvraag, theme):
        self.editor, self.workgroup, self.rondvraag, self.theme = editor, workgroup, rondvraag, theme

    def argument(self, form_class, name: str):
        provided = {
            "user": lambda: self.editor,
            "workgroup": lambda: self.workgroup,
            "rondvraag": lambda: self.rondvraag,
            "review": lambda: importlib.import_module("stadskennis.questions.publish").publish_review(
                self.rondvraag
            ),
            "staff": lambda: True,
            "submitting": lambda: False,
            "plan": lambda: importlib.import_module("stadskennis.plans.tests.factories").PlanFactory(
                owner=self.workgroup.owner
            ),
            "indicators": lambda: importlib.import_module(
                "stadskennis.indicators.models"
            ).Indicator.objects.all(),
            "members": lambda: importlib.import_module("stadskennis.accounts.models").User.objects.all(),
            "event": self._event_with_parts,
            "registration": self._registration_with_choices,
            "items": self._issue_items,
            "year": lambda: 2019,
            "header": lambda: ["Boekdatum", "Rekening", "Omschrijving", "Bedrag", "Kostenplaats"],
            "body": self._governing_body,
            "lines": lambda: [{"id": 1, "name": "Smart Cities"}],
        }
        if name not in provided:
            pytest.fail(
                f"Teach the form walker (core/tests/form_walker.py) to build {form_id(form_class)}: "
                f"its __init__ needs `{name}`."
            )
        return provided[name]()

    def _governing_body(self):
        """A governing body, its secretary the walker's editor (a member of its named group)."""
        from stadskennis.programmes.governance import body_create
        from stadskennis.programmes.models import Body

        return Body.objects.filter(slug="bestuur").first() or body_create(
            slug="bestuur", name="Dagelijks bestuur", kind="executive_board", actor=self.editor
        )

    def _issue_items(self):
        """A newsletter issue being composed, with one item whose text the form edits."""
        from stadskennis.newsletter.models import Issue, IssueItem

        issue = Issue.objects.create(number=1, month=date(2031, 1, 1))
        return [
            IssueItem.objects.create(
                issue=issue, kind="link", title="Een website", url="https://example.org/"
            )
        ]

    def _event_with_parts(self):
        """An event whose participants choose its parts and answer a choice and a text question, so
        the registration form shows every kind of field it can have."""
        from datetime import timedelta

        from stadskennis.events.models import EventSession, RegistrationOption, RegistrationQuestion
        from stadskennis.events.tests.factories import make_event

        event = make_event(owner=self.workgroup.owner, sessions_chosen=True)
        EventSession.objects.create(
            event=event,
            title="Voormiddag",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=2),
        )
        lunch = RegistrationQuestion.objects.create(event=event, label="Lunch", required=True)
        RegistrationOption.objects.create(question=lunch, label="Vegetarisch", capacity=10)
        RegistrationQuestion.objects.create(event=event, label="Vraag", kind=RegistrationQuestion.Kind.TEXT)
        return event

    def _registration_with_choices(self):
        from stadskennis.events import registrations

        event = self._event_with_parts()
        lunch = event.questions.get(label="Lunch")
        return registrations.register_member(
            event=event, user=self.editor, sessions=event.sessions.all(),
            answers={lunch.pk: str(lunch.options.get().pk)},
        )  # fmt: skip

    def instance(self, model, **values):
        """An unsaved row for a ModelForm, with the relations its form reads in __init__."""
        from stadskennis.knowledge.models import ThemeDossier

        if model is ThemeDossier:
            values.setdefault("theme", self.theme)
        return model(**values)


def build_form(form_class, world: World, *, values: dict | None = None, **extra):
    """An unbound form; `values` go onto the ModelForm's instance (or are the plain form's initial)."""
    kwargs = dict(extra)
    for parameter in inspect.signature(form_class).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is parameter.empty and parameter.name not in kwargs:
            kwargs[parameter.name] = world.argument(form_class, parameter.name)
    if issubclass(form_class, forms.BaseModelForm):
        kwargs.setdefault("instance", world.instance(form_class._meta.model, **(values or {})))
    elif values:
        kwargs.setdefault("initial", values)
    return form_class(**kwargs)


# What a browser does with the value of these inputs: one that is not a valid value of the type is
# shown empty and posted empty (HTML's value sanitization algorithm).
VALID = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
}


class _FormReader(HTMLParser):
    def __init__(self, action_part: str | None):
        super().__init__(convert_charrefs=True)
        self.action_part = action_part
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action")
            posts = (a.get("method") or "").lower() == "post"
            self.inside = posts and (
                action is None if self.action_part is None else self.action_part in (action or "")
            )
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            value = a.get("value") or ""
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], value or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                if kind in VALID and not VALID[kind].fullmatch(value):
                    value = ""
                self.data.append((a["name"], value))
        elif tag == "select" and "disabled" not in a:
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.data.append((self.select, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def browser_submission(html: str, action_part: str | None = None) -> dict[str, list[str]]:
    """What a browser posts when the post form whose action contains `action_part` (None: the form
    without an action, which posts to its own page) is sent unchanged."""
    reader = _FormReader(action_part)
    reader.feed(html)
    posted: dict[str, list[str]] = {}
    for name, value in reader.data:
        posted.setdefault(name, []).append(value)
    return posted
