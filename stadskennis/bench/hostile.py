"""What hostile input costs (issue 12, point 1): a member's body of one 24,000-letter word, and a small
DOCX full of 100,000-letter words. Measured as the whole path runs: the write (its transaction holds
the SQLite write lock), the indexer's analysis after it, and the attachment's text extraction."""

from __future__ import annotations

import io
import time


def _docx_of_long_words(words: int, letters: int) -> bytes:
    import docx

    document = docx.Document()
    for _ in range(words):
        document.add_paragraph("woningmarkt" * (letters // 11))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def run() -> dict:
    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation
    from stadskennis.knowledge.extraction import extract_text
    from stadskennis.knowledge.models import TEXT_MAX_LENGTH
    from stadskennis.knowledge.services import item_create
    from stadskennis.search.indexer import in_process

    member = User.objects.filter(role="member").exclude(organisation=None).first()
    owner = member.organisation if member else Organisation.objects.first()
    in_process().catch_up()
    results = {}
    for name, body in (
        ("ordinary body (3,000 words)", "Een gewone tekst over leegstand en woningmarkt. " * 430),
        ("one 24,000-letter word", "woningmarkt" * 2_182),
        ("one 100,000-letter word", ("woningmarkt" * 9_091)[:TEXT_MAX_LENGTH]),  # the longest body allowed
    ):
        started = time.perf_counter()
        item_create(
            actor=member, title="Lang woord", kind="practice", owner=owner, visibility="draft", body=body
        )
        write_ms = _ms(started)
        started = time.perf_counter()
        in_process().catch_up()
        results[name] = {"write_ms": write_ms, "index_ms": _ms(started)}
    document = _docx_of_long_words(words=40, letters=100_000)
    started = time.perf_counter()
    text = extract_text(name="lange-woorden.docx", data=document)
    results["docx"] = {
        "size_kb": round(len(document) / 1024, 1),
        "extract_ms": _ms(started),
        "text_chars": len(text),
    }
    return results
