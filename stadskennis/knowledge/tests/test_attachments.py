"""Attachments: the upload returns at once, a background worker extracts the text, search finds it,
and a broken file gets a clear message on the item while the item stays saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from stadskennis.knowledge.extraction import ExtractionError, extract_text
from stadskennis.knowledge.models import Attachment, KnowledgeItem
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def minimal_pdf(text: str) -> bytes:
    """A real one-page PDF with `text` on it, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 18 Tf 40 700 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf("geheim"))))
    writer.encrypt("wachtwoord")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_files() -> dict[str, bytes]:
    import docx
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    from openpyxl import Workbook
    from pptx import Presentation

    files = {}
    document = docx.Document()
    document.add_paragraph("Woonbeleid in de docx")
    buffer = io.BytesIO()
    document.save(buffer)
    files["verslag.docx"] = buffer.getvalue()
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Kerkherbestemming in de pptx"
    buffer = io.BytesIO()
    presentation.save(buffer)
    files["dia.pptx"] = buffer.getvalue()
    workbook = Workbook()
    workbook.active.append(["Leegstand", "in de xlsx"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    files["cijfers.xlsx"] = buffer.getvalue()
    odt = OpenDocumentText()
    odt.text.addElement(P(text="Armoedebestrijding in de odt"))
    buffer = io.BytesIO()
    odt.save(buffer)
    files["nota.odt"] = buffer.getvalue()
    files["pagina.html"] = b"<html><script>x()</script><p>Stadsvernieuwing in de html</p></html>"
    files["notities.txt"] = "Beïnvloeding in de tekst".encode("cp1252")
    return files


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("verslag.docx", "Woonbeleid"),
        ("dia.pptx", "Kerkherbestemming"),
        ("cijfers.xlsx", "Leegstand"),
        ("nota.odt", "Armoedebestrijding"),
        ("pagina.html", "Stadsvernieuwing"),
        ("notities.txt", "Beïnvloeding"),
    ],
)
def test_text_comes_out_of_every_supported_format(name, expected):
    text = extract_text(name=name, data=office_files()[name])
    assert expected in text and "x()" not in text


def test_pdf_text_is_extracted():
    assert "Leegstandsheffing" in extract_text(name="a.pdf", data=minimal_pdf("Leegstandsheffing Gent"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("geheim.pdf", None, "wachtwoord"),
        ("kapot.pdf", b"%PDF-1.4 dit is geen pdf", "beschadigd"),
        ("leeg.docx", b"", "leeg"),
        ("kapot.docx", b"PK\x03\x04 niet echt", "beschadigd"),
    ],
)
def test_broken_files_get_a_clear_message(name, data, message):
    data = encrypted_pdf() if data is None else data
    with pytest.raises(ExtractionError, match=message):
        extract_text(name=name, data=data)


# The worker closes its database connection after each task, as in production: commit for real.
@pytest.mark.django_db(transaction=True)
def test_upload_returns_at_once_then_the_worker_makes_it_searchable(client_for, cast, gent):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile(
        "nota.pdf", minimal_pdf("Parkeerbeleid Zwijnaarde"), content_type="application/pdf"
    )
    data = {"title": "Nota", "kind": "study", "owner": gent.pk, "visibility": "public", "attachment": upload}
    response = client.post(reverse("knowledge:create"), data)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.extraction_status == "pending"
    page = client.get(response["Location"]).content.decode()
    assert "wordt gelezen" in page and 'hx-trigger="every 2s"' in page
    assert search(user=None, query="zwijnaarde").total == 0

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    attachment.refresh_from_db()
    assert attachment.extraction_status == "done"
    assert search(user=None, query="zwijnaarde").total == 1
    assert "hx-trigger" not in client.get(response["Location"]).content.decode()


# The worker closes its database connection after each task, as in production: commit for real.
@pytest.mark.django_db(transaction=True)
def test_a_corrupt_file_is_reported_on_the_item_and_the_item_stays(client_for, cast, gent):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("kapot.pdf", b"%PDF-1.4 kapot", content_type="application/pdf")
    data = {
        "title": "Met kapotte bijlage",
        "kind": "study",
        "owner": gent.pk,
        "visibility": "public",
        "attachment": upload,
    }
    location = client.post(reverse("knowledge:create"), data)["Location"]
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page = client.get(location).content.decode()
    assert "beschadigd" in page
    assert KnowledgeItem.objects.filter(title="Met kapotte bijlage").exists()


def test_forbidden_kinds_are_refused_with_the_allowed_list(client_for, cast, gent):
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    data = {"title": "X", "kind": "study", "owner": gent.pk, "visibility": "public", "attachment": upload}
    response = client_for(cast["editor"]).post(reverse("knowledge:create"), data)
    assert response.status_code == 200
    assert ".pdf" in response.content.decode() and KnowledgeItem.objects.count() == 0
