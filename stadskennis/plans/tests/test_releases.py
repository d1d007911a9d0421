"""Releases: from opening to freeze with mail through the SMTP server on loopback, two owners updating
one element, a frozen release that nothing changes, comparison, reminders and who sees what."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from stadskennis.accounts.tests.factories import EditorFactory, UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans import release_reports, releases
from stadskennis.plans.models import FrozenRelease, PlanElement, PlanManager, Release, ReleaseEntry
from stadskennis.plans.services import plan_import, statuses_for
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Code;Bovenliggende code;Niveau;Titel;Eigenaar;Status;Voortgang\n"
    "2WWS01;;beleidsdoelstelling;Betaalbaar wonen;;;\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing;an@gent.example;lopend;40\n"
    "2WWS0102;2WWS01;actie;Conceptzorg;bert@gent.example;lopend;20\n"
    "2WWS0103;2WWS01;actie;Woonkantoor;bert@gent.example;;\n"
)


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture
def gent():
    return OrganisationFactory(slug="gent", name="Stad Gent")


@pytest.fixture
def people(gent):
    an = UserFactory(email="an@gent.example", full_name="An", organisation=gent)
    bert = UserFactory(email="bert@gent.example", full_name="Bert", organisation=gent)
    manager = UserFactory(email="planner@gent.example", full_name="Pia", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    return {"an": an, "bert": bert, "manager": manager}


@pytest.fixture
def plan(gent, people):
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    report = plan_import(plan=plan, name="plan.csv", data=CSV.encode(), actor=None)
    assert report.written, report.problems
    return plan


def open_release(plan, actor, title="Rapportering 1e semester 2026", deadline=None) -> Release:
    return releases.release_open(
        plan=plan, title=title, deadline=deadline or date.today() + timedelta(days=20), actor=actor
    )


def status(plan, name):
    return next(s for s in statuses_for(plan.owner) if s.name == name)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_release_from_opening_to_freeze(client_for, plan, people, mailbox):
    manager = client_for(people["manager"])
    page = manager.post(
        reverse("plans:release_new", args=[plan.pk]),
        {"title": "Rapportering 1e semester 2026", "deadline": "2026-07-15", "reminder_days": "3"},
    )
    release = Release.objects.get(plan=plan)
    assert page.status_code == 302 and page["Location"] == reverse("plans:release", args=[release.pk])
    assert release.entries.count() == 4
    run_worker()
    assert sorted(m["To"] for m in mailbox) == ["an@gent.example", "bert@gent.example"]
    to_bert = next(m for m in mailbox if m["To"] == "bert@gent.example").get_payload(decode=True).decode()
    assert "Je bent eigenaar van 2 van de elementen" in " ".join(to_bert.split())
    link = re.search(r"http\S+/plannen/rapportering/\d+/\?t=\S+", to_bert).group(0)

    bert = client_for(people["bert"])
    mine = bert.get(link.split("testserver")[-1].replace("http://localhost:8000", ""))
    text = mine.content.decode()
    assert "Jouw elementen" in text and "Conceptzorg" in text and "Leegstandsheffing" not in text
    entry = release.entries.get(code="2WWS0102")
    form_url = reverse("plans:entry_update", args=[release.pk, entry.pk])
    saved = bert.post(
        form_url,
        {"status": status(plan, "gerealiseerd").pk, "progress": "", "narrative": "Opgeleverd in mei.",
         "version": "0"},
    )  # fmt: skip
    assert saved.status_code == 302
    # An may not update Bert's element
    assert client_for(people["an"]).get(form_url).status_code == 403

    tracker = manager.get(reverse("plans:release", args=[release.pk])).content.decode()
    assert re.search(r"Bert</th><td class=\"number\">2</td>\s*<td class=\"number\">1<", tracker)
    # the elements still show the figures of before: work in progress is not what the plan shows
    assert PlanElement.objects.get(code="2WWS0102").progress == 20

    assert manager.post(reverse("plans:release_freeze", args=[release.pk])).status_code == 302
    release.refresh_from_db()
    assert release.frozen and release.frozen_at is not None
    element = PlanElement.objects.get(code="2WWS0102")
    assert element.status.name == "gerealiseerd" and element.narrative == "Opgeleverd in mei."
    assert releases.latest_frozen(plan) == release
    assert bert.get(form_url).status_code == 403  # nothing to update in a frozen release
    frozen_page = bert.get(reverse("plans:release", args=[release.pk])).content.decode()
    assert "bevroren op" in frozen_page and "Opgeleverd in mei." in frozen_page


def test_two_owners_updating_the_same_element_never_overwrite_each_other(client_for, plan, people):
    release = open_release(plan, people["manager"])
    entry = release.entries.get(code="2WWS0101")
    url = reverse("plans:entry_update", args=[release.pk, entry.pk])
    an, manager = client_for(people["an"]), client_for(people["manager"])
    assert 'name="version" value="0"' in an.get(url).content.decode()
    assert 'name="version" value="0"' in manager.get(url).content.decode()
    first = an.post(url, {"status": "", "progress": "60", "narrative": "Van An.", "version": "0"})
    assert first.status_code == 302
    second = manager.post(url, {"status": "", "progress": "70", "narrative": "Van Pia.", "version": "0"})
    page = second.content.decode()
    assert second.status_code == 200 and "Iemand anders heeft dit element intussen bijgewerkt" in page
    assert "Van An." in page and "Van Pia." in page  # theirs shown, hers kept in the form
    entry.refresh_from_db()
    assert (entry.progress, entry.narrative, entry.version) == (60, "Van An.", 1)
    # sent again on purpose, based on what is stored now
    assert 'name="version" value="1"' in page
    again = manager.post(url, {"status": "", "progress": "70", "narrative": "Van Pia.", "version": "1"})
    assert again.status_code == 302
    entry.refresh_from_db()
    assert (entry.progress, entry.narrative, entry.version) == (70, "Van Pia.", 2)


def test_a_frozen_release_cannot_change_by_any_path(plan, people):
    release = open_release(plan, people["manager"])
    entry = release.entries.get(code="2WWS0101")
    releases.release_freeze(release=release, actor=people["manager"])
    with pytest.raises(FrozenRelease):
        releases.entry_update(
            entry=entry, status=None, progress=90, narrative="x", based_on=0, actor=people["an"]
        )
    entry.refresh_from_db()
    entry.progress = 90
    with pytest.raises(FrozenRelease):
        entry.save()
    with pytest.raises(FrozenRelease):
        ReleaseEntry.objects.filter(release=release).update(progress=90)
    with pytest.raises(FrozenRelease):
        ReleaseEntry.objects.filter(release=release).delete()
    with pytest.raises(FrozenRelease):
        entry.delete()
    release.title = "Anders"
    with pytest.raises(FrozenRelease):
        release.save()
    with pytest.raises(FrozenRelease):
        Release.objects.filter(pk=release.pk).update(title="Anders")
    with pytest.raises(FrozenRelease):
        Release.objects.get(pk=release.pk).delete()
    with pytest.raises(releases.ReleaseError):
        releases.release_freeze(release=release, actor=people["manager"])
    with pytest.raises(FrozenRelease):
        ReleaseEntry.objects.bulk_create(
            [ReleaseEntry(release=release, code="NIEUW", level="action", title="x")]
        )
    stale = Release.objects.get(pk=release.pk)
    stale.phase = "open"  # a copy read before the freeze
    with pytest.raises(FrozenRelease):
        stale.delete()
    assert ReleaseEntry.objects.filter(release=release).count() == 4
    assert ReleaseEntry.objects.get(pk=entry.pk).progress == 40


def test_a_frozen_release_keeps_its_figures_when_the_plan_changes_its_rule(plan, people):
    release = open_release(plan, people["manager"])
    releases.release_freeze(release=release, actor=people["manager"])
    assert releases.release_figures(release)["2WWS01"].percent == 30  # (40 + 20) / 2, weighted (1 and 1)
    plan.rollup = "equal"
    plan.save()
    PlanElement.objects.filter(code="2WWS0101").update(weight=3)
    assert releases.release_figures(Release.objects.get(pk=release.pk))["2WWS01"].percent == 30


def test_a_status_renamed_while_a_release_is_open_stops_the_freeze_with_a_clear_message(plan, people):
    release = open_release(plan, people["manager"])
    running = status(plan, "lopend")
    running.name = "in uitvoering"
    running.save()
    with pytest.raises(releases.ReleaseError, match="“lopend” bestaat niet meer"):
        releases.release_freeze(release=release, actor=people["manager"])
    assert not Release.objects.get(pk=release.pk).frozen
    assert PlanElement.objects.get(code="2WWS0101").status == running  # nothing written


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_an_owner_who_moved_to_another_city_is_not_mailed_about_the_plan(plan, people, mailbox):
    people["an"].organisation = OrganisationFactory()
    people["an"].save()
    open_release(plan, people["manager"])
    run_worker()
    assert [m["To"] for m in mailbox] == ["bert@gent.example"]


def test_only_one_release_is_open_at_a_time(plan, people):
    open_release(plan, people["manager"])
    with pytest.raises(releases.ReleaseError):
        open_release(plan, people["manager"], title="Nog een")


def test_comparing_two_releases_names_what_changed(client_for, plan, people):
    first = open_release(plan, people["manager"], title="Rapportering 2025")
    releases.release_freeze(release=first, actor=people["manager"])
    second = open_release(plan, people["manager"], title="Rapportering 2026")
    entry = second.entries.get(code="2WWS0102")
    releases.entry_update(
        entry=entry, status=status(plan, "vertraagd"), progress=30, narrative="Vergunning laat.",
        based_on=0, actor=people["bert"],
    )  # fmt: skip
    releases.release_freeze(release=second, actor=people["manager"])
    changes = {c.code: c for c in release_reports.release_compare(first, second)}
    # the action changed, and so did the objective above it (rolled up); the rest did not
    assert set(changes) == {"2WWS0102", "2WWS01"}
    action = changes["2WWS0102"]
    assert action.status_changed and action.narrative_changed
    assert (action.progress_before, action.progress_after, action.progress_delta) == (20, 30, 10)
    page = (
        client_for(people["an"])
        .get(reverse("plans:release_compare", args=[plan.pk]), {"voor": first.pk, "na": second.pk})
        .content.decode()
    )
    assert "2 elementen gewijzigd" in page and "Vergunning laat." in page and "20 → 30 (+10)" in page


def test_an_open_release_is_for_its_city_and_a_frozen_one_for_who_reads_the_plan(client_for, plan, people):
    release = open_release(plan, people["manager"])
    url = reverse("plans:release", args=[release.pk])
    outsider = client_for(UserFactory(organisation=OrganisationFactory()))
    assert outsider.get(url).status_code == 404  # the plan is not shared
    plan.visibility = "public"
    plan.save()
    assert outsider.get(url).status_code == 404  # shared, but the release is work in progress
    assert client_for(None).get(url).status_code == 404
    assert client_for(EditorFactory()).get(url).status_code == 200
    releases.release_freeze(release=release, actor=people["manager"])
    assert outsider.get(url).status_code == 200
    assert client_for(None).get(url).status_code == 200
    # the plan page lists the frozen release to whoever reads the plan, the open one only to its city
    second = open_release(plan, people["manager"], title="Rapportering 2027")
    plan_page = outsider.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert url in plan_page and reverse("plans:release", args=[second.pk]) not in plan_page


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_forwarded_link_opens_nothing_of_its_own(client_for, plan, people, mailbox):
    release = open_release(plan, people["manager"])
    run_worker()
    to_an = next(m for m in mailbox if m["To"] == "an@gent.example").get_payload(decode=True).decode()
    token = re.search(r"\?t=(\S+)", to_an).group(1)
    page = client_for(people["bert"]).get(reverse("plans:release", args=[release.pk]), {"t": token})
    assert "niet van jou" in page.content.decode()
    assert "Jouw elementen" not in page.content.decode()
    anonymous = client_for(None).get(reverse("plans:release", args=[release.pk]), {"t": token})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_reminders_fall_due_once_before_the_deadline(plan, people, mailbox):
    deadline = timezone.localdate() + timedelta(days=10)
    release = open_release(plan, people["manager"], deadline=deadline)
    entry = release.entries.get(code="2WWS0101")
    releases.entry_update(entry=entry, status=None, progress=50, narrative="", based_on=0, actor=people["an"])
    run_worker()
    mailbox.clear()
    assert releases.due_reminders(now=timezone.now()) == 0  # ten days ahead: not yet
    later = timezone.now() + timedelta(days=8)
    assert releases.due_reminders(now=later) == 1  # only Bert: An updated all of hers
    run_worker()
    assert [m["To"] for m in mailbox] == ["bert@gent.example"]
    assert releases.due_reminders(now=later) == 0  # once


def test_an_owner_finds_the_elements_to_update_among_their_tasks(client_for, plan, people):
    release = open_release(plan, people["manager"])
    tasks = client_for(people["bert"]).get("/start/taken/", {"formaat": "json"}).json()["tasks"]
    mine = [t for t in tasks if t["kind"] == "release"]
    assert [t["state"] for t in mine] == ["2 elementen bij te werken"]
    assert mine[0]["url"].endswith(reverse("plans:release", args=[release.pk]) + "?mijn=1")
    entry = release.entries.get(code="2WWS0102")
    releases.entry_update(
        entry=entry, status=None, progress=25, narrative="", based_on=0, actor=people["bert"]
    )
    tasks = client_for(people["bert"]).get("/start/taken/", {"formaat": "json"}).json()["tasks"]
    assert [t["state"] for t in tasks if t["kind"] == "release"] == ["1 element bij te werken"]
    releases.release_freeze(release=release, actor=people["manager"])
    tasks = client_for(people["bert"]).get("/start/taken/", {"formaat": "json"}).json()["tasks"]
    assert [t for t in tasks if t["kind"] == "release"] == []


def test_a_release_downloads_as_a_spreadsheet_for_whoever_may_read_it(client_for, plan, people):
    import io

    from openpyxl import load_workbook

    release = open_release(plan, people["manager"])
    url = reverse("plans:release_export", args=[release.pk])
    answer = client_for(people["an"]).get(url)
    assert answer.status_code == 200 and answer["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(answer.content)).active.values)
    assert rows[0][:4] == ("Code", "Bovenliggende code", "Niveau", "Titel")
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["2WWS01"][8] == 30  # (40 + 20) / 2, the third action without data
    assert by_code["2WWS0101"][6] == "lopend" and by_code["2WWS0101"][7] == 40
    outsider = client_for(UserFactory(organisation=OrganisationFactory()))
    assert outsider.get(url).status_code == 404


def test_the_council_report_of_a_frozen_release_tells_what_changed_since_the_previous_one(
    client_for, plan, people
):
    first = open_release(plan, people["manager"], title="Rapportering 2025")
    reader = client_for(people["an"])
    assert reader.get(reverse("plans:council_report", args=[first.pk])).status_code == 404  # still open
    releases.release_freeze(release=first, actor=people["manager"])
    report = reader.get(reverse("plans:council_report", args=[first.pk])).content.decode()
    assert "eerste bevroren rapportering" in report and "Conceptzorg" in report
    second = open_release(plan, people["manager"], title="Rapportering 2026")
    entry = second.entries.get(code="2WWS0103")
    releases.entry_update(
        entry=entry, status=status(plan, "lopend"), progress=50, narrative="Het woonkantoor opende in juni.",
        based_on=0, actor=people["bert"],
    )  # fmt: skip
    releases.release_freeze(release=second, actor=people["manager"])
    report = reader.get(reverse("plans:council_report", args=[second.pk])).content.decode()
    assert "Het woonkantoor opende in juni." in report
    assert "Sinds “Rapportering 2025” zijn 2 elementen gewijzigd." in report  # the action and its objective
    assert "(40 × 1 + 20 × 1 + 50 × 1) / 3 = 37" in report  # the objective, as rolled up
