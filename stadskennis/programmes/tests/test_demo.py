"""The demo's 2019: the annual report's 371.724,19 euro, reconciled to the cent through the import,
two thirds own means, public accounts, and a work programme with one thing not done."""

from __future__ import annotations

from datetime import date

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.programmes import accounts
from stadskennis.programmes.demo import demo_werking_load
from stadskennis.programmes.models import EntryImport, PlannedActivity

pytestmark = pytest.mark.django_db


def test_the_demo_year_2019_reconciles_with_the_annual_report(cast, client):
    reference_load()
    assert demo_werking_load(editor=cast["editor"]) == 19  # 13 cities and the VGC, a subsidy, 4 costs
    assert demo_werking_load(editor=cast["editor"]) == 0  # loaded once
    figures = accounts.year_figures(2019, on=date(2019, 12, 31))
    assert figures.income["actual"] == figures.costs["actual"] == 37_172_419
    assert figures.income["budget"] == 37_172_419
    assert figures.own_means("actual").meets_target is True
    batch = EntryImport.objects.get()
    assert batch.total_cents == 74_344_838  # the export's amount column: income and costs, each positive
    assert figures.cost_centres == [{"cost_centre": "KP-KVS", "entries": 19, "total": 74_344_838}]
    page = client.get("/werking/rekeningen/2019/").content.decode()
    assert "371.724,19" in page
    assert list(PlannedActivity.objects.exclude(status="done").values_list("title", flat=True)) == [
        "Publicatie meervoudig ruimtegebruik"
    ]
    from stadskennis.programmes.models import AnnualReport, Body, Decision

    board = Body.objects.get(slug="dagelijks-bestuur")
    assert board.sees_draft_budget and board.meetings.count() == 1
    assert Decision.objects.get().planned_activity.title == "Publicatie meervoudig ruimtegebruik"
    report = AnnualReport.objects.get(year=2019)
    assert report.status == "draft" and report.drafting == "done"
    assert report.snapshot["accounts"]["income"] == 37_172_419
