"""Uploads of figures waiting for the editor's confirmation, kept on the server.

The preview and the confirmation are two requests. The browser never carries the figures between them:
the uploaded file is kept under MEDIA_ROOT/indicator-uploads/ under a random name, the editor's session
holds that name, and the confirmation checks and imports the kept file again (so a file changed on the
server or figures changed meanwhile are checked anew). A kept file is removed once imported or cancelled;
a forgotten one after a day, on the next upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "indicator_uploads"
MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "indicator-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(session, upload, *, file_format: str, source_version: str) -> str:
    """Keep `upload` on disk for the confirmation; returns its token (recorded in the session)."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > MAX_AGE:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    with (folder / token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    kept = session.get(SESSION_KEY, {})
    kept[token] = {"name": upload.name, "format": file_format, "source_version": source_version}
    session[SESSION_KEY] = kept
    return token


def upload_kept(session, token: str) -> tuple[Path, dict] | None:
    """The kept file and what the editor said about it, if `token` is one of this session's uploads."""
    meta = session.get(SESSION_KEY, {}).get(token)
    if not _TOKEN.fullmatch(token or "") or meta is None:
        return None
    path = _folder() / token
    return (path, meta) if path.is_file() else None


def upload_discard(session, token: str) -> None:
    kept = session.get(SESSION_KEY, {})
    kept.pop(token, None)
    session[SESSION_KEY] = kept
    if _TOKEN.fullmatch(token or ""):
        (_folder() / token).unlink(missing_ok=True)
