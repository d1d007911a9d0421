"""Composing the monthly newsletter: the next month (never July), candidates published since the last
issue and public only, nine places with their order and texts, the mix and its warnings, the preview
exactly as sent, and the public archive and feeds of issues."""

from __future__ import annotations

from datetime import date, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import mail_body
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.events.tests.factories import make_event
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.newsletter import issues, spotlight
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.newsletter.rendering import issue_message, preview_subscriber
from stadskennis.newsletter.tasks import send_test_issue

pytestmark = pytest.mark.django_db


def _sent_issue(number: int, month: date, *, days_ago: int = 10) -> Issue:
    sent = timezone.now() - timedelta(days=days_ago)
    return Issue.objects.create(
        number=number, month=month, status=Issue.Status.SENT, send_started_at=sent, sent_at=sent
    )


def test_the_next_issue_follows_the_last_and_skips_july(cast):
    this_month = timezone.localdate().replace(day=1)
    assert issues.next_month() == (this_month if this_month.month != 7 else this_month.replace(month=8))
    _sent_issue(1, date(2009, 1, 1))  # imported from the archive: the next issue is not of 2009
    assert issues.next_month() == (this_month if this_month.month != 7 else this_month.replace(month=8))
    _sent_issue(40, date(2031, 6, 1))
    issue = issues.issue_create(actor=cast["editor"])
    assert (issue.number, issue.month) == (41, date(2031, 8, 1))
    with pytest.raises(issues.CompositionRefused, match="Werk eerst het nummer af"):
        issues.issue_create(actor=cast["editor"])
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    assert issues.next_month() == date(2031, 9, 1)


def test_candidates_are_public_and_published_since_the_last_issue(gent, cast):
    old = KnowledgeItemFactory(owner=gent, title="Van voor het vorige nummer")
    from stadskennis.knowledge.models import KnowledgeItem

    KnowledgeItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    _sent_issue(1, date(2026, 5, 1), days_ago=10)
    KnowledgeItemFactory(owner=gent, title="Nieuwe studie", summary="Wat de studie *vond*.")
    KnowledgeItemFactory(owner=gent, title="Enkel voor leden", visibility="network")
    KnowledgeItemFactory(owner=gent, title="Uit Kopenhagen", kind="foreign_example")
    make_event(owner=gent, title="Studiedag wonen")
    make_event(owner=gent, title="Intern overleg", visibility="network")
    issue = issues.issue_create(actor=cast["editor"])

    found = {c.title: c for c in issues.candidates(issue)}
    assert set(found) == {"Nieuwe studie", "Uit Kopenhagen", "Studiedag wonen"}
    assert found["Nieuwe studie"].text == "Wat de studie vond."  # the summary as plain text
    assert found["Uit Kopenhagen"].kind_label == "Buitenlands voorbeeld"
    assert found["Studiedag wonen"].kind_label == "Aankondiging"


def test_a_spotlight_entry_is_a_candidate_with_its_commentary(gent, cast):
    study = KnowledgeItemFactory(owner=gent, title="Boek over de stad")
    spotlight.spotlight_schedule(
        item=study, commentary="Lees het nu.", publish_on=timezone.localdate(), actor=cast["editor"]
    )
    issue = issues.issue_create(actor=cast["editor"])
    entry = next(c for c in issues.candidates(issue) if c.key.startswith("s:"))
    item = issues.item_add(issue=issue, key=entry.key, actor=cast["editor"])
    assert (item.kind, item.text, item.knowledge_item_id) == ("spotlight", "Lees het nu.", study.pk)
    # The same study is not offered again, as a spotlight or as a study.
    assert "Boek over de stad" not in [c.title for c in issues.candidates(issue)]


