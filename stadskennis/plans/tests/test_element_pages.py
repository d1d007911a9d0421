"""A plan built in the interface: an element added and changed on its page, through the import's own
checks, so a page and a file never disagree; bad input named by field in Dutch, nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.plans.models import PlanElement, PlanManager
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Code;Bovenliggende code;Niveau;Titel\n"
    "2WWS;;beleidsdomein;Wonen\n"
    "2WWS01;2WWS;beleidsdoelstelling;Betaalbaar wonen\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing\n"
)


@pytest.fixture
def world():
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    manager = UserFactory(email="pia@gent.example", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    owner = UserFactory(email="an@gent.example", organisation=gent)
    plan = PlanFactory(owner=gent)
    assert plan_import(plan=plan, name="p.csv", data=CSV.encode(), actor=None).written
    ThemeFactory(slug="wonen", name="Wonen")
    return {"plan": plan, "manager": manager, "owner": owner, "gent": gent}


def fields(**changed):
    return {"code": "2WWS0102", "parent": "2WWS01", "level": "actie", "title": "Conceptzorg",
            "description": "", "politician": "", "department": "", "owner": "", "start": "", "end": "",
            "status": "", "progress": "", "weight": "1", "tags": "", **changed}  # fmt: skip


def test_a_plan_manager_adds_an_element_under_another(world, client_for):
    plan = world["plan"]
    page = client_for(world["manager"]).post(
        reverse("plans:element_new", args=[plan.pk]),
        fields(owner="an@gent.example", start="2026-01-01", end="2027-12-31", status="lopend",
               progress="40", themes=["wonen"], tags="sdg 11.1, leegstand", exploitation_planned="120.000,50",
               priority="on"),
    )  # fmt: skip
    element = PlanElement.objects.get(plan=plan, code="2WWS0102")
    assert page["Location"] == reverse("plans:element", args=[element.pk])
    assert (element.parent.code, element.level, element.owner, element.status.name, element.progress) == (
        "2WWS01",
        "action",
        world["owner"],
        "lopend",
        40,
    )
    assert (element.tags, element.exploitation_planned, element.priority) == (
        ["SDG 11.1", "leegstand"],
        12000050,
        True,
    )
    assert [t.slug for t in element.themes.all()] == ["wonen"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, changes__code="2WWS0102").exists()


def test_a_changed_element_keeps_its_code(world, client_for):
    element = PlanElement.objects.get(plan=world["plan"], code="2WWS0101")
    manager = client_for(world["manager"])
    form = manager.get(reverse("plans:element_edit", args=[world["plan"].pk, element.pk])).context["form"]
    assert "2WWS0101" not in dict(form.fields["parent"].choices)  # never under itself
    manager.post(
        reverse("plans:element_edit", args=[world["plan"].pk, element.pk]),
        fields(code="ANDERS", parent="2WWS01", title="Hervormde leegstandsheffing"),
    )
    element.refresh_from_db()
    assert (element.code, element.title) == ("2WWS0101", "Hervormde leegstandsheffing")
    assert not PlanElement.objects.filter(code="ANDERS").exists()


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"code": "2WWS0101"}, "code", "Het plan heeft al een element met deze code."),
        ({"code": "met spatie"}, "code", "geen code"),
        ({"parent": "2WWS0101", "level": "beleidsdoelstelling"}, "level", "kan niet onder een actie staan"),
        ({"start": "2027-01-01", "end": "2026-01-01"}, "end", "ligt voor de start"),
        ({"progress": "120"}, "progress", "niet tussen 0 en 100"),
        ({"progress": "bijna klaar"}, "progress", "geen getal"),
        ({"tags": "SDG 18"}, "tags", "geen SDG-doel"),
        ({"weight": "-1"}, "weight", "tussen 0 en 1000"),
    ],
)
def test_bad_input_is_named_by_field_and_nothing_is_written(world, client_for, changed, field, message):
    before = PlanElement.objects.count()
    page = client_for(world["manager"]).post(
        reverse("plans:element_new", args=[world["plan"].pk]), fields(**changed)
    )
    assert page.status_code == 200
    assert message in " ".join(page.context["form"].errors.get(field, [])), page.context["form"].errors
    assert PlanElement.objects.count() == before


def test_only_the_plans_managers_build_it(world, client_for):
    page = client_for(world["owner"]).post(reverse("plans:element_new", args=[world["plan"].pk]), fields())
    assert page.status_code == 403
    stranger = client_for(UserFactory(organisation=OrganisationFactory()))
    assert stranger.get(reverse("plans:element_new", args=[world["plan"].pk])).status_code == 404
    assert not PlanElement.objects.filter(code="2WWS0102").exists()


def test_an_element_is_removed_only_without_children_and_outside_an_open_release(world, client_for):
    from datetime import date

    from stadskennis.plans import releases

    plan, manager = world["plan"], client_for(world["manager"])
    parent = PlanElement.objects.get(plan=plan, code="2WWS01")
    leaf = PlanElement.objects.get(plan=plan, code="2WWS0101")
    page = manager.post(reverse("plans:element_delete", args=[plan.pk, parent.pk]), follow=True)
    assert "Verplaats of verwijder eerst de elementen eronder." in page.content.decode()
    release = releases.release_open(plan=plan, title="R", deadline=date(2027, 1, 1), actor=world["manager"])
    page = manager.post(reverse("plans:element_delete", args=[plan.pk, leaf.pk]), follow=True)
    assert "Een open rapportering rapporteert erover" in page.content.decode()
    releases.release_freeze(release=release, actor=world["manager"])
    answer = manager.post(reverse("plans:element_delete", args=[plan.pk, leaf.pk]))
    assert answer["Location"] == reverse("plans:plan", args=[plan.pk])
    assert not PlanElement.objects.filter(pk=leaf.pk).exists()
    assert release.entries.get(code="2WWS0101").title == "Leegstandsheffing"  # the frozen release keeps it
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, changes__code="2WWS0101").exists()
    assert (
        client_for(world["owner"])
        .post(reverse("plans:element_delete", args=[plan.pk, parent.pk]))
        .status_code
        == 403
    )


def test_an_element_whose_level_would_put_its_own_children_out_of_order_is_refused(world, client_for):
    objective = PlanElement.objects.get(plan=world["plan"], code="2WWS01")
    page = client_for(world["manager"]).post(
        reverse("plans:element_edit", args=[world["plan"].pk, objective.pk]),
        fields(code="2WWS01", parent="2WWS", level="actie", title="Betaalbaar wonen"),
    )
    assert "onder een actie kan geen actie (2WWS0101) staan" in " ".join(page.context["form"].errors["level"])
    objective.refresh_from_db()
    assert objective.level == "objective"


def test_an_element_of_another_plan_is_not_reached_through_this_plans_address(world, client_for):
    other = PlanFactory(owner=world["gent"])
    assert plan_import(plan=other, name="o.csv", data=b"Code;Titel\nX1;Ander\n", actor=None).written
    theirs = PlanElement.objects.get(plan=other)
    manager = client_for(world["manager"])
    assert (
        manager.post(reverse("plans:element_edit", args=[world["plan"].pk, theirs.pk]), fields()).status_code
        == 404
    )
    assert (
        manager.post(reverse("plans:element_delete", args=[world["plan"].pk, theirs.pk])).status_code == 404
    )
    assert PlanElement.objects.filter(pk=theirs.pk, title="Ander").exists()
