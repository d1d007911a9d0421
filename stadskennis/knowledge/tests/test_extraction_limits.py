"""A hostile attachment costs a child process, never the worker (issue 12, point 1): reading text has
a time limit and a memory limit, and the text kept per attachment is capped."""

from __future__ import annotations

import io
import os
import time

import pytest

from stadskennis.knowledge import extraction
from stadskennis.knowledge.extraction import MAX_CHARS, ExtractionError, extract_text


def _docx_of_long_words(words: int, letters: int) -> bytes:
    import docx

    document = docx.Document()
    for _ in range(words):
        document.add_paragraph("a" * letters)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_file_that_reads_forever_is_stopped_with_a_message(monkeypatch, settings):
    settings.EXTRACTION_SECONDS = 1
    monkeypatch.setitem(extraction.READERS, ".txt", lambda data: time.sleep(600) or "")
    with pytest.raises(ExtractionError, match="duurde te lang"):
        extract_text(name="traag.txt", data=b"tekst")


def test_a_file_that_needs_too_much_memory_is_refused_and_the_worker_keeps_its_memory(monkeypatch, settings):
    settings.EXTRACTION_MEMORY_MB = 200
    monkeypatch.setitem(extraction.READERS, ".txt", lambda data: "x" * (2 * 1024**3))  # 2 GiB of text
    with open(f"/proc/{os.getpid()}/statm") as statm:
        before = int(statm.read().split()[1])
    with pytest.raises(ExtractionError, match="te veel geheugen"):
        extract_text(name="groot.txt", data=b"tekst")
    with open(f"/proc/{os.getpid()}/statm") as statm:
        grown_mib = (int(statm.read().split()[1]) - before) * os.sysconf("SC_PAGE_SIZE") / 1024**2
    assert grown_mib < 100


def test_text_kept_per_attachment_is_capped():
    text = extract_text(name="lang.docx", data=_docx_of_long_words(words=30, letters=100_000))
    assert len(text) == MAX_CHARS