def test_nine_places_with_their_order_and_the_mix_warns(gent, cast):
    housing = ThemeFactory(name="Wonen")
    practices = [KnowledgeItemFactory(owner=gent, kind="practice", title=f"Praktijk {n}") for n in range(5)]
    studies = [KnowledgeItemFactory(owner=gent, title=f"Studie {n}", themes=[housing]) for n in range(5)]
    issue = issues.issue_create(actor=cast["editor"])
    for item in practices[:3]:
        issues.item_add(issue=issue, key=f"k:{item.pk}", actor=cast["editor"])
    mix = issues.mix(issue)
    assert mix.kinds == [("Goede of mislukte praktijk", 3)]
    assert mix.warnings == ["Er zijn nog 6 plaatsen leeg."]

    issues.item_add(issue=issue, key=f"k:{practices[3].pk}", actor=cast["editor"])
    assert "Goede of mislukte praktijk neemt 4 van de negen plaatsen in" in issues.mix(issue).warnings[1]
    for item in studies:
        issues.item_add(issue=issue, key=f"k:{item.pk}", actor=cast["editor"])
    assert issues.mix(issue).themes == [("Wonen", 5)]
    with pytest.raises(issues.CompositionRefused, match="Alle negen plaatsen"):
        issues.item_add(issue=issue, key=f"k:{practices[4].pk}", actor=cast["editor"])
    with pytest.raises(issues.CompositionRefused, match="al in dit nummer"):
        issues.item_remove(item=issue.items.last(), actor=cast["editor"])
        issues.item_add(issue=issue, key=f"k:{practices[0].pk}", actor=cast["editor"])

    first, second = issue.items.all()[:2]
    issues.item_move(item=second, up=True, actor=cast["editor"])
    assert [i.title for i in issue.items.all()[:2]] == [second.title, first.title]
    issues.item_remove(item=issue.items.first(), actor=cast["editor"])
    assert list(issue.items.values_list("position", flat=True)) == list(range(1, 8))


def test_only_what_anyone_may_read_is_placed(gent, cast):
    members = KnowledgeItemFactory(owner=gent, title="Voor leden", visibility="network")
    event = make_event(owner=gent, visibility="network")
    issue = issues.issue_create(actor=cast["editor"])
    for key in (f"k:{members.pk}", f"e:{event.pk}", "k:999999", "x:1", "k:1e9", "s:99999"):
        with pytest.raises(issues.CompositionRefused, match="Alleen een openbaar item"):
            issues.item_add(issue=issue, key=key, actor=cast["editor"])
    assert not issue.items.exists()


def test_an_item_that_stops_being_public_blocks_sending_and_leaves_the_archive(gent, cast, client):
    from stadskennis.knowledge.services import item_update

    kept = KnowledgeItemFactory(owner=gent, title="Blijft openbaar")
    closed = KnowledgeItemFactory(owner=gent, title="Wordt intern")
    issue = issues.issue_create(actor=cast["editor"])
    for item in (kept, closed):
        issues.item_add(issue=issue, key=f"k:{item.pk}", actor=cast["editor"])
    assert issues.problems(issue) == []
    item_update(item=closed, actor=cast["editor"], visibility="network")
    assert issues.problems(issue) == [
        "“Wordt intern” is niet meer openbaar of bestaat niet meer: verwijder het of maak het openbaar."
    ]
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())
    page = client.get(reverse("newsletter:issue", args=[issue.number])).content.decode()
    assert "Blijft openbaar" in page and "Wordt intern" not in page


def _composed(gent, cast) -> Issue:
    issue = issues.issue_create(actor=cast["editor"])
    for n in range(2):
        item = KnowledgeItemFactory(owner=gent, title=f"Studie {n}", summary=f"Samenvatting {n}.")
        issues.item_add(issue=issue, key=f"k:{item.pk}", actor=cast["editor"])
    return issue


