"""A real headless Chromium (Debian's package) driven by Playwright, against the live test server."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# The rules whose answer depends on how the page is laid out and drawn, not only on its document.
AXE_LAYOUT_RULES = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
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


CONTRAST_JS = """() => {
  const rgba = (s) => {
    const m = s.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map((x) => parseFloat(x));
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const found = [];
  for (const el of document.querySelectorAll("a, button, input[type=submit], input[type=button]")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const text = (el.innerText || el.value || "").trim();
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden" || !text) continue;
    const a = luminance(rgba(style.color)), b = luminance(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) found.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
  }
  return found;
}"""


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
        self.checked_documents: set[str] = set()
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def foreign_requests(self) -> list[str]:
        return [
            url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")
        ]

    def click(self, selector: str):
        """Click, and when the click opens another page, wait until that page has loaded.

        Playwright's click returns once a navigation has started; without JavaScript a form post or a
        link then parses its answer while the test reads on, and a count taken too early sees half a
        page (a flaky 0 on a busy CI machine). Every test clicks through here."""
        self.page.click(selector)
        self.page.wait_for_load_state("load")

    def login(self, email: str, password: str):
        self.page.goto("/account/aanmelden/")
        self.page.fill("#id_username", email)
        self.page.fill("#id_password", password)
        self.click("main button[type=submit]")
        self.page.wait_for_url("**/start/")

    def axe_violations(self) -> list[dict]:
        # Evaluated through the browser's debugging protocol: an injected <script> would be an inline
        # script, which the pages' Content-Security-Policy refuses.
        # A document already checked in full (the same page at another width) is checked again only
        # by the rules that depend on the layout: the others would answer the same, and on a page with
        # a map of 300 municipalities they take seconds. Our stylesheet only hides on small screens,
        # never shows, so the wide check has seen every element a narrow one can show.
        document = hashlib.sha256(self.page.content().encode()).hexdigest()
        again = document in self.checked_documents
        self.checked_documents.add(document)
        only = {"type": "rule", "values": AXE_LAYOUT_RULES} if again else {"type": "tag", "values": AXE_TAGS}
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("async (only) => await axe.run(document, {runOnly: only})", only)
        return [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    def low_contrast_controls(self) -> list[dict]:
        """Visible buttons and links whose text contrasts less than WCAG 1.4.3 asks (4.5:1, large text
        3:1) with the background they are drawn on. axe leaves these "incomplete" when it cannot decide
        the background, which let white-on-white buttons through."""
        return self.page.evaluate(CONTRAST_JS)

    def problems_at_widths(self, paths, widths=(1280, 390)) -> dict:
        """Each page at each width (laptop, phone): it opens (200), is never wider than the window,
        and has no axe violation or low-contrast control; what is wrong, per (width, path)."""
        problems = {}
        for width in widths:
            self.page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                response = self.page.goto(path)
                assert response.status == 200, path
                found = self.axe_violations() + [{"contrast": c} for c in self.low_contrast_controls()]
                seen = self.page.evaluate(
                    "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
                )
                if seen["scroll"] > seen["inner"]:
                    found.append({"too wide": seen})
                if found:
                    problems[(width, path)] = found
        return problems

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
