"""Indicators of a plan's elements: added by a plan manager, reported in a release, evaluated against
their trajectory when it freezes (the warehouse's figures read by themselves), frozen with it, shown on
the element's page, the council report and the release comparison; bad input refused in Dutch."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.reference import reference_load
from stadskennis.core.visibility import Visibility
from stadskennis.indicators.tests.factories import IndicatorFactory, observe
from stadskennis.plans import plan_indicators, release_reports, releases
from stadskennis.plans.models import (
    FrozenRelease,
    PlanElement,
    PlanIndicator,
    PlanIndicatorValue,
    PlanManager,
    ReleaseIndicator,
)
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Code;Bovenliggende code;Niveau;Titel;Eigenaar\n"
    "2WWS01;;beleidsdoelstelling;Minder leegstand;\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing;an@gent.example\n"
)
EMPTY_HOMES = {
    "name": "Leegstaande woningen", "unit": "woningen", "kind": "number", "direction": "lower",
    "baseline": "1000", "baseline_year": "2024", "target": "400", "target_year": "2030",
    "trajectory": "2027: 700", "on_track_from": "90", "attention_from": "60",
}  # fmt: skip


@pytest.fixture
def world():
    reference_load()
    gent = Organisation.objects.get(slug="gent")
    an = UserFactory(email="an@gent.example", full_name="An", organisation=gent)
    manager = UserFactory(email="planner@gent.example", full_name="Pia", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="plan.csv", data=CSV.encode(), actor=None).written
    return {"gent": gent, "an": an, "manager": manager, "plan": plan}


def element(world, code="2WWS0101"):
    return PlanElement.objects.get(plan=world["plan"], code=code)


def add(world, client_for, **fields):
    page = client_for(world["manager"]).post(
        reverse("plans:indicator_new", args=[element(world).pk]), {**EMPTY_HOMES, **fields}
    )
    return page


def open_release(world, deadline=date(2027, 6, 30)):
    return releases.release_open(
        plan=world["plan"], title="Rapportering 2027", deadline=deadline, actor=world["manager"]
    )


def report(world, client_for, release, **fields):
    """The owner's form as a browser sends it: every field as shown (years filled in), then `fields`."""
    entry = release.entries.get(code="2WWS0101")
    copy = entry.indicators.order_by("position").first()
    shown = {}
    for each in entry.indicators.filter(warehouse=False):
        shown |= {f"waarde_{each.pk}": "", f"jaar_{each.pk}": str(each.year)}
    data = {"status": "", "progress": "", "narrative": "", "version": entry.version, **shown,
            f"jaar_{copy.pk}": "2027", **fields}  # fmt: skip
    return client_for(world["an"]).post(reverse("plans:entry_update", args=[release.pk, entry.pk]), data)


def test_a_plan_manager_adds_an_indicator_with_its_trajectory(world, client_for):
    page = add(world, client_for)
    assert page.status_code == 302, page.context["form"].errors
    indicator = PlanIndicator.objects.get(element=element(world))
    assert (indicator.baseline, indicator.target, indicator.trajectory) == (1000, 400, [[2027, "700.0000"]])
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, changes__indicator=indicator.name
    ).exists()
    shown = client_for(world["an"]).get(reverse("plans:element", args=[element(world).pk])).content.decode()
    assert "Leegstaande woningen" in shown and "nog geen waarde" in shown  # no value yet: not evaluated


