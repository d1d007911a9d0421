"""Markdown is shown as editors meant it, wherever it appears: rendered and safe on a page, as plain
readable text in cards, snippets and mails."""

from __future__ import annotations

import time

import pytest

from stadskennis.core.markdown import markdown_to_text, render_markdown

LEAD = "Een **vet** resultaat, zie [het rapport](https://x.example/r_(1)) en `code_*hier*`."


def test_plain_text_keeps_the_words_and_drops_the_signs():
    assert markdown_to_text(LEAD) == "Een vet resultaat, zie het rapport en code_*hier*."


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("# Kop\n\nTekst", "Kop\n\nTekst"),
        ("Kop\n===\n\nTekst", "Kop\n\nTekst"),
        ("- een\n- twee\n  - drie", "- een\n- twee\n  - drie"),
        ("* een\n+ twee", "- een\n- twee"),
        ("1. eerst\n2) dan", "1. eerst\n2. dan"),
        ("> een *citaat*", "een citaat"),
        ("![een kaart](kaart.png) en <https://kvs.be>", "een kaart en https://kvs.be"),
        ("[het verslag][1]\n\n[1]: https://x.example", "het verslag"),
        ("| stad | aantal |\n|---|---:|\n| Gent | 3 |", "stad | aantal\nGent | 3"),
        ("__vet__, _schuin_ en ~~weg~~", "vet, schuin en weg"),
        ("\\*geen nadruk\\* en AT&amp;T", "*geen nadruk* en AT&T"),
        ("Tekst <b>vet</b><script>alert(1)</script>", "Tekst vet"),
        ("```\nx = **y**\n```", "x = **y**"),
        ("een\n\n---\n\ntwee", "een\n\ntwee"),
    ],
)
def test_plain_text_of_each_kind_of_syntax(markdown, text):
    assert markdown_to_text(markdown) == text


@pytest.mark.parametrize(
    "plain", ["5 * 3 = 15", "bestand_naam_2024.pdf", "a < b en c > d", "Gent - Antwerpen"]
)
def test_plain_text_that_only_looks_like_markdown_is_left_alone(plain):
    assert markdown_to_text(plain) == plain


def test_empty_and_missing_text():
    assert markdown_to_text("") == markdown_to_text(None) == ""
    assert render_markdown(None) == ""


def test_rendered_markdown_is_safe_html():
    html = render_markdown("# Titel\n\n**vet** [klik](javascript:alert(1)) <script>alert(1)</script>")
    assert "<h2>Titel</h2>" in html and "<strong>vet</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_plain_text_of_a_long_report_is_fast():
    """It feeds the search index, which takes a thousand items a second."""
    report = ("Een **alinea** met [een link](https://x.be) over leegstand.\n\n- punt\n\n## Kop\n\n") * 2000
    started = time.perf_counter()
    text = markdown_to_text(report)
    assert time.perf_counter() - started < 0.5
    assert "**" not in text and "](" not in text and "#" not in text


def test_search_snippets_can_do_without_list_markers():
    """A snippet runs the lines together: a '- ' would stand in the middle of a sentence."""
    assert markdown_to_text("Aanpak:\n\n- een register\n1. een heffing", list_markers=False) == (
        "Aanpak:\n\neen register\neen heffing"
    )


def test_a_mail_keeps_the_address_of_a_link():
    """A plain-text mail cannot be clicked: the reader needs the address itself."""
    text = "zie [het reglement](https://x.example/r_(1)) en [https://kvs.be](https://kvs.be)"
    assert markdown_to_text(text, link_targets=True) == (
        "zie het reglement (https://x.example/r_(1)) en https://kvs.be"
    )
    assert markdown_to_text(text) == "zie het reglement en https://kvs.be"


# Signs that are opened and never closed: each used to make the text rescan the rest of itself.
ADVERSARIAL = ["[", "![", "**a ", "*a ", " _a", "~~a ", "<http:", "<!--", "<script ", "[a]("]


def _seconds(convert, text: str) -> float:
    """The quickest of three runs, so that a busy machine does not decide; each run's text differs by
    its first word, so no cache answers."""
    times = []
    for run in range(3):
        started = time.perf_counter()
        convert(f"{run} {text}")
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize(("start", "unit"), [("", unit) for unit in ADVERSARIAL] + [("# a", " ")])
def test_plain_text_takes_time_in_proportion_to_the_text(start, unit):
    """Four times the text takes about four times as long, not sixteen; 100 kB stays well under a
    second on a quiet machine (the bound leaves room for a loaded one)."""
    small = _seconds(markdown_to_text, start + unit * (25_000 // len(unit)) + "b")
    large = _seconds(markdown_to_text, start + unit * (100_000 // len(unit)) + "b")
    assert large < 2
    assert large < 8 * small + 0.05


@pytest.mark.parametrize("unit", ["[", "![", "[a](", "[a][", "<a "])
def test_a_page_renders_adversarial_markdown_in_proportion_to_the_text(unit):
    """python-markdown looked for the `]` closing each `[` up to the end of the paragraph: 20,000
    `[` took 97 seconds."""
    small = _seconds(render_markdown, unit * (5_000 // len(unit)))
    large = _seconds(render_markdown, unit * (20_000 // len(unit)))
    assert large < 3
    assert large < 8 * small + 0.05


def test_deep_nesting_renders_instead_of_failing():
    """A line of 2,000 list markers ran python-markdown out of stack: a server error."""
    html = render_markdown("- " * 2000 + "laatste") + render_markdown("> " * 3000 + "citaat")
    assert "laatste" in html and "citaat" in html


def test_bounded_links_still_render_as_editors_write_them():
    html = render_markdown(
        '[het rapport](https://x.example/r_(1) "titel"), [ref][1], [ander] en a <b en `x <y`\n\n'
        "[1]: https://y.example\n[ander]: https://z.example"
    )
    assert '<a href="https://x.example/r_(1)" title="titel"' in html
    assert '<a href="https://y.example"' in html and '<a href="https://z.example"' in html
    assert "a &lt;b en <code>x &lt;y</code>" in html


@pytest.mark.parametrize(
    "text",
    [
        "- een lijstje op de eerste regel",
        "Eerste regel.\n- een lijstje op de tweede regel",
        "Eerste regel.\n\n  12) genummerd, na een lege regel",
        "Titel\n===",
        "Titel\n---   \nen verder",
        "Tekst met een *nadruk* midden in de zin",
    ],
)
def test_syntax_on_any_line_is_read_as_markdown(text):
    """The quick check for any Markdown at all looks at every line, the first one too."""
    assert markdown_to_text(text, list_markers=False) != text.strip()
