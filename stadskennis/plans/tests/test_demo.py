"""The demo plans load through the city's own import, twice without change."""

from __future__ import annotations

import pytest

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.models import Organisation
from stadskennis.core.reference import reference_load
from stadskennis.plans.demo import demo_plans_load
from stadskennis.plans.models import Plan, PlanElement, PlanIndicator, PlanManager, ReleaseIndicator
from stadskennis.plans.release_reports import release_compare
from stadskennis.plans.services import plan_figures

pytestmark = pytest.mark.django_db


def test_antwerp_and_mechelen_get_a_plan_with_figures_and_loading_again_changes_nothing():
    reference_load()
    manager = UserFactory(
        email="lid.antwerpen@stadskennis.example", organisation=Organisation.objects.get(slug="antwerpen")
    )
    first = demo_plans_load(managers={"antwerpen": manager})
    count = PlanElement.objects.count()
    assert demo_plans_load(managers={"antwerpen": manager}) == first == count
    assert PlanElement.objects.count() == count and Plan.objects.count() == 2
    antwerp = Plan.objects.get(owner__slug="antwerpen")
    figures = plan_figures(antwerp)
    assert figures["2WWS0101"].percent == 60  # (40 × 2 + 100 × 1) / 3; the cancelled action left out
    assert figures["2WWS0101"].excluded == ["2WWS010103"]
    assert PlanManager.objects.filter(organisation__slug="antwerpen", user=manager).exists()
    # a frozen release and an open one with two updates, made once
    frozen, open_ = antwerp.releases.order_by("created_at")
    assert frozen.frozen and not open_.frozen and antwerp.releases.count() == 2
    assert {c.code for c in release_compare(frozen, open_)} >= {"2WWS010101", "2WWS010201"}
    # indicators of each kind, the first release's values evaluated when it froze
    leegstand = ReleaseIndicator.objects.get(entry__release=frozen, name="Woningen in het leegstandsregister")
    # 2026: 220 fewer of the 333 planned by then (3,200 → 2,700 by 2027): 66%, attention
    assert (leegstand.year, leegstand.value, leegstand.evaluation) == (2026, 2980, "attention")
    heffing = ReleaseIndicator.objects.get(entry__release=frozen, kind="yes_no")
    assert (heffing.value, heffing.evaluation) == (0, "attention")  # due in 2027: a year to go
    assert PlanIndicator.objects.filter(element__plan__owner__slug="mechelen", kind="steps").count() == 1
    assert PlanIndicator.objects.count() == 3  # the warehouse's wait for Stad in cijfers' demo catalogue


def test_the_whole_demo_compares_two_cities_on_the_same_indicator(client):
    """With Stad in cijfers' demo catalogue loaded, Antwerp and Mechelen chose the same warehouse
    indicator: a member of Gent sees both on one chart."""
    from django.urls import reverse

    from stadskennis.accounts.models import User
    from stadskennis.demo.services import demo_load

    demo_load()
    client.force_login(
        User.objects.get(email="lid.gent@stadskennis.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    page = client.get(reverse("plans:compare_cities"), {"sdg": "11"})
    (shared,) = page.context["shared"]
    assert shared.indicator.code == "demo-sociale-huurwoningen-per-100"
    assert sorted(row.plan.owner.slug for row in shared.cities) == ["antwerpen", "mechelen"]
    assert all(row.values and row.indicator.baseline is not None for row in shared.cities)
