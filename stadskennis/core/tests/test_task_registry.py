""" "Mijn taken" is a registry other modules add to: a module still to come (releases of ORBA, Agenda
registrations) registers a source and its tasks show on the page, on the start page and in the count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stadskennis.core import task_registry
from stadskennis.core.task_registry import Task, TaskSource

pytestmark = pytest.mark.django_db


def releases(user) -> list[Task]:
    """A future module's source: one release to check for every logged-in user."""
    today = timezone.localdate()
    return [
        Task(kind="release", kind_label="Release", title="ORBA-release 2027 nakijken", url="/orba/2027/",
             state="Klaar om na te kijken", due=today + timedelta(days=2)),
        Task(kind="release", kind_label="Release", title="ORBA-release 2026 nakijken", url="/orba/2026/",
             due=today - timedelta(days=1)),
    ]  # fmt: skip


@pytest.fixture
def with_releases(monkeypatch):
    monkeypatch.setitem(task_registry._SOURCES, "orba.releases", TaskSource("orba.releases", releases))


def test_a_registered_source_shows_its_tasks_on_every_door(cast, client_for, with_releases):
    client = client_for(cast["member"])
    data = client.get("/start/taken/", {"formaat": "json"}).json()
    assert [(t["title"], t["overdue"]) for t in data["tasks"]] == [
        ("ORBA-release 2026 nakijken", True),  # overdue first: soonest due first
        ("ORBA-release 2027 nakijken", False),
    ]
    for page in ("/start/", "/start/taken/"):
        html = client.get(page).content.decode()
        assert 'href="/orba/2027/"' in html and "Klaar om na te kijken" in html
        assert "Te laat" in html  # the overdue one says so in words, not only in colour
    assert '<span class="visually-hidden">(2)</span>' in html  # "Mijn taken (2)" in the header


def test_registering_a_source_twice_lists_its_tasks_once(cast, with_releases):
    task_registry.register_task_source(TaskSource("orba.releases", releases))
    titles = [t.title for t in task_registry.tasks_for(cast["member"]) if t.kind == "release"]
    assert titles == ["ORBA-release 2026 nakijken", "ORBA-release 2027 nakijken"]


def test_nobody_logged_in_has_tasks(client_for, with_releases):
    assert task_registry.tasks_for(None) == []
    assert client_for(None).get("/start/taken/").status_code == 302  # to the login page
