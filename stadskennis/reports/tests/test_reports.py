"""Thematic reports: live figures in the page and the PDF (a new import shows at once), the embed of an
indicator the viewer may not see is the placeholder of an unknown one, an editor's script stays inert,
editors write through the audited service with a preview that names a wrong embed's line, and a
knowledge item that cites a figure shows the current one."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from pypdf import PdfReader

from stadskennis.core.embeds import markdown_with_embeds_to_text
from stadskennis.core.models import AuditEntry
from stadskennis.indicators.tests.factories import observe
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.reports import services
from stadskennis.reports.models import Report
from stadskennis.reports.tests.conftest import GENT


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_page_shows_the_live_figures_chart_table_and_map(report, client):
    response = client.get(reverse("reports:detail", args=["groei"]))
    page = response.content.decode()
    assert response.status_code == 200
    text = _text(response)
    assert "263.500 inwoners (Gent, 2023)" in text
    assert "529.000 inwoners (Antwerpen, 2022)" not in text and "530.500 inwoners (Antwerpen, 2023)" in text
    assert page.count('class="line-chart"') == 1 and page.count('class="choropleth"') == 1
    assert 'id="ingevoegd-3-tabel"' in page and 'id="ingevoegd-4-tabel"' in page  # one id per table


def test_an_import_shows_in_the_page_and_the_pdf_on_the_next_request(report, client, figures):
    url, pdf_url = reverse("reports:detail", args=["groei"]), reverse("reports:pdf", args=["groei"])
    assert "263.500" in _text(client.get(url)) and "263.500" in _pdf_text(client.get(pdf_url).content)
    observe(figures, "2024", {GENT: 265111})
    assert "265.111 inwoners (Gent, 2024)" in _text(client.get(url))
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert "265.111 inwoners (Gent, 2024)" in _pdf_text(pdf.content)


def test_the_pdf_has_page_numbers_vector_charts_and_data_tables(report, client):
    content = client.get(reverse("reports:pdf", args=["groei"])).content
    reader = PdfReader(io.BytesIO(content))
    text = _pdf_text(content)
    pages = len(reader.pages)
    assert f"pagina 1 van {pages}" in text and f"pagina {pages} van {pages}" in text
    assert "Groei van de centrumsteden" in text
    assert "Centrumsteden samen" in text  # the chart's data table
    assert "Sint-Niklaas (46021)" in text  # the map's table of every municipality
    assert not any(page.images for page in reader.pages)  # charts and maps are vectors, not pictures


def test_an_indicator_the_viewer_may_not_see_looks_like_an_unknown_one(report, client_for, cast):
    anonymous = _text(client_for(None).get(reverse("reports:detail", args=["groei"])))
    assert "Eigen cijfers: cijfer niet beschikbaar." in anonymous
    assert "4.242" not in anonymous
    member = _text(client_for(cast["member"]).get(reverse("reports:detail", args=["groei"])))
    assert "4.242 stuks (Gent, 2023)" in member
    unknown = Report(body="[[cijfer bestaat-niet gent]]")
    hidden = Report(body="[[cijfer eigen-cijfers gent]]")
    assert markdown_with_embeds_to_text(hidden.body, user=None) == markdown_with_embeds_to_text(
        unknown.body, user=None
    )
    pdf = _pdf_text(client_for(None).get(reverse("reports:pdf", args=["groei"])).content)
    assert "4.242" not in pdf and "cijfer niet beschikbaar" in pdf


def test_a_script_in_the_text_stays_inert(figures, cast, centre, client):
    services.report_create(
        actor=cast["editor"], title="Script", slug="script", owner=centre, visibility="public",
        body="<script>alert(1)</script>\n\n[[cijfer bevolking gent]] <img src=x onerror=alert(2)>",
    )  # fmt: skip
    page = client.get(reverse("reports:detail", args=["script"])).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "263.500" in page


def test_a_draft_report_is_a_404_for_others(figures, cast, centre, client_for):
    services.report_create(actor=cast["editor"], title="Klad", slug="klad", owner=centre, body="Tekst")
    assert client_for(cast["member"]).get(reverse("reports:detail", args=["klad"])).status_code == 404
    assert client_for(cast["member"]).get(reverse("reports:pdf", args=["klad"])).status_code == 404
    assert client_for(cast["editor"]).get(reverse("reports:detail", args=["klad"])).status_code == 200
    assert "Klad" not in client_for(None).get(reverse("reports:list")).content.decode()


def test_an_editor_previews_and_saves_a_report_with_audit(figures, cast, centre, client_for):
    editor = client_for(cast["editor"])
    data = {
        "title": "Nieuw rapport", "slug": "nieuw-rapport", "owner": centre.pk, "visibility": "public",
        "introduction": "", "body": "Gent: [[cijfer bevolking gent]]\n\n[[grafiek]]", "published_on": "",
    }  # fmt: skip
    preview = editor.post(reverse("reports:create"), {**data, "preview": "1"})
    text = _text(preview)
    assert "Regel 3: [[grafiek]]" in text
    assert "263.500 inwoners (Gent, 2023)" in text  # the preview draws the figures that are right
    assert not Report.objects.exists()
    assert not Report.objects.exists() and editor.post(reverse("reports:create"), data).status_code == 200
    data["body"] = "Gent: [[cijfer bevolking gent]]\n\n[[grafiek bevolking]]"
    response = editor.post(reverse("reports:create"), data)
    report = Report.objects.get(slug="nieuw-rapport")
    assert response.status_code == 302 and report.created_by == cast["editor"]
    assert report.pk in _audited("create")
    data["title"] = "Ander rapport"
    editor.post(reverse("reports:edit", args=["nieuw-rapport"]), data)
    assert _audited("update") == [report.pk]


def test_a_member_may_not_write_reports(report, cast, client_for, centre):
    member = client_for(cast["member"])
    data = {"title": "Van een lid", "slug": "van-een-lid", "owner": centre.pk, "visibility": "public",
            "introduction": "", "body": "Tekst", "published_on": ""}  # fmt: skip
    assert member.get(reverse("reports:create")).status_code == 403
    assert member.post(reverse("reports:create"), data).status_code == 403
    assert member.post(reverse("reports:edit", args=["groei"]), data).status_code == 403
    assert member.post(reverse("reports:delete", args=["groei"])).status_code == 403
    assert not Report.objects.filter(slug="van-een-lid").exists()
    assert Report.objects.get(slug="groei").title == "Groei van de centrumsteden"


def test_a_knowledge_item_cites_a_figure_that_stays_up_to_date(figures, cast, client):
    item = KnowledgeItemFactory(
        title="Gent groeit", body="Gent telt nu [[cijfer bevolking gent]].", visibility="public"
    )
    assert "263.500 inwoners (Gent, 2023)" in _text(client.get(item.get_absolute_url()))
    observe(figures, "2024", {GENT: 265111})
    assert "265.111 inwoners (Gent, 2024)" in _text(client.get(item.get_absolute_url()))


def _audited(action: str) -> list[int]:
    return [
        int(entry.object_id)
        for entry in AuditEntry.objects.filter(action=action, content_type__model="report")
    ]
