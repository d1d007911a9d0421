"""An organisation's plan set-up: plan managers named by an administrator or by the organisation's own
plan managers, its list of statuses, and a new plan; every change audited, refused in Dutch when it
cannot be made, and closed to other cities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import AdministratorFactory, EditorFactory, UserFactory
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.models import Plan, PlanElement, PlanManager, PlanStatus
from stadskennis.plans.services import plan_import, statuses_for
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent():
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    manager = UserFactory(email="pia@gent.example", full_name="Pia", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    colleague = UserFactory(email="cor@gent.example", full_name="Cor", organisation=gent)
    return {"organisation": gent, "manager": manager, "colleague": colleague}


def test_a_plan_manager_names_a_colleague_and_takes_the_role_back(gent, client_for):
    pia = client_for(gent["manager"])
    setup = reverse("plans:setup", args=["gent"])
    page = pia.get(setup)
    assert [u.email for u in page.context["manager_form"].fields["user"].queryset] == ["cor@gent.example"]
    pia.post(reverse("plans:manager_grant", args=["gent"]), {"user": gent["colleague"].pk})
    role = PlanManager.objects.get(user=gent["colleague"])
    assert role.granted_by == gent["manager"]
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, changes__user="cor@gent.example"
    ).exists()
    pia.post(reverse("plans:manager_revoke", args=["gent", role.pk]))
    assert not PlanManager.objects.filter(user=gent["colleague"]).exists()


def test_the_last_plan_manager_stays_unless_an_administrator_takes_the_role(gent, client_for):
    role = PlanManager.objects.get(user=gent["manager"])
    page = client_for(gent["manager"]).post(
        reverse("plans:manager_revoke", args=["gent", role.pk]), follow=True
    )
    assert "De laatste planbeheerder blijft" in page.content.decode()
    assert PlanManager.objects.filter(pk=role.pk).exists()
    admin = AdministratorFactory()
    client_for(admin).post(reverse("plans:manager_revoke", args=["gent", role.pk]))
    assert not PlanManager.objects.filter(pk=role.pk).exists()


def test_a_member_of_another_city_is_never_made_plan_manager(gent, client_for):
    stranger = UserFactory(organisation=OrganisationFactory())
    client_for(gent["manager"]).post(reverse("plans:manager_grant", args=["gent"]), {"user": stranger.pk})
    assert not PlanManager.objects.filter(user=stranger).exists()


@pytest.mark.parametrize("who", ["colleague", "other city", "editor"])
def test_who_may_not_name_plan_managers(gent, client_for, who):
    user = {
        "colleague": gent["colleague"],
        "other city": UserFactory(organisation=OrganisationFactory()),
        "editor": EditorFactory(),  # a centre editor helps build plans, but does not hand out the role
    }[who]
    answer = client_for(user).post(
        reverse("plans:manager_grant", args=["gent"]), {"user": gent["colleague"].pk}
    )
    assert answer.status_code == 403
    assert not PlanManager.objects.filter(user=gent["colleague"]).exists()


def test_the_status_list_is_the_organisations_own(gent, client_for):
    pia = client_for(gent["manager"])
    statuses_for(gent["organisation"])
    answer = pia.post(reverse("plans:status_new", args=["gent"]),
                      {"name": "on hold", "icon": "delayed", "default_progress": "10"})  # fmt: skip
    assert answer.status_code == 302
    added = PlanStatus.objects.get(organisation=gent["organisation"], name="on hold")
    assert added.default_progress == 10 and not added.excluded_from_rollup
    twice = pia.post(reverse("plans:status_new", args=["gent"]), {"name": "LOPEND", "icon": "running"})
    assert "bestaat al" in " ".join(twice.context["form"].errors["name"])
    bad = pia.post(
        reverse("plans:status_new", args=["gent"]),
        {"name": "x", "icon": "running", "default_progress": "120"},
    )
    assert "default_progress" in bad.context["form"].errors
    other = OrganisationFactory()
    assert (
        client_for(UserFactory(organisation=other)).get(reverse("plans:setup", args=["gent"])).status_code
        == 403
    )


def test_a_status_in_use_is_not_removed(gent, client_for):
    plan = PlanFactory(owner=gent["organisation"])
    plan_import(plan=plan, name="p.csv", actor=None, data=b"Code;Titel;Status\nA1;Actie;lopend\n")
    running = PlanElement.objects.get(plan=plan).status
    page = client_for(gent["manager"]).post(
        reverse("plans:status_delete", args=["gent", running.pk]), follow=True
    )
    assert "hebben nog de status “lopend”" in page.content.decode()
    assert PlanStatus.objects.filter(pk=running.pk).exists()
    unused = PlanStatus.objects.get(organisation=gent["organisation"], name="vertraagd")
    client_for(gent["manager"]).post(reverse("plans:status_delete", args=["gent", unused.pk]))
    assert not PlanStatus.objects.filter(pk=unused.pk).exists()


def test_a_plan_manager_starts_a_new_plan(gent, client_for):
    pia = client_for(gent["manager"])
    fields = {"title": "Meerjarenplan", "kind": "multi_year", "rollup": "equal"}
    bad = pia.post(
        reverse("plans:plan_new", args=["gent"]), {**fields, "start_year": "2031", "end_year": "2026"}
    )
    assert "end_year" in bad.context["form"].errors and not Plan.objects.exists()
    answer = pia.post(
        reverse("plans:plan_new", args=["gent"]), {**fields, "start_year": "2026", "end_year": "2031"}
    )
    plan = Plan.objects.get()
    assert answer["Location"] == reverse("plans:plan", args=[plan.pk])
    assert (plan.owner, plan.visibility, plan.rollup, plan.created_by) == (
        gent["organisation"],
        "organisation",
        "equal",
        gent["manager"],
    )
    assert client_for(gent["colleague"]).get(reverse("plans:plan_new", args=["gent"])).status_code == 403


def test_status_names_that_an_import_would_read_as_one_are_refused(gent, client_for):
    pia = client_for(gent["manager"])
    statuses_for(gent["organisation"])
    for name, message in (("Lopend!", "bestaat al"), ("★", "letters of cijfers")):
        page = pia.post(reverse("plans:status_new", args=["gent"]), {"name": name, "icon": "running"})
        assert message in " ".join(page.context["form"].errors["name"]), name
    assert PlanStatus.objects.filter(organisation=gent["organisation"]).count() == 5


def test_another_organisations_status_or_plan_manager_is_out_of_reach(gent, client_for):
    other = OrganisationFactory(slug="antwerpen")
    theirs = statuses_for(other)[0]
    their_manager = PlanManager.objects.create(organisation=other, user=UserFactory(organisation=other))
    pia = client_for(gent["manager"])
    assert (
        pia.post(
            reverse("plans:status_edit", args=["gent", theirs.pk]), {"name": "x", "icon": "running"}
        ).status_code
        == 404
    )
    assert pia.post(reverse("plans:status_delete", args=["gent", theirs.pk])).status_code == 404
    assert pia.post(reverse("plans:manager_revoke", args=["gent", their_manager.pk])).status_code == 404
    assert PlanStatus.objects.filter(pk=theirs.pk, name=theirs.name).exists()
    assert PlanManager.objects.filter(pk=their_manager.pk).exists()


def test_a_plan_manager_who_left_does_not_count_as_the_one_who_stays(gent, client_for):
    gone = UserFactory(organisation=gent["organisation"], is_active=False)
    PlanManager.objects.create(organisation=gent["organisation"], user=gone)
    role = PlanManager.objects.get(user=gent["manager"])
    client_for(gent["manager"]).post(reverse("plans:manager_revoke", args=["gent", role.pk]))
    assert PlanManager.objects.filter(pk=role.pk).exists()
