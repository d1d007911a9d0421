"""Text out of attachments (PDF, DOCX, PPTX, XLSX, ODT, HTML, plain text) so that search finds it.

Each reader raises ExtractionError with a message for the person who uploaded the file; anything
else a broken file throws is caught and reported the same way. Runs in a background task, and there
in a child process with a time limit and a memory limit: a hostile file (a small DOCX that unpacks
to gigabytes, a PDF that loops) costs that child, never the worker.
"""

from __future__ import annotations

import html.parser
import io
import multiprocessing
import resource
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

MAX_CHARS = 1_000_000  # searched per attachment: about 400 pages of a report; the rest is kept, not searched


class ExtractionError(Exception):
    pass


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
    except PdfReadError as error:
        raise ExtractionError(_("This PDF is damaged and cannot be read.")) from error
    if reader.is_encrypted:
        raise ExtractionError(_("This PDF is protected with a password; its text cannot be read."))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _pptx(data: bytes) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.append(" ".join(str(v) for v in row if v is not None))
    return "\n".join(parts)


def _odt(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(text.P))


class _TextOfHtml(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _html(data: bytes) -> str:
    parser = _TextOfHtml()
    parser.feed(_decode(data))
    return " ".join(parser.parts)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


READERS = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".pptx": _pptx,
    ".xlsx": _xlsx,
    ".odt": _odt,
    ".html": _html,
    ".htm": _html,
    ".txt": _decode,
    ".md": _decode,
    ".csv": _decode,
}
ALLOWED_EXTENSIONS = sorted(READERS)


def extract_text(*, name: str, data: bytes) -> str:
    """The searchable text of a file, at most MAX_CHARS, read within EXTRACTION_SECONDS and
    EXTRACTION_MEMORY_MB; ExtractionError with a message for people otherwise."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in READERS:
        raise ExtractionError(
            _("Files of this kind (%(suffix)s) are kept but not searched.") % {"suffix": suffix}
        )
    if not data:
        raise ExtractionError(_("This file is empty."))
    outcome, value = _in_child(suffix, data)
    if outcome == "error":
        raise ExtractionError(value)
    if not value:
        raise ExtractionError(_("No text was found in this file (is it a scan?)."))
    return value


def _in_child(suffix: str, data: bytes) -> tuple[str, str]:
    """Run the reader in a forked child (it inherits the settings and the language, and the reader
    needs nothing else); kill it when the time is up; a child that died (out of memory) is an error."""
    seconds = settings.EXTRACTION_SECONDS
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read, args=(suffix, data, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            return "error", _(
                "Reading this file took too long (more than %(seconds)d s); it is kept but not searched."
            ) % {"seconds": seconds}
        return receiver.recv()
    except EOFError:  # the child died without an answer: killed by the memory limit
        return "error", _("This file needs too much memory to be read; it is kept but not searched.")
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _read(suffix: str, data: bytes, sender) -> None:
    """In the child: limit its memory, read, answer (outcome, text or message) through the pipe."""
    budget = settings.EXTRACTION_MEMORY_MB * 1024 * 1024
    with open("/proc/self/statm") as statm:  # Linux: the address space the child starts with
        start = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (start + budget, start + budget))
    try:
        text = READERS[suffix](data)
        answer = ("ok", " ".join(text.split())[:MAX_CHARS] if text else "")
    except ExtractionError as error:
        answer = ("error", str(error))
    except MemoryError:
        answer = ("error", _("This file needs too much memory to be read; it is kept but not searched."))
    except Exception:  # noqa: BLE001 - a broken file can throw anything; the person gets one message
        answer = ("error", _("This file is damaged or not what its name says; its text cannot be read."))
    sender.send(answer)
    sender.close()
