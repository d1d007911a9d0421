"""What an outside review found in reports and embeds: a typed placeholder entity is only text (no
500, no way past the bound), an embed in a link or code stays as typed, ids are unique on a page and
the maps' patterns defined once, an anonymous PDF is kept until the report or a figure changes, a
page reads each indicator once, editors delete a report, and a knowledge item's embeds are checked."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadskennis.core.models import AuditEntry
from stadskennis.indicators.tests.factories import observe
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.reports import pdf, services
from stadskennis.reports.models import Report
from stadskennis.reports.tests.conftest import GENT


def _report(cast, centre, *, body, introduction="", slug="proef"):
    return services.report_create(
        actor=cast["editor"], title="Proef", slug=slug, owner=centre, visibility="public",
        introduction=introduction, body=body,
    )  # fmt: skip


def _page(client, slug="proef") -> str:
    response = client.get(reverse("reports:detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_entity_of_the_old_placeholder_is_no_500_and_draws_nothing(figures, cast, centre, client):
    _report(cast, centre, body="Gent: [[cijfer bevolking gent]] en &#xe001;9&#xe001;")
    page = _page(client)
    assert "263.500" in page
    item = KnowledgeItemFactory(
        body="Gent: [[cijfer bevolking gent]] en &#57345;9&#57345;", visibility="public"
    )
    assert "263.500" in client.get(item.get_absolute_url()).content.decode()


def test_typed_placeholders_draw_no_more_charts(figures, cast, centre, client):
    _report(cast, centre, body="[[grafiek bevolking]]\n\n" + "&#xe001;1&#xe001;\n\n" * 300)
    assert _page(client).count('class="line-chart"') == 1


def test_an_embed_in_a_link_or_code_is_shown_as_typed(figures, cast, centre, client):
    body = (
        '[x](http://a.example "[[cijfer bevolking gent]]") en [y]([[cijfer bevolking gent]]) en '
        "`[[cijfer bevolking gent]]` en [[[cijfer bevolking gent]]](javascript:alert(1))"
    )
    _report(cast, centre, body=body)
    page = _page(client)
    assert "263.500" not in page and "embed-figure" not in page
    assert 'title="[[cijfer bevolking gent]]"' in page
    assert "<code>[[cijfer bevolking gent]]</code>" in page


def test_ids_are_unique_and_the_map_patterns_defined_once(figures, cast, centre, client):
    _report(
        cast, centre, introduction="[[kaart bevolking]]", body="[[kaart bevolking]]\n\n[[grafiek bevolking]]"
    )
    page = _page(client)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.count('<pattern id="geen-cijfer"') == 1 and page.count('class="choropleth"') == 2
    assert 'aria-labelledby="ingevoegd-2-kop"' in page  # the body's map names its own heading


def test_an_anonymous_pdf_is_kept_until_a_figure_changes(
    report, figures, cast, client, client_for, monkeypatch
):
    drawn = []
    real = pdf.report_pdf
    monkeypatch.setattr(pdf, "report_pdf", lambda *a, **k: drawn.append(1) or real(*a, **k))
    url = reverse("reports:pdf", args=["groei"])
    first, second = client.get(url).content, client.get(url).content
    assert first == second and len(drawn) == 1
    observe(figures, "2024", {GENT: 265111})
    assert client.get(url).content != first and len(drawn) == 2
    member = client_for(cast["member"]).get(url).content  # a viewer with rights: drawn for them
    assert len(drawn) == 3 and member != first


def test_a_page_reads_each_indicator_once(figures, cast, centre, client, django_assert_max_num_queries):
    _report(cast, centre, body="Gent [[cijfer bevolking gent]].", slug="een")
    _report(
        cast, centre, body="Gent " + " en ".join(["[[cijfer bevolking gent]]"] * 20) + ".", slug="twintig"
    )
    _page(client, "een")
    with CaptureQueriesContext(connection) as one:
        _page(client, "een")
    with django_assert_max_num_queries(len(one)):
        assert _page(client, "twintig").count("263.500") == 20


def test_an_editor_deletes_a_report_after_confirming(report, cast, client_for):
    editor = client_for(cast["editor"])
    confirm = editor.get(reverse("reports:delete", args=["groei"]))
    assert confirm.status_code == 200 and 'class="button-danger"' in confirm.content.decode()
    assert Report.objects.filter(slug="groei").exists()
    response = editor.post(reverse("reports:delete", args=["groei"]))
    assert response.status_code == 302 and not Report.objects.filter(slug="groei").exists()
    entry = AuditEntry.objects.get(action="delete", content_type__model="report")
    assert entry.object_id == str(report.pk) and entry.actor == cast["editor"]


def test_an_address_taken_meanwhile_is_a_form_error(figures, cast, centre, client_for, monkeypatch):
    def taken(**_fields):
        raise IntegrityError("UNIQUE constraint failed: reports_report.slug")

    monkeypatch.setattr(services, "report_create", taken)
    data = {"title": "Nieuw", "slug": "nieuw-rapport", "owner": centre.pk, "visibility": "public",
            "introduction": "", "body": "Tekst", "published_on": ""}  # fmt: skip
    response = client_for(cast["editor"]).post(reverse("reports:create"), data)
    assert response.status_code == 200
    assert "Dit adres is al in gebruik" in response.content.decode()


def test_a_proposal_names_a_wrong_embed_by_its_line(figures, cast, client_for):
    data = {"title": "Voorstel", "kind": "practice", "summary": "Kort", "body": "Tekst\n[[grafiek]]",
            "year": "2020", "url": ""}  # fmt: skip
    response = client_for(cast["member"]).post(reverse("knowledge:propose"), data)
    assert response.status_code == 200
    assert "Regel 2: [[grafiek]]" in response.content.decode()
    assert not KnowledgeItem.objects.filter(title="Voorstel").exists()


@pytest.mark.parametrize("card", ["reports:list"])
def test_a_card_shows_no_raw_embed(figures, cast, centre, client, card):
    _report(cast, centre, introduction="Gent telt [[cijfer bevolking gent]] inwoners.", body="Tekst")
    page = client.get(reverse(card)).content.decode()
    assert "Gent telt" in page and "[[cijfer" not in page
