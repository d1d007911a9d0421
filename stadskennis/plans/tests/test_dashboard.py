"""A plan's dashboards read the last frozen release, never work in progress; the public one shows only
what the city marked public, and only once the city publishes it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans import releases
from stadskennis.plans.dashboard import plan_dashboard
from stadskennis.plans.models import PlanManager
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Code;Bovenliggende code;Niveau;Titel;Schepen;Dienst;Status;Voortgang;Start;Einde;Publiek\n"
    "2WWS;;beleidsdomein;Wonen;;;;;;;ja\n"
    "2WWS01;2WWS;beleidsdoelstelling;Betaalbaar wonen;;;;;;;ja\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing;Schepen A;Woonbeleid;lopend;10;2026-01-01;2026-12-31;ja\n"
    "2WWS0102;2WWS01;actie;Geheim dossier;Schepen B;Vastgoed;lopend;90;2025-01-01;2025-12-31;nee\n"
    "3KLI;;beleidsdomein;Klimaat;;;;;;;ja\n"
    "3KLI01;3KLI;actie;Groendaken;Schepen A;Milieu;gerealiseerd;;2026-01-01;2026-06-30;ja\n"
)
TODAY = date(2026, 10, 1)  # three quarters of 2026 gone


@pytest.fixture
def plan():
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    manager = UserFactory(organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="p.csv", data=CSV.encode(), actor=None).written
    plan.manager = manager
    return plan


def freeze(plan, title="Rapportering 2026"):
    release = releases.release_open(plan=plan, title=title, deadline=date(2026, 7, 1), actor=plan.manager)
    releases.release_freeze(release=release, actor=plan.manager)
    return release


def test_the_dashboard_groups_filters_and_names_what_needs_attention(plan):
    assert plan_dashboard(plan) is None  # nothing frozen yet
    freeze(plan)
    board = plan_dashboard(plan, today=TODAY)
    groups = {g.label: g.figure for g in board.groups}
    assert groups == {"2WWS Wonen": 50, "3KLI Klimaat": 100}  # (10 + 90) / 2; done is 100
    by_alderman = {g.label: g.figure for g in plan_dashboard(plan, group_by="politician", today=TODAY).groups}
    # the mean of each alderman's lowest elements; the domains and objectives have none
    assert by_alderman == {"Schepen A": 55, "Schepen B": 90, "(geen)": None}
    assert [e.code for e in board.overdue] == ["2WWS0102"]  # ended in 2025, still running
    assert [(b.entry.code, b.progress, b.expected) for b in board.behind] == [("2WWS0101", 10, 75)]
    only_a = plan_dashboard(plan, filters={"politician": "Schepen A"}, today=TODAY)
    assert {e.code for e in only_a.shown} == {"2WWS0101", "3KLI01"}
    assert only_a.options["politician"] == ["Schepen A", "Schepen B"]


def test_work_in_progress_is_not_what_the_dashboard_shows(plan):
    first = freeze(plan)
    second = releases.release_open(plan=plan, title="Volgende", deadline=date(2027, 1, 1), actor=plan.manager)
    entry = second.entries.get(code="2WWS0101")
    releases.entry_update(entry=entry, status=None, progress=99, narrative="", based_on=0, actor=plan.manager)
    board = plan_dashboard(plan, today=TODAY)
    assert board.release == first and board.figures["2WWS0101"].percent == 10


def test_the_public_dashboard_shows_only_public_elements_once_published(client, client_for, plan):
    freeze(plan)
    url = reverse("plans:public_dashboard", args=[plan.pk])
    assert client.get(url).status_code == 404  # not published
    manager = client_for(plan.manager)
    assert (
        manager.post(reverse("plans:publish_dashboard", args=[plan.pk]), {"publiceren": "1"}).status_code
        == 302
    )
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Leegstandsheffing" in text
    assert "Geheim dossier" not in text and "Vastgoed" not in text and "Schepen B" not in text
    assert (
        '2WWS Wonen</th><td class="number">3</td>\n            <td class="number">10%' in text
    )  # from public alone
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404  # the plan stays Gent's
    # the internal dashboard is for who reads the plan
    assert client.get(reverse("plans:dashboard", args=[plan.pk])).status_code == 404
    outsider = client_for(UserFactory(organisation=OrganisationFactory()))
    assert outsider.get(reverse("plans:dashboard", args=[plan.pk])).status_code == 404
    assert "Geheim dossier" in manager.get(reverse("plans:dashboard", args=[plan.pk])).content.decode()
    manager.post(reverse("plans:publish_dashboard", args=[plan.pk]), {"publiceren": "0"})
    assert client.get(url).status_code == 404
    # only the plan's managers publish
    member = client_for(UserFactory(organisation=plan.owner))
    assert (
        member.post(reverse("plans:publish_dashboard", args=[plan.pk]), {"publiceren": "1"}).status_code
        == 403
    )
