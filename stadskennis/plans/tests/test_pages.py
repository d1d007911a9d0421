"""A plan's pages: who sees a plan, who may import into it, and what a reader is told of its figures."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadskennis.accounts.tests.factories import EditorFactory, UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.models import PlanElement, PlanManager
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    b"Code;Bovenliggende code;Niveau;Titel;Status;Voortgang;Gewicht\n"
    b"2WWS01;;beleidsdoelstelling;Betaalbaar wonen;;;\n"
    b"2WWS0101;2WWS01;actie;Leegstandsheffing;lopend;40;2\n"
    b"2WWS0102;2WWS01;actie;Conceptzorg;gerealiseerd;;\n"
    b"2WWS0103;2WWS01;actie;Geschrapt;geannuleerd;;\n"
    b"2WWS0104;2WWS01;actie;Nog niets;;;\n"
)


@pytest.fixture
def gent():
    return OrganisationFactory(slug="gent", name="Stad Gent")


@pytest.fixture
def plan(gent):
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="plan.csv", data=CSV, actor=None).written
    return plan


def test_the_plan_page_shows_each_figure_and_how_it_was_reached(client, plan, gent):
    client.force_login(UserFactory(organisation=gent))
    assert reverse("plans:plan", args=[plan.pk]) in client.get(reverse("plans:list")).content.decode()
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Leegstandsheffing" in page and "Betaalbaar wonen" in page
    assert "60%" in page  # (40 × 2 + 100 × 1) / 3
    assert "(40 × 2 + 100 × 1) / 3 = 60" in page
    assert "2WWS0103" in page and "2WWS0104" in page  # named as left out and without data
    assert "zonder gegevens" in page


def test_another_city_and_an_anonymous_reader_do_not_see_an_unshared_plan(client, plan):
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
    client.force_login(UserFactory(organisation=OrganisationFactory()))
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
    assert reverse("plans:plan", args=[plan.pk]) not in client.get(reverse("plans:list")).content.decode()


def test_only_plan_managers_and_centre_editors_may_import(client, plan, gent):
    member = UserFactory(organisation=gent)
    client.force_login(member)
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 403
    assert "Elementen importeren" not in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    PlanManager.objects.create(organisation=gent, user=member)
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 200
    client.force_login(EditorFactory())
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 200


def test_a_plan_manager_of_another_city_may_not_import(client, plan):
    elsewhere = OrganisationFactory()
    manager = UserFactory(organisation=elsewhere)
    PlanManager.objects.create(organisation=elsewhere, user=manager)
    client.force_login(manager)
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 404


def test_import_shows_a_preview_then_writes_on_confirmation(client, plan, gent):
    manager = UserFactory(organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    client.force_login(manager)
    upload = SimpleUploadedFile(
        "plan.csv", b"Code;Titel;Voortgang\n2WWS0104;Nog niets;10\nP9;Nieuw project;\n"
    )
    preview = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload})
    assert "2 elementen zijn klaar om te importeren" in preview.content.decode()
    assert PlanElement.objects.filter(plan=plan).count() == 5  # nothing written yet
    token = preview.context["token"]
    done = client.post(reverse("plans:import_confirm", args=[plan.pk]), {"token": token})
    assert done.status_code == 302
    assert PlanElement.objects.filter(plan=plan).count() == 6
    assert PlanElement.objects.get(plan=plan, code="2WWS0104").progress == 10


def test_a_bad_file_is_explained_in_dutch_and_nothing_is_written(client, plan):
    client.force_login(EditorFactory())
    upload = SimpleUploadedFile("plan.csv", b"Code;Titel;Voortgang\nA1;Actie;bijna klaar\n")
    page = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload}).content.decode()
    assert "regel 2, kolom &#x27;Voortgang&#x27;: &#x27;bijna klaar&#x27; is geen getal" in page
    assert not PlanElement.objects.filter(plan=plan, code="A1").exists()


def test_a_tampered_ticket_writes_nothing(client, plan):
    client.force_login(EditorFactory())
    response = client.post(reverse("plans:import_confirm", args=[plan.pk]), {"token": "vervalst"})
    assert response.status_code == 302
    assert PlanElement.objects.filter(plan=plan).count() == 5


def test_centre_editors_keep_plans_statuses_and_plan_managers_in_the_admin(client, plan):
    client.force_login(EditorFactory())
    for name in ("plan", "planstatus", "planmanager"):
        assert client.get(reverse(f"admin:plans_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:plans_{name}_add")).status_code == 200
    client.force_login(UserFactory(organisation=plan.owner))
    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 302  # members: to the login


def test_a_plan_is_carried_over_with_its_structure_and_history(client, plan, gent):
    manager = UserFactory(organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    client.force_login(manager)
    url = reverse("plans:carry_over", args=[plan.pk])
    assert client.get(url).context["form"].initial == {"start_year": 2032, "end_year": 2037}
    refused = client.post(url, {"start_year": 2030, "end_year": 2035})
    assert "De volgende periode begint na 2031." in refused.content.decode()
    response = client.post(url, {"start_year": 2032, "end_year": 2037})
    successor = plan.next_plans.get()
    assert response.url == reverse("plans:plan", args=[successor.pk])
    copied = {e.code: e for e in successor.elements.select_related("parent", "carried_from")}
    assert set(copied) == set(plan.elements.values_list("code", flat=True))
    action = copied["2WWS0101"]
    assert action.parent == copied["2WWS01"]  # the new plan's own parent, not the old one
    assert action.carried_from == plan.elements.get(code="2WWS0101")
    assert (action.status, action.progress) == (None, None)  # a new period is reported on afresh
    page = client.get(response.url).content.decode()
    assert "Vervolg op" in page and reverse("plans:plan", args=[plan.pk]) in page


def test_a_member_who_is_no_plan_manager_cannot_carry_over(client, plan, gent):
    client.force_login(UserFactory(organisation=gent))
    assert (
        client.post(
            reverse("plans:carry_over", args=[plan.pk]), {"start_year": 2032, "end_year": 2037}
        ).status_code
        == 403
    )
    assert not plan.next_plans.exists()


def test_a_plan_manager_who_moved_to_another_city_loses_the_old_citys_plans(client, plan, gent):
    plan.visibility = "network"  # seen by every member: only the role decides who manages it
    plan.save()
    manager = UserFactory(organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    client.force_login(manager)
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 200
    manager.organisation = OrganisationFactory()
    manager.save()
    assert client.get(reverse("plans:import", args=[plan.pk])).status_code == 403


def test_a_preview_is_confirmed_only_on_its_own_plan(client, plan, gent):
    editor = EditorFactory()
    client.force_login(editor)
    other = PlanFactory(owner=gent, title="Bestuursakkoord")
    upload = SimpleUploadedFile("plan.csv", b"Code;Titel\nX1;Nieuw\n")
    token = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload}).context["token"]
    assert token
    client.post(reverse("plans:import_confirm", args=[other.pk]), {"token": token})
    assert not other.elements.exists() and not plan.elements.filter(code="X1").exists()


def test_the_plan_it_continues_is_named_only_to_who_may_see_it(client, plan, gent):
    successor = PlanFactory(owner=gent, title="Volgend plan", start_year=2032, end_year=2037, previous=plan,
                            visibility="public")  # fmt: skip
    page = client.get(reverse("plans:plan", args=[successor.pk])).content.decode()
    assert "Vervolg op" not in page and "Meerjarenplan 2026" not in page
    client.force_login(UserFactory(organisation=gent))
    assert "Vervolg op" in client.get(reverse("plans:plan", args=[successor.pk])).content.decode()
