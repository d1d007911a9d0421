"""A real headless Chromium (Debian's package) driven by Playwright, against the live test server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run `make test` (it installs Debian's chromium package).")
    return path


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for one test module. Playwright's sync API runs an event loop in this thread, so the
    ORM calls these tests make need DJANGO_ALLOW_ASYNC_UNSAFE; it is set only while the browser
    lives (after the test database exists), so no other test inherits it."""
    from playwright.sync_api import sync_playwright

    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `make test` (npm ci installs it).")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visit:
    """A browser context that records every request, so a test can prove none left the host."""

    def __init__(self, browser, base_url: str, *, javascript: bool = True):
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url,
            java_script_enabled=javascript,
            viewport={"width": 1280, "height": 900},
            locale="nl-BE",
        )
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def foreign_requests(self) -> list[str]:
        return [
            url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")
        ]

    def login(self, email: str, password: str):
        self.page.goto("/account/aanmelden/")
        self.page.fill("#id_username", email)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/start/")

    def axe_violations(self) -> list[dict]:
        # Evaluated through the browser's debugging protocol: an injected <script> would be an inline
        # script, which the pages' Content-Security-Policy refuses.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    visits = []

    def make(*, javascript: bool = True) -> Visit:
        v = Visit(browser, live_server.url, javascript=javascript)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()
