"""The newsletter's subscription pages in real Chromium: sign up without JavaScript, the pages of a
subscription, none with axe-core violations on a laptop and a phone, nothing from another host. With
SCREENSHOT_DIR set it keeps newsletter-*.png."""

from __future__ import annotations

import os
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
