"""core.embeds with a kind registered here (`proef`), so core is tested without the modules above it:
an editor's HTML stays inert around an embed, a token typed by hand draws nothing, an embed the viewer
may not see looks like an unknown one, wrong embeds are named by line, and plain text gets the words."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from stadskennis.core import embeds
from stadskennis.core.embeds import (
    Embed,
    embed_errors,
    embeds_as_words,
    find_embeds,
    markdown_with_embeds_to_text,
    render_with_embeds,
    split_at_block_embeds,
)
from stadskennis.core.markdown import render_markdown

SECRET = "geheim"  # a word only the "staff" viewer may see


class Proef:
    missing = "proef niet beschikbaar"
    inline = True

    def check(self, embed: Embed) -> str:
        return "" if len(embed.words) == 1 else "schrijf één woord"

    def _visible(self, embed, user) -> bool:
        return embed.words[0] != SECRET or user == "staff"

    def html(self, embed, *, user):
        if not self._visible(embed, user) or embed.words[0] == "onbekend":
            return None
        tag = "div" if embed.block else "b"
        return f'<{tag} class="proef">{escape(embed.words[0])}</{tag}>'

    def text(self, embed, *, user):
        if not self._visible(embed, user) or embed.words[0] == "onbekend":
            return None
        return f"proef {embed.words[0]}"


@pytest.fixture(autouse=True)
def proef(monkeypatch):
    monkeypatch.setitem(embeds._REGISTRY, "proef", Proef())


def test_an_embed_alone_on_its_line_is_a_block_and_one_in_a_sentence_is_inline():
    html = render_with_embeds("Inleiding\n\n[[proef a]]\n\nDe waarde is [[proef b]] dit jaar.", user=None)
    assert '<div class="proef">a</div>' in html
    assert '<p>De waarde is <b class="proef">b</b> dit jaar.</p>' in html
    assert "<p><div" not in html


def test_the_editors_html_stays_inert_around_embeds():
    text = "<script>alert(1)</script>\n\n[[proef a]] <img src=x onerror=alert(2)>\n\n[[proef <b>x]]"
    html = str(render_with_embeds(text, user=None))
    assert "<script" not in html and "<img" not in html and "onerror" not in html and "alert(" not in html
    assert '<b class="proef">a</b>' in html
    assert "<b>x" not in html  # an embed cannot carry mark-up: `<b>x` is not a word of one


def test_a_token_typed_by_hand_draws_nothing():
    html = str(render_with_embeds("\ue0011\ue001 en [[proef a]]", user=None))
    assert html.count('class="proef"') == 1
    assert "<p>\ue0011\ue001 en" in html  # stays the text it was


@pytest.mark.parametrize("entity", ["&#xe001;", "&#57345;", "&#XE001;"])
def test_an_entity_of_the_old_placeholder_is_only_text(entity):
    text = f"Gent: [[proef a]] en {entity}9{entity} en {entity}1{entity}"
    html = str(render_with_embeds(text, user=None))  # was a KeyError: a 500 on the page
    assert html.count('class="proef"') == 1
    assert "9" in html


def test_typed_markers_cannot_draw_past_the_bound():
    text = "[[proef a]]\n\n" + "&#xe001;1&#xe001;\n\n" * 300
    assert str(render_with_embeds(text, user=None)).count('class="proef"') == 1


def test_the_marker_is_secret_and_each_embed_is_drawn_once():
    text = "[[proef a]] en [x]: http://a.example"
    key = embeds._marker_key(text)
    html = str(render_with_embeds(text, user=None))
    assert key not in html and html.count('class="proef"') == 1
    assert key != embeds._marker_key(text + " ")  # another text, other markers


@pytest.mark.parametrize(
    "text, shown",
    [
        ('[x](http://a.example "[[proef a]]")', 'title="[[proef a]]"'),
        ("[x]([[proef a]])", 'href="[[proef a]]"'),
        ("`[[proef a]]`", "<code>[[proef a]]</code>"),
        ("    [[proef a]]", "<pre><code>[[proef a]]\n</code></pre>"),
        ("[[[proef a]]](javascript:alert(1))", ">[[proef a]]</a>"),
        ("[zie [[proef a]]](http://a.example)", ">zie [[proef a]]</a>"),
    ],
)
def test_an_embed_in_a_link_or_code_stays_as_typed(text, shown):
    html = str(render_with_embeds(text, user=None))
    assert 'class="proef"' not in html and "embed-missing" not in html
    assert shown in html


class Anker(Proef):
    """A drawing (not inline) whose HTML carries its ids."""

    inline = False

    def html(self, embed, *, user):
        return f'<section id="{embed.anchor}-kop">{escape(embed.words[0])}</section>'


def test_two_texts_of_one_page_number_their_ids_on(monkeypatch):
    monkeypatch.setitem(embeds._REGISTRY, "anker", Anker())
    page: dict = {}
    first = str(render_with_embeds("[[anker a]]\n\n[[anker b]]", user=None, page=page))
    second = str(render_with_embeds("[[anker c]]", user=None, page=page))
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert ids == ["ingevoegd-1-kop", "ingevoegd-2-kop", "ingevoegd-3-kop"]


def test_at_most_max_drawings_charts_tables_and_maps_per_text(monkeypatch):
    monkeypatch.setitem(embeds._REGISTRY, "anker", Anker())
    many = "\n\n".join(f"[[anker a{i}]]" for i in range(embeds.MAX_DRAWINGS + 3))
    html = str(render_with_embeds(many, user=None))
    assert html.count("<section") == embeds.MAX_DRAWINGS
    assert html.count("embed-missing") == 3
    assert any("grafieken, tabellen en kaarten" in e for e in embed_errors(many))


def test_the_editor_sees_at_most_twenty_messages_and_how_many_more():
    errors = embed_errors("\n".join(f"[[onzin {i}]]" for i in range(31)))
    assert len(errors) == embeds.ERRORS_MAX + 1
    assert errors[-1] == "… en nog 11 problemen."


def test_a_less_than_sign_in_the_words_reads_as_typed():
    words = embeds_as_words("Zie [[proef a<b]] en [[proef *c*]].", user=None)
    html = str(render_markdown(words))
    assert "proef a&lt;b" in html and "\\" not in html and "proef *c*" in html
    assert markdown_with_embeds_to_text("Zie [[proef a<b]].", user=None) == "Zie proef a<b."


def test_an_embed_the_viewer_may_not_see_looks_exactly_like_an_unknown_one():
    hidden = str(render_with_embeds(f"Zie [[proef {SECRET}]].", user="member"))
    unknown = str(render_with_embeds("Zie [[proef onbekend]].", user="member"))
    assert hidden == unknown
    assert '<span class="embed-missing">proef niet beschikbaar</span>' in hidden
    assert SECRET in str(render_with_embeds(f"Zie [[proef {SECRET}]].", user="staff"))


def test_an_unregistered_kind_stays_text_and_the_form_names_its_line():
    assert "[[onzin a]]" in render_with_embeds("[[onzin a]]", user=None)
    errors = embed_errors("Eerste regel\n[[onzin a]]\n[[proef a b]]")
    assert errors[0].startswith("Regel 2: [[onzin a]]")
    assert errors[1] == "Regel 3: [[proef a b]]: schrijf één woord"


def test_plain_text_has_the_embeds_words():
    text = markdown_with_embeds_to_text("**Kijk**: [[proef a]] en [[proef onbekend]].", user=None)
    assert text == "Kijk: proef a en proef niet beschikbaar."


def test_a_pdf_gets_the_text_cut_at_the_block_embeds():
    parts = split_at_block_embeds("Een\n\n[[proef a]]\n\nTwee [[proef b]]")
    shown = [p if isinstance(p, str) else p.source for p in parts]
    assert shown == ["Een\n", "[[proef a]]", "\nTwee [[proef b]]"]


def test_embeds_are_numbered_for_unique_ids_and_bounded():
    found = find_embeds("[[proef a]]\n[[proef b]] [[proef c]]")
    assert [(e.number, e.line, e.block) for e in found] == [(1, 1, True), (2, 2, False), (3, 2, False)]
    many = "\n".join("[[proef x]]" for _ in range(embeds.MAX_EMBEDS + 1))
    assert str(render_with_embeds(many, user=None)).count('class="proef"') == embeds.MAX_EMBEDS
    assert any("Hoogstens" in e for e in embed_errors(many))
