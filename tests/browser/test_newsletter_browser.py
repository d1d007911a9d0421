"""The newsletter's subscription pages in real Chromium: sign up without JavaScript, the pages of a
subscription, none with axe-core violations on a laptop and a phone, nothing from another host. With
SCREENSHOT_DIR set it keeps newsletter-*.png."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.newsletter.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signing_up_and_the_subscription_pages_read_well(visit):
    ThemeFactory(name="Leegstand")
    ThemeFactory(name="Wonen")
    plain = visit(javascript=False)
    plain.page.goto("/nieuwsbrief/inschrijven/")
    plain.page.get_by_label("E-mailadres").fill("ann@zele.example")
    plain.page.get_by_label("Het wekelijkse “Veranderend speelveld”").check()
    plain.page.get_by_role("button", name="Inschrijven", exact=True).click()
    assert "Kijk in je mailbox" in plain.page.inner_text("main")
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.monthly, subscriber.weekly) == ("pending", True, True)
    Subscriber.objects.filter(pk=subscriber.pk).update(status="confirmed")
    v = visit()
    pages = ("/nieuwsbrief/inschrijven/", subscriber.manage_url, subscriber.unsubscribe_url)
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        v.page.set_viewport_size({"width": 1280, "height": 900})
        for name, path in zip(
            ("newsletter-signup", "newsletter-manage", "newsletter-unsubscribe"), pages, strict=True
        ):
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_the_spotlight_and_its_queue_read_well(visit):
    from django.utils import timezone

    from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
    from stadskennis.core.tests.factories import OrganisationFactory
    from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
    from stadskennis.newsletter import spotlight

    centre = OrganisationFactory(slug="kenniscentrum", kind="centre")
    editor = EditorFactory(email="redacteur@centrum.example", organisation=centre)
    study = KnowledgeItemFactory(owner=centre, title="De stad van morgen")
    spotlight.spotlight_schedule(item=study, commentary="Een **rijke** studie over verdichting.",
                                 publish_on=timezone.localdate(), actor=editor)  # fmt: skip
    v = visit()
    v.login("redacteur@centrum.example", PASSWORD)
    pages = ("/nieuwsbrief/speelveld/", "/nieuwsbrief/speelveld/wachtrij/")
    assert v.problems_at_widths(pages) == {}
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        v.page.set_viewport_size({"width": 1280, "height": 900})
        for name, path in zip(("spotlight", "spotlight-queue"), pages, strict=True):
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_composing_previewing_and_sending_an_issue_and_its_archive_read_well(visit, smtp_server):
    from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
    from stadskennis.core.tests.factories import OrganisationFactory
    from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
    from stadskennis.newsletter import sending
    from stadskennis.newsletter.models import Issue

    centre = OrganisationFactory(slug="kenniscentrum", kind="centre")
    EditorFactory(email="redacteur@centrum.example", organisation=centre)
    kinds = ["practice", "study", "foreign_example", "practice", "news", "link"]
    for n, kind in enumerate(kinds):
        KnowledgeItemFactory(owner=centre, kind=kind, title=f"Item {n}: {kind}", summary=f"Over {kind} {n}.")
    Subscriber.objects.create(email="lezer@stad.example", status="confirmed")
    plain = visit(javascript=False)  # the whole desk works without JavaScript
    plain.login("redacteur@centrum.example", PASSWORD)
    plain.page.goto("/nieuwsbrief/uitgaven/")
    plain.page.get_by_role("button", name="Stel het nummer van").click()
    for n in (0, 1, 2):
        plain.page.get_by_role("button", name=re.compile(f"^Plaatsen\\W+Item {n}:")).click()
    plain.page.get_by_label("Inleiding").fill("Welkom bij dit *nummer*.")
    plain.page.get_by_label("Tekst bij “Item 1: study”").fill("Lees vooral hoofdstuk 3.")
    plain.page.get_by_role("button", name=re.compile("^Omhoog\\W+Item 1: study")).click()
    main = plain.page.inner_text("main")
    assert "Er zijn nog 6 plaatsen leeg." in main
    assert main.index("Item 1: study") < main.index("Item 0: practice")
    issue = Issue.objects.get()
    assert (
        issue.introduction == "Welkom bij dit *nummer*."
        and issue.items.first().text == "Lees vooral hoofdstuk 3."
    )
    compose = f"/nieuwsbrief/uitgaven/{issue.pk}/"
    preview = f"{compose}voorbeeld/"
    plain.page.goto(preview)
    assert "1. Item 1: study" in plain.page.inner_text("pre")
    v = visit()
    v.login("redacteur@centrum.example", PASSWORD)
    desk = ("/nieuwsbrief/uitgaven/", compose, preview, "/nieuwsbrief/uitgaven/importeren/")
    assert v.problems_at_widths(desk) == {}
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        v.page.set_viewport_size({"width": 1280, "height": 900})
        for name, path in (("newsletter-issues", "/nieuwsbrief/uitgaven/"), ("newsletter-compose", compose),
                           ("newsletter-preview", preview), ("newsletter-import", desk[3])):  # fmt: skip
            v.page.goto(path)
            v.page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)

    controller, _inbox = smtp_server
    sending.send_start(issue=issue, actor=issue.created_by)
    sending.send_pause(issue=issue, actor=issue.created_by)
    assert v.problems_at_widths((compose,)) == {}
    sending.send_resume(issue=issue, actor=issue.created_by)
    assert sending.deliver(issue.pk).result == "finished"
    archive = ("/nieuwsbrief/archief/", f"/nieuwsbrief/archief/{issue.number}/")
    assert v.problems_at_widths((compose, *archive)) == {}
    assert v.foreign_requests() == []
    if shots:
        for name, path in (("newsletter-sent", compose), ("newsletter-archive", archive[0]),
                           ("newsletter-issue", archive[1])):  # fmt: skip
            v.page.goto(path)
            v.page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
