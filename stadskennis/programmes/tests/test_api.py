"""The Werking in the API: the same lines, counts, accounts and reports as the pages, by the same rules."""

from __future__ import annotations

from datetime import date

import pytest

from stadskennis.core.models import ProgrammeLine
from stadskennis.core.reference import reference_load
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.programmes.models import AnnualReport, LedgerEntry, YearAccounts
from stadskennis.programmes.services import record_save

pytestmark = pytest.mark.django_db


def test_programme_lines_and_their_counts_as_the_caller_may_see(cast, client, gent):
    reference_load()
    smart = ProgrammeLine.objects.get(name="Smart Cities", period__name="2022–2026")
    KnowledgeItemFactory(owner=gent, visibility="organisation", programme_line=smart)
    KnowledgeItemFactory(owner=gent, visibility="public", programme_line=smart)
    lines = client.get("/api/programme-lines").json()
    assert len(lines) == ProgrammeLine.objects.count()
    assert next(line for line in lines if line["id"] == smart.pk)["continues"] is not None
    assert client.get(f"/api/programme-lines/{smart.pk}").json()["counts"]["items"] == 1
    page = client.get(f"/werking/programma/{smart.pk}/?formaat=json").json()
    assert page == client.get(f"/api/programme-lines/{smart.pk}").json()  # one twin, written once
    assert client.get("/api/programme-lines/999999").status_code == 404


def test_accounts_only_once_approved_and_reports_only_once_published(cast, client):
    reference_load()
    record_save(
        obj=LedgerEntry(),
        actor=cast["editor"],
        values={
            "year": 2019,
            "booked_on": date(2019, 3, 1),
            "account_code": "7401",
            "description": "Subsidie",
            "amount_cents": 12_390_806,
            "cost_centre": "KP",
            "kind": "subsidy",
        },
    )
    assert client.get("/api/accounts").json() == []
    assert client.get("/api/accounts/2019").status_code == 404
    YearAccounts.objects.create(year=2019, approved_on=date(2020, 6, 18))
    data = client.get("/api/accounts/2019").json()
    assert data["income"]["actual"] == "123908.06"
    assert data["own_means_share"] == "0.0000"
    AnnualReport.objects.create(year=2019, snapshot={"year": 2019, "lines": []})
    assert client.get("/api/annual-reports").json() == []
    assert client.get("/api/annual-reports/2019").status_code == 404
    report = AnnualReport.objects.get(year=2019)
    report.introduction = "Het jaar van de cijfers."
    report.save()
    from stadskennis.programmes.annual_report import publish

    publish(report=report, actor=cast["editor"])
    data = client.get("/api/annual-reports/2019").json()
    assert (data["title"], data["introduction"]) == ("Jaarverslag 2019", "Het jaar van de cijfers.")
    report.introduction = "Een ontwerp van later."
    report.save()  # a draft edited after publishing: the public copy stays as it was published
    assert client.get("/api/annual-reports/2019").json()["introduction"] == "Het jaar van de cijfers."
    assert "Een ontwerp van later." not in client.get("/werking/jaarverslag/2019/").content.decode()
