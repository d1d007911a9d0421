"""A city's plan in real Chromium, on a laptop and a phone: zero axe-core violations, readable
controls, never wider than the window, nothing from another host; the "how?" of a figure opens
without JavaScript. With SCREENSHOT_DIR set it keeps plan.png (for docs/screenshots/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, MemberFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.models import PlanManager
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    b"Code;Bovenliggende code;Niveau;Titel;Status;Voortgang;Gewicht;Prioritair\n"
    b"2WWS;;beleidsdomein;Wonen;;;;\n"
    b"2WWS01;2WWS;beleidsdoelstelling;Iedereen woont betaalbaar en kwaliteitsvol;;;;ja\n"
    b"2WWS0101;2WWS01;actieplan;Leegstand en verwaarlozing aanpakken;;;;\n"
    b"2WWS010101;2WWS0101;actie;Leegstandsheffing op bedrijfspanden;lopend;40;2;\n"
    b"2WWS010102;2WWS0101;actie;Conceptzorg voor panden in verval;gerealiseerd;;;\n"
    b"2WWS010103;2WWS0101;actie;Register van onbewoonbare woningen;geannuleerd;;;\n"
    b"2WWS010104;2WWS0101;actie;Tijdelijk gebruik van leegstaande panden;;;;\n"
    b"2WWS02;2WWS;beleidsdoelstelling;Meer sociale huurwoningen;vertraagd;;;\n"
)


@pytest.fixture
def plan(db):
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="plan.csv", data=CSV, actor=None).written
    manager = MemberFactory(email="plan@gent.example", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    return plan


def test_a_plan_and_its_import_are_accessible_on_a_laptop_and_a_phone(visit, plan):
    v = visit()
    v.login("plan@gent.example", PASSWORD)
    pages = (
        "/plannen/",
        f"/plannen/{plan.pk}/",
        f"/plannen/{plan.pk}/importeren/",
        f"/plannen/{plan.pk}/overnemen/",
        "/plannen/organisatie/gent/",
        "/plannen/organisatie/gent/statussen/nieuw/",
        "/plannen/organisatie/gent/nieuw-plan/",
        f"/plannen/{plan.pk}/element/nieuw/?onder=2WWS01",
    )
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    if os.environ.get("SCREENSHOT_DIR"):
        v.page.set_viewport_size({"width": 1280, "height": 900})
        v.page.goto(f"/plannen/{plan.pk}/")
        v.page.locator("details.how summary").first.click()
        v.page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan.png"), full_page=True)


def test_how_a_figure_was_reached_opens_without_javascript(visit, plan):
    v = visit(javascript=False)
    v.login("plan@gent.example", PASSWORD)
    v.page.goto(f"/plannen/{plan.pk}/")
    how = v.page.locator("tr", has_text="Leegstand en verwaarlozing aanpakken").locator("details.how")
    how.locator("summary").click()
    assert "(40 × 2 + 100 × 1) / 3 = 60" in how.inner_text()
    assert "2WWS010103" in how.inner_text() and "2WWS010104" in how.inner_text()


def test_releases_are_accessible_and_a_comparison_reads_without_javascript(visit, plan):
    from datetime import date

    from stadskennis.accounts.models import User
    from stadskennis.plans import releases
    from stadskennis.plans.services import statuses_for

    manager = User.objects.get(email="plan@gent.example")
    first = releases.release_open(
        plan=plan, title="Rapportering 1e semester 2026", deadline=date(2026, 7, 15), actor=manager
    )
    releases.release_freeze(release=first, actor=manager)
    second = releases.release_open(
        plan=plan, title="Rapportering 2e semester 2026", deadline=date(2027, 1, 15), actor=manager
    )
    delayed = next(s for s in statuses_for(plan.owner) if s.name == "vertraagd")
    entry = second.entries.get(code="2WWS010101")
    releases.entry_update(
        entry=entry,
        status=delayed,
        progress=45,
        narrative="De aanbesteding liep vertraging op.",
        based_on=0,
        actor=manager,
    )
    v = visit()
    v.login("plan@gent.example", PASSWORD)
    compare = f"/plannen/{plan.pk}/rapporteringen/vergelijken/?voor={first.pk}&na={second.pk}"
    pages = (
        f"/plannen/rapportering/{second.pk}/",
        f"/plannen/rapportering/{first.pk}/",
        f"/plannen/rapportering/{second.pk}/element/{entry.pk}/",
        f"/plannen/{plan.pk}/rapporteringen/nieuw/",
        compare,
        f"/plannen/{plan.pk}/dashboard/",
        f"/plannen/rapportering/{first.pk}/rapport/",
        "/plannen/vergelijken/?woorden=leegstand",
    )
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    plain = visit(javascript=False)  # the narrative's "before and after" opens without JavaScript
    plain.login("plan@gent.example", PASSWORD)
    plain.page.goto(compare)
    row = plain.page.locator("tr", has_text="Leegstandsheffing op bedrijfspanden")
    assert "lopend → vertraagd" in " ".join(row.inner_text().split())
    row.locator("summary").click()
    assert "De aanbesteding liep vertraging op." in row.inner_text()
    if os.environ.get("SCREENSHOT_DIR"):
        v.page.set_viewport_size({"width": 1280, "height": 900})
        v.page.goto(compare)
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan-rapporteringen-vergelijken.png"),
            full_page=True,
        )
        v.page.goto(f"/plannen/rapportering/{second.pk}/")
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan-rapportering.png"), full_page=True
        )
        v.page.goto(f"/plannen/{plan.pk}/dashboard/")
        v.page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan-dashboard.png"), full_page=True)


def test_an_elements_indicators_and_their_report_are_accessible(visit, plan):
    from datetime import date
    from decimal import Decimal

    from stadskennis.accounts.models import User
    from stadskennis.plans import releases
    from stadskennis.plans.models import PlanElement
    from stadskennis.plans.plan_indicators import indicator_save

    manager = User.objects.get(email="plan@gent.example")
    action = PlanElement.objects.get(plan=plan, code="2WWS010101")
    indicator_save(element=action, actor=manager, data={
        "name": "Leegstaande bedrijfspanden", "unit": "panden", "direction": "lower",
        "baseline": Decimal(420), "baseline_year": 2024, "target": Decimal(250), "target_year": 2030,
        "trajectory": [(2027, Decimal(340))],
    })  # fmt: skip
    indicator_save(element=action, actor=manager, data={
        "name": "Heffing goedgekeurd door de gemeenteraad", "kind": "yes_no", "target": Decimal(1),
        "target_year": 2027,
    })  # fmt: skip
    first = releases.release_open(
        plan=plan, title="Rapportering 2025", deadline=date(2025, 12, 15), actor=manager
    )
    entry = first.entries.get(code="2WWS010101")
    copies = {copy.name: copy.pk for copy in entry.indicators.all()}
    releases.entry_update(
        entry=entry, status=None, progress=40, narrative="", based_on=0, actor=manager,
        indicator_values={copies["Leegstaande bedrijfspanden"]: (2025, Decimal(401))},
    )  # fmt: skip
    releases.release_freeze(release=first, actor=manager)
    second = releases.release_open(
        plan=plan, title="Rapportering 2026", deadline=date(2026, 12, 15), actor=manager
    )
    entry = second.entries.get(code="2WWS010101")
    copies = {copy.name: copy.pk for copy in entry.indicators.all()}
    releases.entry_update(
        entry=entry, status=None, progress=55, narrative="", based_on=0, actor=manager,
        indicator_values={copies["Leegstaande bedrijfspanden"]: (2026, Decimal(352))},
    )  # fmt: skip
    releases.release_freeze(release=second, actor=manager)
    v = visit()
    v.login("plan@gent.example", PASSWORD)
    pages = (
        f"/plannen/element/{action.pk}/",
        f"/plannen/element/{action.pk}/indicator/nieuw/",
        f"/plannen/rapportering/{second.pk}/rapport/",
        f"/plannen/rapportering/{second.pk}/rapport/pdf/",
        f"/plannen/{plan.pk}/rapporteringen/vergelijken/?voor={first.pk}&na={second.pk}",
    )
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    v.page.goto(f"/plannen/element/{action.pk}/")
    text = " ".join(v.page.locator("main").inner_text().split())
    assert "op koers: 352 panden in 2026, het traject verwacht 366,67 panden" in text
    assert v.page.locator("svg.line-chart").count() == 1  # the yes/no indicator has no line to draw
    if os.environ.get("SCREENSHOT_DIR"):
        v.page.set_viewport_size({"width": 1280, "height": 900})
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan-element-indicatoren.png"), full_page=True
        )
        v.page.goto(f"/plannen/rapportering/{second.pk}/rapport/")
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plan-raadsrapport.png"), full_page=True
        )
        v.page.goto("/plannen/organisatie/gent/")
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plannen-instellen.png"), full_page=True
        )


def test_two_cities_with_the_same_indicator_compared_on_one_chart(visit, db):
    from decimal import Decimal

    from stadskennis.core.models import Organisation
    from stadskennis.core.reference import reference_load
    from stadskennis.indicators.tests.factories import IndicatorFactory, observe
    from stadskennis.plans.models import PlanElement
    from stadskennis.plans.plan_indicators import indicator_save

    reference_load()
    homes = IndicatorFactory(
        code="leegstand", name="Leegstaande woningen (register)", unit="woningen", visibility="public"
    )
    for year, gent, antwerpen in (
        (2021, 1210, 3400),
        (2022, 1150, 3350),
        (2023, 1080, 3180),
        (2024, 1020, 3010),
    ):
        observe(homes, str(year), {"44021": gent, "11002": antwerpen})
    head = b"Code;Niveau;Titel;Tags\n"
    rows = {
        "gent": (head + b"W1;beleidsdoelstelling;Leegstand van woningen terugdringen;SDG 11.1\n",
                 Decimal(1020), Decimal(700)),
        "antwerpen": (head + b"2WWS0101;actieplan;Leegstand en verwaarlozing aanpakken;SDG 11.1\n",
                      Decimal(3010), Decimal(2200)),
    }  # fmt: skip
    for slug, (csv, baseline, target) in rows.items():
        plan = PlanFactory(owner=Organisation.objects.get(slug=slug), shared_for_comparison=True)
        assert plan_import(plan=plan, name="p.csv", data=csv, actor=None).written
        indicator_save(element=PlanElement.objects.get(plan=plan), actor=None, data={
            "warehouse": homes, "direction": "lower", "baseline": baseline, "baseline_year": 2024,
            "target": target, "target_year": 2031,
        })  # fmt: skip
    MemberFactory(email="lid@gent.example", organisation=Organisation.objects.get(slug="gent"))
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    page = "/plannen/vergelijken/?woorden=leegstand"
    assert v.problems_at_widths([page]) == {}
    v.page.goto(page)
    assert (
        v.page.locator(
            "#gedeelde-indicatoren ~ figure svg.line-chart, #gedeelde-indicatoren svg.line-chart"
        ).count()
        == 1
    )
    if os.environ.get("SCREENSHOT_DIR"):
        v.page.set_viewport_size({"width": 1280, "height": 900})
        v.page.screenshot(
            path=str(Path(os.environ["SCREENSHOT_DIR"]) / "plannen-vergelijken.png"), full_page=True
        )