def test_only_the_plans_managers_add_indicators(world, client_for):
    page = client_for(world["an"]).post(reverse("plans:indicator_new", args=[element(world).pk]), EMPTY_HOMES)
    assert page.status_code == 403
    assert not PlanIndicator.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target_year": "2020"}, "target_year", "na het basisjaar"),
        ({"baseline": "bijna klaar"}, "baseline", "Basiswaarde"),
        ({"trajectory": "2027 700"}, "trajectory", "Regel 1"),
        ({"trajectory": "2035: 300"}, "trajectory", "tussen het basisjaar en het doeljaar"),
        ({"attention_from": "95"}, "attention_from", "op koers"),
        ({"name": ""}, "name", "naam"),
        (
            {"kind": "steps", "steps": "ontwerp\nvergunning", "baseline": "1", "target": "4"},
            "target",
            "stapnummers",
        ),
        ({"baseline_year": ""}, "baseline_year", "samen"),
        ({"trajectory": "2027²: 5"}, "trajectory", "Regel 1"),
        ({"trajectory": "2027: 700\n2027: 650"}, "trajectory", "één tussentijds doel"),
        ({"direction": "higher"}, "direction", "andere kant"),
        ({"baseline": "", "baseline_year": ""}, "baseline", "basiswaarde"),
        ({"on_track_from": "0", "attention_from": "0"}, "on_track_from", "1"),
        ({"baseline": "99999999999999,99999"}, "baseline", "te groot"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_written(world, client_for, fields, field, message):
    page = add(world, client_for, **fields)
    assert page.status_code == 200
    errors = " ".join(page.context["form"].errors.get(field, []))
    assert message in errors, page.context["form"].errors
    assert not PlanIndicator.objects.exists()


def test_a_release_reports_evaluates_and_freezes_an_own_indicator(world, client_for):
    add(world, client_for)
    release = open_release(world)
    copy = ReleaseIndicator.objects.get()
    assert (copy.name, copy.year, copy.value, copy.warehouse) == ("Leegstaande woningen", 2027, None, False)

    assert report(world, client_for, release, **{f"waarde_{copy.pk}": "730"}).status_code == 302
    copy.refresh_from_db()
    assert copy.value == 730 and copy.evaluation == ""  # evaluated when the release freezes

    releases.release_freeze(release=release, actor=world["manager"])
    copy.refresh_from_db()
    # 270 of the 300 fewer empty homes planned by 2027: 90%, the rule's edge of "on track"
    assert (copy.evaluation, copy.expected, copy.history) == ("on_track", 700, [[2027, "730.0000"]])
    assert PlanIndicatorValue.objects.get().value == 730
    with pytest.raises(FrozenRelease):
        copy.save()
    with pytest.raises(FrozenRelease):
        ReleaseIndicator.objects.filter(pk=copy.pk).update(value=1)
    with pytest.raises(FrozenRelease):
        copy.delete()

    page = client_for(world["an"]).get(reverse("plans:council_report", args=[release.pk])).content.decode()
    assert (
        "<strong>op koers</strong>" in page
        and "730 woningen in 2027" in page
        and 'class="line-chart"' in page
    )
    standing = plan_indicators.standing(PlanIndicator.objects.get())
    assert (standing.year, standing.value, standing.result.state) == (2027, 730, "on_track")


def test_a_value_that_is_no_number_is_refused_and_nothing_is_stored(world, client_for):
    add(world, client_for)
    release = open_release(world)
    copy = ReleaseIndicator.objects.get()
    page = report(world, client_for, release, narrative="Goed bezig", **{f"waarde_{copy.pk}": "ongeveer 700"})
    assert page.status_code == 200
    assert "Leegstaande woningen" in page.context["form"].errors[f"waarde_{copy.pk}"][0]
    entry = release.entries.get(code="2WWS0101")
    copy.refresh_from_db()
    assert (entry.version, entry.narrative, copy.value) == (0, "", None)


def test_a_warehouse_indicator_takes_the_citys_free_figures_by_itself(world, client_for):
    homes = IndicatorFactory(
        code="leegstand",
        name="Leegstaande woningen (register)",
        direction="lower",
        visibility=Visibility.PUBLIC,
    )
    observe(homes, "2024", {"44021": 1000})
    observe(homes, "2025", {"44021": 950})
    observe(homes, "2026", {"44021": 850}, confidentiality="C")  # confidential: never in a plan
    page = add(world, client_for, name="", unit="", warehouse=str(homes.pk))
    assert page.status_code == 302, page.context["form"].errors
    indicator = PlanIndicator.objects.get()
    assert indicator.name == "Leegstaande woningen (register)"
    assert plan_indicators.history(indicator) == [(2024, 1000), (2025, 950)]

    release = open_release(world)
    copy = ReleaseIndicator.objects.get()
    assert copy.warehouse
    entry = release.entries.get(code="2WWS0101")
    form = (
        client_for(world["an"])
        .get(reverse("plans:entry_update", args=[release.pk, entry.pk]))
        .context["form"]
    )
    assert f"waarde_{copy.pk}" not in form.fields  # the warehouse's figures are not typed
    releases.release_freeze(release=release, actor=world["manager"])
    copy.refresh_from_db()
    # 2025: 50 fewer against the 100 planned (1000 → 700 by 2027, a third of the way): 50%, off track
    assert (copy.year, copy.value, copy.evaluation) == (2025, 950, "off_track")


def test_another_citys_unshared_indicator_is_not_offered(world, client_for):
    antwerpen = Organisation.objects.get(slug="antwerpen")
    theirs = IndicatorFactory(code="eigen-antwerpen", owner=antwerpen, visibility=Visibility.ORGANISATION)
    public = IndicatorFactory(code="publiek", visibility=Visibility.PUBLIC)
    form = (
        client_for(world["manager"])
        .get(reverse("plans:indicator_new", args=[element(world).pk]))
        .context["form"]
    )
    offered = set(form.fields["warehouse"].queryset)
    assert public in offered and theirs not in offered
    page = add(world, client_for, warehouse=str(theirs.pk))
    assert "warehouse" in page.context["form"].errors and not PlanIndicator.objects.exists()


def test_two_releases_compared_show_the_indicators_change(world, client_for):
    add(world, client_for)
    add(world, client_for, name="Heffing goedgekeurd", kind="yes_no", target="1", target_year="2028",
        baseline="", baseline_year="", trajectory="")  # fmt: skip
    first = open_release(world, deadline=date(2026, 6, 30))
    copy = ReleaseIndicator.objects.get(entry__release=first, kind="number")
    report(world, client_for, first, **{f"waarde_{copy.pk}": "950", f"jaar_{copy.pk}": "2026"})
    releases.release_freeze(release=first, actor=world["manager"])
    second = open_release(world)
    copy = ReleaseIndicator.objects.get(entry__release=second, kind="number")
    report(world, client_for, second, **{f"waarde_{copy.pk}": "820"})
    releases.release_freeze(release=second, actor=world["manager"])

    change = next(c for c in release_reports.release_compare(first, second) if c.code == "2WWS0101")
    (indicator,) = change.indicators  # the step plan without values in either is no change
    # 2026: 50 of the 200 planned (25%): off track; 2027: 180 of 300 (60%): attention
    assert (indicator.before.evaluation, indicator.after.evaluation) == ("off_track", "attention")
    assert (indicator.before_shown, indicator.after_shown) == ("950 woningen (2026)", "820 woningen (2027)")
    page = client_for(world["an"]).get(
        reverse("plans:release_compare", args=[world["plan"].pk]), {"voor": first.pk, "na": second.pk}
    )
    assert "950 woningen (2026) → 820 woningen (2027) (niet op koers → aandacht)" in page.content.decode()
    # the element's page reads the frozen history: both years
    assert plan_indicators.history(PlanIndicator.objects.get(kind="number")) == [(2026, 950), (2027, 820)]


def test_an_indicator_removed_stays_in_the_releases_that_reported_on_it(world, client_for):
    add(world, client_for)
    release = open_release(world, deadline=date.today() + timedelta(days=5))
    indicator = PlanIndicator.objects.get()
    page = client_for(world["manager"]).post(
        reverse("plans:indicator_delete", args=[element(world).pk, indicator.pk])
    )
    assert page.status_code == 302 and not PlanIndicator.objects.exists()
    assert ReleaseIndicator.objects.get(entry__release=release).name == "Leegstaande woningen"


def test_the_dashboard_lists_indicators_off_track_and_the_export_carries_them(world, client_for):
    import io

    from openpyxl import load_workbook

    add(world, client_for)
    release = open_release(world, deadline=date(2026, 6, 30))
    copy = ReleaseIndicator.objects.get()
    report(world, client_for, release, **{f"waarde_{copy.pk}": "950", f"jaar_{copy.pk}": "2026"})
    releases.release_freeze(release=release, actor=world["manager"])

    page = client_for(world["an"]).get(reverse("plans:dashboard", args=[world["plan"].pk])).content.decode()
    section = page[page.index("Indicatoren niet op koers") :]
    assert "Leegstaande woningen" in section and "950 woningen in 2026" in section
    world["plan"].public_dashboard = True
    world["plan"].save()
    public = client_for(None).get(reverse("plans:public_dashboard", args=[world["plan"].pk])).content.decode()
    assert "Leegstaande woningen" not in public  # its element is not marked public

    book = load_workbook(
        io.BytesIO(client_for(world["an"]).get(reverse("plans:release_export", args=[release.pk])).content)
    )
    rows = list(book["Indicatoren"].values)
    assert rows[1][:2] == ("2WWS0101", "Leegstaande woningen")
    assert (rows[1][8], rows[1][9], rows[1][11]) == (2026, 950, "niet op koers")


def test_an_indicator_switched_to_stad_in_cijfers_mid_release_keeps_no_typed_value(world, client_for):
    homes = IndicatorFactory(code="leegstand", direction="lower", visibility=Visibility.PUBLIC)
    add(world, client_for)
    release = open_release(world)
    copy = ReleaseIndicator.objects.get()
    report(world, client_for, release, **{f"waarde_{copy.pk}": "777"})
    indicator = PlanIndicator.objects.get()
    page = client_for(world["manager"]).post(
        reverse("plans:indicator_edit", args=[element(world).pk, indicator.pk]),
        {**EMPTY_HOMES, "warehouse": str(homes.pk)},
    )
    assert page.status_code == 302
    releases.release_freeze(release=release, actor=world["manager"])
    assert not PlanIndicatorValue.objects.exists()  # 777 was typed for the own indicator, not a figure


def test_a_linked_indicator_its_owner_made_private_shows_no_more(world, client_for):
    antwerpen = Organisation.objects.get(slug="antwerpen")
    theirs = IndicatorFactory(code="antwerps", owner=antwerpen, visibility=Visibility.PUBLIC)
    observe(theirs, "2024", {"44021": 12})
    add(world, client_for, name="", unit="", warehouse=str(theirs.pk))
    indicator = PlanIndicator.objects.get()
    assert plan_indicators.history(indicator) == [(2024, 12)]
    theirs.visibility = Visibility.ORGANISATION
    theirs.save()
    indicator.refresh_from_db()
    assert plan_indicators.history(indicator) == []


def test_an_indicator_removed_after_two_frozen_releases_still_compares(world, client_for):
    add(world, client_for)
    first = open_release(world, deadline=date(2026, 6, 30))
    copy = ReleaseIndicator.objects.get(entry__release=first)
    report(world, client_for, first, **{f"waarde_{copy.pk}": "950", f"jaar_{copy.pk}": "2026"})
    releases.release_freeze(release=first, actor=world["manager"])
    second = open_release(world)
    copy = ReleaseIndicator.objects.get(entry__release=second)
    report(world, client_for, second, **{f"waarde_{copy.pk}": "820"})
    releases.release_freeze(release=second, actor=world["manager"])
    plan_indicators.indicator_delete(indicator=PlanIndicator.objects.get(), actor=world["manager"])
    change = next(c for c in release_reports.release_compare(first, second) if c.code == "2WWS0101")
    (indicator,) = change.indicators  # one indicator changed, not one gone and one new
    assert (indicator.before.value, indicator.after.value) == (950, 820)


def test_cities_that_chose_the_same_indicator_are_compared_on_one_chart(world, client_for):
    homes = IndicatorFactory(
        code="leegstand", name="Leegstaande woningen (register)", visibility=Visibility.PUBLIC
    )
    observe(homes, "2023", {"44021": 1000, "11002": 3000})
    observe(homes, "2024", {"44021": 950, "11002": 2900})
    add(world, client_for, name="", unit="", warehouse=str(homes.pk))
    antwerpen = Organisation.objects.get(slug="antwerpen")
    theirs = PlanFactory(owner=antwerpen, title="Meerjarenplan", shared_for_comparison=True)
    plan_import(plan=theirs, name="a.csv", actor=None, data=(
        b"Code;Niveau;Titel\n2WWS0101;actie;Leegstandsheffing hervormen\n"
    ))  # fmt: skip
    plan_indicators.indicator_save(
        element=PlanElement.objects.get(plan=theirs), actor=None,
        data={"warehouse": homes, "direction": "lower", "baseline": 3000, "baseline_year": 2023,
              "target": 2000, "target_year": 2030},
    )  # fmt: skip
    page = client_for(world["manager"]).get(reverse("plans:compare_cities"), {"woorden": "leegstandsheffing"})
    (shared,) = page.context["shared"]
    assert [(row.plan.owner.slug, row.latest) for row in shared.cities] == [
        ("antwerpen", "2.900"),
        ("gent", "950"),
    ]
    html = page.content.decode()
    assert 'id="gedeeld-' in html and html.count('class="line-chart"') == 1
    assert '<td class="number">2.900</td>' in html  # the chart's figures as a table, year by year
    # an indicator that is not public is never compared, even one both cities linked while it was
    homes.visibility = Visibility.NETWORK
    homes.save()
    page = client_for(world["manager"]).get(reverse("plans:compare_cities"), {"woorden": "leegstandsheffing"})
    assert page.context["shared"] == []
    homes.visibility = Visibility.PUBLIC
    homes.save()
    # a plan Antwerp does not share is not compared, nor its indicator
    theirs.shared_for_comparison = False
    theirs.save()
    page = client_for(world["manager"]).get(reverse("plans:compare_cities"), {"woorden": "leegstandsheffing"})
    assert page.context["shared"] == []


def test_a_plan_carried_over_takes_its_indicators_along_and_leaves_their_values(world, client_for):
    from stadskennis.plans.services import plan_carry_over

    add(world, client_for)
    release = open_release(world, deadline=date(2026, 6, 30))
    copy = ReleaseIndicator.objects.get()
    report(world, client_for, release, **{f"waarde_{copy.pk}": "950", f"jaar_{copy.pk}": "2026"})
    releases.release_freeze(release=release, actor=world["manager"])
    successor = plan_carry_over(plan=world["plan"], start_year=2032, end_year=2037, actor=world["manager"])
    carried = PlanIndicator.objects.get(element__plan=successor)
    assert (carried.name, carried.baseline, carried.target, carried.trajectory, carried.element.code) == (
        "Leegstaande woningen",
        1000,
        400,
        [[2027, "700.0000"]],
        "2WWS0101",
    )
    assert (
        carried.values.count() == 0
        and PlanIndicator.objects.get(element__plan=world["plan"]).values.count() == 1
    )
