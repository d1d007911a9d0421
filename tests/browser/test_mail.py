"""The kept mail in real Chromium (issue 13, point 16): an administrator reads the invitation an
editor sent at /beheer/mail/ and its addressee's link opens the page to create an account; both mail
pages without an axe violation, a control below the contrast WCAG asks or a request to another host."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from stadskennis.core import mail_store
from stadskennis.demo.cast import DEMO_PASSWORD
from tests.browser.test_pages import check_pages, demo  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADMINISTRATOR = "beheerder@stadskennis.example"


def test_an_administrator_follows_an_invitation_from_the_kept_mail(
    visit,
    demo,  # noqa: F811 - the fixture imported above
    settings,
    live_server,
    tmp_path,
):
    settings.EMAIL_BACKEND = mail_store.BACKEND
    settings.SITE_URL = live_server.url  # the links in mails lead to this server, as under `make run`
    v = visit()
    v.login(ADMINISTRATOR, DEMO_PASSWORD)
    v.page.goto("/account/uitnodigen/")
    v.page.fill("#id_email", "nina.nieuw@gent.example")
    v.page.select_option("#id_organisation", label="Stad Gent")
    v.click("main button[type=submit]")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    v.page.goto("/")
    v.click("nav.main-nav >> text=Mail")
    v.click("text=Uitnodiging voor Stadskennis")
    detail = v.page.url.removeprefix(v.base_url)
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    v.page.screenshot(path=str(target / "beheer-mail.png"), full_page=True)
    check_pages(v, ["/beheer/mail/", detail])

    v.page.goto(detail)
    link = v.page.locator(".mail-text a")
    href = link.get_attribute("href")
    v.click("button:has-text('Afmelden')")
    v.page.goto(href)
    assert v.page.locator("#id_password1").is_visible()
    assert "Stad Gent" in v.page.inner_text("main")