def test_the_compose_page_saves_the_texts_with_every_button_and_refuses_too_long(gent, cast, client_for):
    issue = _composed(gent, cast)
    first, second = issue.items.all()
    extra = KnowledgeItemFactory(owner=gent, title="Nog een studie")
    editor = client_for(cast["editor"])
    url = reverse("newsletter:compose", args=[issue.pk])
    data = {"introduction": "Welkom in *mei*.", f"text_{first.pk}": "Eigen tekst", f"text_{second.pk}": ""}
    response = editor.post(url, {**data, "action": f"add:k:{extra.pk}"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.introduction == "Welkom in *mei*."
    assert [(i.title, i.text) for i in issue.items.all()] == [
        ("Studie 0", "Eigen tekst"),
        ("Studie 1", ""),
        ("Nog een studie", ""),
    ]
    response = editor.post(url, {**data, f"text_{first.pk}": "x" * 1501, "action": f"remove:{second.pk}"})
    assert response.status_code == 400
    assert "Er werd niets bewaard" in response.content.decode()
    assert issue.items.count() == 3 and issue.items.get(pk=first.pk).text == "Eigen tekst"
    assert client_for(cast["member"]).get(url).status_code == 403


def test_the_preview_is_the_mail_as_sent_and_the_test_goes_to_the_editor(gent, cast, client_for, mailbox):
    _sent_issue(7, date(2031, 4, 1))
    issue = _composed(gent, cast)
    issues.texts_save(issue=issue, introduction="Dag *allemaal*.", texts={}, actor=cast["editor"])
    issue.refresh_from_db()
    editor = client_for(cast["editor"])
    text = editor.get(reverse("newsletter:preview_text", args=[issue.pk])).content.decode()
    html_response = editor.get(reverse("newsletter:preview_html", args=[issue.pk]))
    assert (
        "Dag allemaal." in text and "1. Studie 0\n(Onderzoek toegankelijk gemaakt)\nSamenvatting 0." in text
    )
    assert (
        html_response["X-Frame-Options"] == "SAMEORIGIN"
        and "script-src" not in html_response["Content-Security-Policy"]
    )
    assert "<em>allemaal</em>" in html_response.content.decode()

    assert send_test_issue.call(issue.pk, cast["editor"].email) == "sent"
    (message,) = mailbox
    assert message["To"] == cast["editor"].email
    assert message["Subject"] == "Nieuwsbrief 8, mei 2031"
    plain, html = (
        part.get_payload(decode=True).decode().replace("\r\n", "\n")  # SMTP's line ends
        for part in message.walk()
        if not part.is_multipart()
    )
    expected = issue_message(issue, preview_subscriber(cast["editor"].email))
    assert plain == expected.body == text
    assert html == expected.alternatives[0][0] == html_response.content.decode()
    assert "voorbeeld" in message["List-Unsubscribe"]
    assert "Studie 1" in mail_body(message)


def test_the_archive_by_year_kind_and_theme_and_the_feeds(gent, cast, client):
    mobility = ThemeFactory(name="Mobiliteit")
    older = Issue.objects.create(number=1, month=date(2009, 1, 1), status=Issue.Status.IMPORTED)
    IssueItem.objects.create(issue=older, kind="link", title="Een website", url="https://example.org/site")
    issue = _composed(gent, cast)
    bike = KnowledgeItemFactory(owner=gent, title="Fietsstraten", kind="practice", themes=[mobility])
    issues.item_add(issue=issue, key=f"k:{bike.pk}", actor=cast["editor"])
    draft_page = client.get(reverse("newsletter:issue", args=[issue.number]))
    assert draft_page.status_code == 404  # a draft is not public
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())

    page = client.get(reverse("newsletter:archive")).content.decode()
    assert "Fietsstraten" in page and "Een website" not in page  # the latest year
    page = client.get(reverse("newsletter:archive"), {"jaar": "2009"}).content.decode()
    assert "Een website" in page and "Fietsstraten" not in page
    page = client.get(reverse("newsletter:archive"), {"thema": mobility.slug}).content.decode()
    assert "Fietsstraten" in page and "Studie 0" not in page and "Een website" not in page
    page = client.get(reverse("newsletter:archive"), {"soort": "link"}).content.decode()
    assert "Een website" in page and "Fietsstraten" not in page

    rss = feedparser.parse(client.get(reverse("newsletter:archive_rss")).content)
    assert not rss.bozo and [e.title for e in rss.entries][0].startswith(f"Nieuwsbrief {issue.number}, ")
    assert "- Fietsstraten" in rss.entries[0].summary
    atom = feedparser.parse(client.get(reverse("newsletter:archive_atom")).content)
    assert not atom.bozo and len(atom.entries) == 2


def test_an_item_is_placed_once_however_its_key_is_written(gent, cast):
    study = KnowledgeItemFactory(owner=gent, title="Boek over de stad")
    entry = spotlight.spotlight_schedule(
        item=study, commentary="Lees het.", publish_on=timezone.localdate(), actor=cast["editor"]
    )
    issue = issues.issue_create(actor=cast["editor"])
    issues.item_add(issue=issue, key=f"k:{study.pk}", actor=cast["editor"])
    for key in (f"k:0{study.pk}", f"s:{entry.pk}"):
        with pytest.raises(issues.CompositionRefused, match="al in dit nummer"):
            issues.item_add(issue=issue, key=key, actor=cast["editor"])
    assert issue.items.count() == 1


def test_a_spotlight_whose_study_is_no_longer_public_is_not_placed(gent, cast):
    from stadskennis.knowledge.services import item_update

    study = KnowledgeItemFactory(owner=gent, title="Intern geworden")
    entry = spotlight.spotlight_schedule(
        item=study, commentary="x", publish_on=timezone.localdate(), actor=cast["editor"]
    )
    item_update(item=study, actor=cast["editor"], visibility="network")
    issue = issues.issue_create(actor=cast["editor"])
    with pytest.raises(issues.CompositionRefused, match="Alleen een openbaar item"):
        issues.item_add(issue=issue, key=f"s:{entry.pk}", actor=cast["editor"])


def test_each_test_mail_is_a_new_mail(gent, cast, mailbox):
    issue = _composed(gent, cast)
    send_test_issue.call(issue.pk, cast["editor"].email)
    send_test_issue.call(issue.pk, cast["editor"].email)
    first, second = (message["Message-ID"] for message in mailbox)
    assert first != second and first.startswith(f"<nieuwsbrief-{issue.number}.test-")


def test_a_dossier_with_new_public_entries_has_its_slot(gent, cast):
    from stadskennis.core.services import content_soft_delete
    from stadskennis.dossiers.services import entry_add, site_create
    from stadskennis.newsletter.rendering import shared_context

    site = site_create(slug="kerken", title="Kerken herbestemd", introduction="Wat *steden* deden.",
                       fields=[], actor=cast["editor"])  # fmt: skip
    for title, visibility in (("Kerk A", "public"), ("Kerk B", "public"), ("Kerk C", "network")):
        item = KnowledgeItemFactory(owner=gent, kind="case", title=title, visibility=visibility)
        entry_add(site=site, item=item, municipality=None, values={}, actor=cast["editor"])
    issue = issues.issue_create(actor=cast["editor"])
    slot = next(c for c in issues.candidates(issue) if c.key == f"d:{site.pk}")
    assert (slot.title, slot.kind_label) == ("Kerken herbestemd: 2 nieuwe items", "Nieuw in een dossier")
    assert slot.text == "Wat steden deden."  # the introduction: an entry's title may not stay public
    item = issues.item_add(issue=issue, key=slot.key, actor=cast["editor"])
    assert (item.dossier_site_id, item.kind) == (site.pk, "dossier") and issues.problems(issue) == []
    assert f"d:{site.pk}" not in [c.key for c in issues.candidates(issue)]
    with pytest.raises(issues.CompositionRefused, match="al in dit nummer"):
        issues.item_add(issue=issue, key=slot.key, actor=cast["editor"])
    site.slug = "kerken-herbestemd"  # renamed: the mail follows
    site.save()
    issue.refresh_from_db()
    (entry,) = shared_context(issue)["entries"]
    assert entry["url"] == "http://127.0.0.1:8000/dossiers/kerken-herbestemd/"
    for case in site.entries.filter(item__visibility="public"):
        content_soft_delete(obj=case.item, actor=cast["editor"])
    (problem,) = issues.problems(issue)
    assert problem.startswith(
        "“Kerken herbestemd: 2 nieuwe items” is niet meer openbaar of bestaat niet meer"
    )


def test_the_desk_leads_to_the_issue_being_composed(cast, client_for):
    editor = client_for(cast["editor"])
    page = editor.get(reverse("newsletter:issues")).content.decode()
    assert "Stel het nummer van" in page
    issue = issues.issue_create(actor=cast["editor"])
    page = editor.get(reverse("newsletter:issues")).content.decode()
    assert "Stel het nummer van" not in page
    compose = reverse("newsletter:compose", args=[issue.pk])
    assert f'href="{compose}" class="button">Ga verder met Nieuwsbrief 1' in page
