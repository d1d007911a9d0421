"""Older issues into the archive: from the HTML of their page or from lines "Title | address", each
wrong line named, nothing written unless all is right."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from stadskennis.newsletter.archive_import import ImportRefused, issue_import
from stadskennis.newsletter.models import Issue

pytestmark = pytest.mark.django_db
IMPORT = reverse("newsletter:import")

OLD_PAGE = """<html><body><a href="#top">Naar boven</a>
<h1>Nieuwsbrief 12</h1>
<p><a href="https://www.vvsg.be/armoede">Armoede in de <b>centrumsteden</b></a></p>
<p><a href="http://www.gent.be/leegstand">Leegstand &amp; heffing</a></p>
<p><a href="mailto:info@kenniscentrum.example">Mail ons</a> <a href="/oud/relatief">Oud</a></p>
<p><a href="https://www.vvsg.be/armoede">Armoede (nog eens)</a></p>
<p><a href="https://lijst.example/unsubscribe?u=1">Uitschrijven</a></p>
</body></html>"""


def test_an_older_issue_from_its_page_keeps_its_links_in_order(cast, client):
    issue = issue_import(
        number=12, month=date(2010, 2, 14), source_url="", content=OLD_PAGE, actor=cast["editor"]
    )
    assert (issue.status, issue.month) == ("imported", date(2010, 2, 1))
    assert [(i.title, i.url, i.kind) for i in issue.items.all()] == [
        ("Armoede in de centrumsteden", "https://www.vvsg.be/armoede", "link"),
        ("Leegstand & heffing", "http://www.gent.be/leegstand", "link"),
    ]
    page = client.get(reverse("newsletter:issue", args=[12])).content.decode()
    assert 'href="https://www.vvsg.be/armoede"' in page and "februari 2010" in page


def test_lines_are_checked_each_and_a_wrong_one_imports_nothing(cast, client_for):
    editor = client_for(cast["editor"])
    good = "Een studie | https://example.org/studie\n\nhttps://example.org/kaal"
    lines = f"{good}\nFout | ftp://example.org/x\nGeen adres"
    response = editor.post(IMPORT, {"number": "3", "month": "2009-03", "content": lines})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er werd niets ingelezen" in page
    assert "Regel 4: “ftp://example.org/x” is geen webadres (http of https)." in page
    assert "Regel 5: “Geen adres” is geen webadres" in page
    assert not Issue.objects.exists()

    response = editor.post(IMPORT, {"number": "3", "month": "2009-03", "content": good})
    assert response.status_code == 302 and response["Location"] == "/nieuwsbrief/archief/3/"
    assert [(i.title, i.url) for i in Issue.objects.get().items.all()] == [
        ("Een studie", "https://example.org/studie"),
        ("https://example.org/kaal", "https://example.org/kaal"),
    ]
    again = editor.post(IMPORT, {"number": "3", "month": "2009-04", "content": good})
    assert "Nummer 3 staat al in het archief." in again.content.decode() and Issue.objects.count() == 1
    month_taken = editor.post(IMPORT, {"number": "4", "month": "2009-03", "content": good})
    assert "Het archief heeft al een nummer van die maand." in month_taken.content.decode()
    assert (
        client_for(cast["member"])
        .post(IMPORT, {"number": "5", "month": "2009-05", "content": good})
        .status_code
        == 403
    )


def test_nothing_to_import_or_far_too_much_is_said_plainly(cast):
    for content, message in (
        ("<p>Geen enkele link</p><a href='#x'>x</a>", "Geen link gevonden"),
        ("\n".join(f"https://example.org/{n}" for n in range(41)), "41 links: hoogstens 40 per nummer."),
        ("x" * 500_001, "De tekst is langer dan 500000 tekens"),
    ):
        with pytest.raises(ImportRefused, match=message):
            issue_import(
                number=1, month=date(2009, 1, 1), source_url="", content=content, actor=cast["editor"]
            )
    assert not Issue.objects.exists()


def test_broken_html_and_a_month_to_come_are_refused(cast):
    from django.utils import timezone

    with pytest.raises(ImportRefused, match="Deze HTML is niet leesbaar"):
        broken = '<a href="https://example.org/">x</a><![foo[ ]]>'
        issue_import(number=1, month=date(2009, 1, 1), source_url="", content=broken, actor=cast["editor"])
    with pytest.raises(ImportRefused, match="Alleen een nummer van een voorbije maand"):
        issue_import(number=1, month=timezone.localdate(), source_url="",
                     content="https://example.org/", actor=cast["editor"])  # fmt: skip
    assert not Issue.objects.exists()
