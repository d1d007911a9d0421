"""The council report as PDF: asked for on the page, made by the real background worker with its
progress, read back with its structure, indicators and changes; once per language; never for an open
release, nor for someone who may not read the plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans import releases
from stadskennis.plans.council_pdf import council_pdf
from stadskennis.plans.models import CouncilReportPdf, PlanElement, PlanManager
from stadskennis.plans.plan_indicators import indicator_save
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

CSV = (
    "Code;Bovenliggende code;Niveau;Titel;Status;Voortgang\n"
    "2WWS01;;beleidsdoelstelling;Minder leegstand;;\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing;lopend;40\n"
    "2WWS0102;2WWS01;actie;Conceptzorg;gerealiseerd;\n"
)


def text_of(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def frozen(db):
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    manager = UserFactory(email="pia@gent.example", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="p.csv", data=CSV.encode(), actor=None).written
    action = PlanElement.objects.get(plan=plan, code="2WWS0101")
    indicator_save(element=action, actor=manager, data={
        "name": "Leegstaande woningen", "unit": "woningen", "direction": "lower",
        "baseline": Decimal(1000), "baseline_year": 2024, "target": Decimal(400), "target_year": 2030,
        "trajectory": [(2027, Decimal(700))],
    })  # fmt: skip
    first = releases.release_open(
        plan=plan, title="Rapportering 2026", deadline=date(2026, 6, 30), actor=manager
    )
    releases.release_freeze(release=first, actor=manager)
    second = releases.release_open(
        plan=plan, title="Rapportering 2027", deadline=date(2027, 6, 30), actor=manager
    )
    entry = second.entries.get(code="2WWS0101")
    releases.entry_update(
        entry=entry, status=None, progress=70, narrative="De heffing is hervormd.", based_on=0, actor=manager,
        indicator_values={entry.indicators.get().pk: (2027, Decimal(730))},
    )  # fmt: skip
    second = releases.release_freeze(release=second, actor=manager)
    return {"plan": plan, "release": second, "manager": manager, "gent": gent}


def test_the_pdf_holds_the_structure_the_indicators_and_the_changes(frozen):
    steps = []
    pdf = council_pdf(frozen["release"], progress=lambda done, total: steps.append((done, total)))
    text = text_of(pdf)
    assert text.startswith("Stad Gent: Meerjarenplan 2026–2031")
    assert "Leegstandsheffing" in text and "De heffing is hervormd." in text
    assert "Leegstaande woningen" in text and "op koers: 730 woningen in 2027" in text
    assert "het traject verwacht 700 woningen" in text
    assert "Sinds “Rapportering 2026” zijn 2 elementen gewijzigd" in text
    assert "40 → 70" in text  # the changes since the previous release
    assert "(70 × 1 + 100 × 1) / 2 = 85" in text and "bound method" not in text  # how a figure was reached
    assert "pagina 1 van" in text
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1] == 5  # three elements, one indicator, the layout


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_reader_asks_for_the_pdf_and_the_worker_makes_it_once(frozen, client_for):
    release = frozen["release"]
    reader = client_for(UserFactory(organisation=frozen["gent"]))
    page = reader.get(reverse("plans:council_pdf", args=[release.pk]))
    assert "Maak de pdf" in page.content.decode()
    assert reader.post(reverse("plans:council_pdf", args=[release.pk])).status_code == 302
    assert reader.post(reverse("plans:council_pdf", args=[release.pk])).status_code == 302
    job = CouncilReportPdf.objects.get()  # asked twice, made once
    assert job.status == "queued"
    assert "Nu vernieuwen" in reader.get(reverse("plans:council_pdf", args=[release.pk])).content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.language) == ("done", 5, 5, "nl-be")
    answer = reader.get(reverse("plans:council_pdf_download", args=[release.pk]))
    assert answer["Content-Type"] == "application/pdf"
    assert "Leegstaande woningen" in text_of(answer.content)


def test_no_pdf_for_an_open_release_nor_for_another_city(frozen, client_for):
    open_ = releases.release_open(
        plan=frozen["plan"], title="Rapportering 2028", deadline=date(2028, 6, 30), actor=frozen["manager"]
    )
    member = client_for(frozen["manager"])
    assert member.get(reverse("plans:council_pdf", args=[open_.pk])).status_code == 404
    assert member.post(reverse("plans:council_pdf", args=[open_.pk])).status_code == 404
    other = client_for(UserFactory(organisation=OrganisationFactory()))
    assert other.post(reverse("plans:council_pdf", args=[frozen["release"].pk])).status_code == 404
    assert other.get(reverse("plans:council_pdf_download", args=[frozen["release"].pk])).status_code == 404
    assert not CouncilReportPdf.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_failed_pdf_is_made_again_but_not_in_a_loop(frozen, client_for):
    from datetime import timedelta

    from django.utils import timezone

    release = frozen["release"]
    job = CouncilReportPdf.objects.create(
        release=release, language="nl-be", status="failed", finished_at=timezone.now()
    )
    member = client_for(frozen["manager"])
    page = member.get(reverse("plans:council_pdf", args=[release.pk])).content.decode()
    assert "mislukt" in page and "Maak de pdf" in page
    member.post(reverse("plans:council_pdf", args=[release.pk]))
    assert CouncilReportPdf.objects.get().status == "failed"  # just failed: not again at once
    CouncilReportPdf.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(minutes=6))
    member.post(reverse("plans:council_pdf", args=[release.pk]))
    member.post(reverse("plans:council_pdf", args=[release.pk]))  # asked twice: queued once
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done" and job.pdf


def test_an_anonymous_reader_logs_in_to_have_a_pdf_made(frozen, client_for):
    plan = frozen["plan"]
    plan.visibility = "public"
    plan.save()
    anonymous = client_for(None)
    answer = anonymous.post(reverse("plans:council_pdf", args=[frozen["release"].pk]))
    assert answer.status_code == 302 and "/aanmelden/" in answer["Location"]
    assert not CouncilReportPdf.objects.exists()
    assert (
        "Meld je aan"
        in anonymous.get(reverse("plans:council_pdf", args=[frozen["release"].pk])).content.decode()
    )


def test_markup_and_a_narrative_longer_than_a_page_are_drawn_as_text(frozen):
    plan, manager = frozen["plan"], frozen["manager"]
    PlanElement.objects.filter(plan=plan, code="2WWS0102").update(title="Wonen <b>& zorg</b>")
    release = releases.release_open(plan=plan, title="R <3 & co", deadline=date(2028, 6, 30), actor=manager)
    entry = release.entries.get(code="2WWS0101")
    long = " ".join(["De heffing is hervormd en de inning loopt."] * 120)  # 5,000 characters
    releases.entry_update(
        entry=entry, status=None, progress=80, narrative=long[:5000], based_on=0, actor=manager
    )
    release = releases.release_freeze(release=release, actor=manager)
    text = text_of(council_pdf(release))
    assert "Wonen <b>& zorg</b>" in text and "R <3 & co" in text
    assert text.count("De heffing is hervormd en de inning loopt.") >= 100


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_pdf_the_worker_lost_is_made_again(frozen, client_for):
    from datetime import timedelta

    from django.utils import timezone

    lost = timezone.now() - timedelta(minutes=31)
    job = CouncilReportPdf.objects.create(
        release=frozen["release"], language="nl-be", status="running", requested_at=lost
    )
    client_for(frozen["manager"]).post(reverse("plans:council_pdf", args=[frozen["release"].pk]))
    job.refresh_from_db()
    assert job.status == "queued" and job.requested_at > lost
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done"
