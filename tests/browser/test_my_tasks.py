""" "Mijn taken" in real Chromium (issue 13, points 4 and 6): the start page's task list for a member of
Gent and for an editor, the way from a task into the survey round without the emailed link, the
header's count, all without an axe violation or a control below the contrast WCAG asks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.models import User
from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network import services as network_services
from stadskennis.network.forms_workgroups import ActionPointForm
from stadskennis.network.models import Person, Workgroup
from stadskennis.questions.models import Rondvraag
from tests.browser.test_pages import EDITOR, MEMBER, check_pages, demo  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work(demo):  # noqa: F811 - the fixture imported above
    """Besides the demo's round and answered question: homework and an action point for the member of
    Gent, a proposal of theirs for the editor."""
    person = Person.objects.get(user__email=MEMBER)
    obmi = Workgroup.objects.get(key="obmi")
    obmi.members.add(person)  # as the admin does: members are kept there
    form = ActionPointForm(
        {"kind": "action", "text": "Wijkmonitor van Gent toelichten", "owner_person": person.pk},
        workgroup=obmi,
    )
    assert form.is_valid(), form.errors
    network_services.action_point_add(
        form=form, workgroup=obmi, meeting=obmi.meetings.first(), actor=User.objects.get(email=EDITOR)
    )
    KnowledgeItemFactory(
        title="Voorstel: leegstandsheffing in Gent",
        actor=person.user,
        owner=person.organisation,
        visibility="draft",
    )
    return {"round": Rondvraag.objects.get(title__startswith="Stand van het GDPR")}


def _screenshot(v, name: str, tmp_path: Path) -> None:
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(target / f"{name}.png"), full_page=False)


def test_a_member_finds_what_waits_on_the_start_page_and_opens_the_round(visit, work, tmp_path):
    v = visit()
    v.login(MEMBER, DEMO_PASSWORD)
    tasks = v.page.inner_text(".tasks-block")
    for title in (
        "Stand van het GDPR-register in de steden",  # the survey round
        "Wijkmonitor van Gent toelichten",  # the action point
        "Hoe zit het met een belasting op leegstaande winkelpanden?",  # answered, may it be published?
    ):
        assert title in tasks
    assert "Nog niet begonnen" in tasks and "Uiterlijk" in tasks
    _screenshot(v, "start", tmp_path)
    # the task is the door: the answer page opens without the emailed link
    v.click(".tasks-block a:text('Stand van het GDPR-register in de steden')")
    v.page.wait_for_url(f"**/vraagbaak/rondvragen/{work['round'].pk}/antwoorden/")
    assert "Stand van het GDPR-register in de steden" in v.page.inner_text("h1")
    v.page.goto("/start/taken/")
    shown = v.page.locator(".task-list > li.task").count()
    assert shown == 4  # the round, the homework of OBMI, the action point, the question
    assert "Stand van het GDPR-register\n" in v.page.inner_text(".task-list")  # the homework
    accessible_name = v.page.get_by_role("link", name=f"Mijn taken ({shown})").count()
    assert accessible_name == 1  # the count is read with the link, in words
    _screenshot(v, "mijn-taken", tmp_path)
    check_pages(v, ["/start/", "/start/taken/", "/vraagbaak/", "/vraagbaak/rondvragen/"])


def test_an_editor_finds_what_waits_on_the_start_page(visit, work, tmp_path):
    v = visit()
    v.login(EDITOR, DEMO_PASSWORD)
    tasks = v.page.inner_text(".tasks-block")
    assert "Voorstel: leegstandsheffing in Gent" in tasks  # a proposal to review
    assert "Wie is bezig met deelsteps in de binnenstad?" in tasks  # a question nobody handles yet
    _screenshot(v, "start-redacteur", tmp_path)
    check_pages(v, ["/start/", "/start/taken/", "/vraagbaak/rondvragen/"])
