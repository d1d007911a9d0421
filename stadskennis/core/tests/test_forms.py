"""Every form of the project, walked: dates render as the browser's date fields read them, labels read
as the interface writes them, and no ctrl-click `<select multiple>` is left (issue 13, points 3, 12
and 13). The walk finds forms by themselves (form_walker.py), so a new form is checked too."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.core.tests.form_walker import World, build_form, form_id, project_forms
from stadskennis.core.widgets import Picker
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory
from stadskennis.questions.tests.factories import RondvraagFactory

pytestmark = pytest.mark.django_db

FORMS = project_forms()
DAY = date(2026, 12, 15)
MOMENT = datetime(2026, 12, 15, 14, 30, tzinfo=ZoneInfo("Europe/Brussels"))
VALUE = re.compile(r'\bvalue="([^"]*)"')
TYPE = re.compile(r'\btype="([^"]*)"')


@pytest.fixture
def world(cast, gent):
    person = PersonFactory(organisation=gent)
    KnowledgeItemFactory(owner=gent, organisations=[gent], contacts=[person])
    return World(
        editor=cast["editor"],
        workgroup=WorkgroupFactory(members=[person]),
        rondvraag=RondvraagFactory(),
        theme=ThemeFactory(),
    )


def test_the_walk_finds_the_forms_of_every_module():
    names = {form_id(cls) for cls in FORMS}
    assert {
        "questions.forms.HandleForm",
        "questions.forms_rondvraag.ComparisonFilterForm",
        "knowledge.forms.ItemForm",
        "network.forms_workgroups.ActionPointForm",
        "follows.views.PreferenceForm",  # a form written in a view is found too
        "accounts.forms.LoginForm",
    } <= names


def test_every_date_and_datetime_input_renders_an_iso_value(world):
    """In Dutch Django writes 15-12-2026, which `<input type="date">` shows empty and posts back empty:
    re-saving a form then erased the date."""
    checked = []
    with translation.override("nl-be"):
        for form_class in FORMS:
            probe = build_form(form_class, world)
            dates = {
                # A month (the newsletter's archive) is a date on a month picker: "2026-12".
                name: (DAY, "month", "2026-12")
                if field.widget.input_type == "month"
                else (DAY, "date", "2026-12-15")
                for name, field in probe.fields.items()
                if isinstance(field, forms.DateField)
            } | {
                name: (MOMENT, "datetime-local", "2026-12-15T14:30")
                for name, field in probe.fields.items()
                if isinstance(field, forms.DateTimeField)
            }
            if not dates:
                continue
            form = build_form(
                form_class, world, values={name: value for name, (value, _t, _e) in dates.items()}
            )
            for name, (_value, kind, expected) in dates.items():
                html = str(form[name])
                checked.append(f"{form_id(form_class)}.{name}")
                assert TYPE.search(html).group(1) == kind, (form_id(form_class), name, html)
                assert VALUE.search(html).group(1) == expected, (form_id(form_class), name, html)
    assert "questions.forms.HandleForm.due_date" in checked
    assert len(checked) >= 8  # the walk did reach the forms with dates


def test_no_form_label_ends_with_a_colon_and_every_label_starts_with_a_capital(world):
    wrong = []
    with translation.override("nl-be"):
        for form_class in FORMS:
            form = build_form(form_class, world)
            for field in form.visible_fields():
                html = field.as_field_group()
                label = re.search(r"<(label|legend)\b[^>]*>(.*?)</\1>", html, re.S)
                if label is None:
                    continue
                text = re.sub(r"<[^>]+>", "", label.group(2)).strip()
                if text.endswith(":") or not text[:1].isupper():
                    wrong.append(f"{form_id(form_class)}.{field.name}: {text!r}")
    assert wrong == []


def test_no_form_renders_a_ctrl_click_multiple_select(world):
    found = []
    for form_class in FORMS:
        html = render_to_string("includes/_form.html", {"form": build_form(form_class, world)})
        if re.search(r"<select\b[^>]*\bmultiple\b", html):
            found.append(form_id(form_class))
    assert found == []


def test_a_form_with_a_searching_picker_can_search_without_saving(world):
    """A picker that searches posts its form: only PickerFormMixin tells that from saving it."""
    missing = [
        form_id(form_class)
        for form_class in FORMS
        if any(
            isinstance(f.widget, Picker) and f.widget.search_fields
            for f in build_form(form_class, world).fields.values()
        )
        and not issubclass(form_class, PickerFormMixin)
    ]
    assert missing == []
