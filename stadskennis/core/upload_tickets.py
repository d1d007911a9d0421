"""An uploaded file kept between a preview and its confirmation.

An import shows what it would do before it does it; the file waits in a folder that is never served,
named by chance, behind a signed ticket that the confirmation form carries back. A ticket is good for
a day; files nobody confirmed are removed after that (uploads may hold personal data).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

MAX_AGE = 24 * 3600


class TicketExpired(Exception):
    """The ticket was tampered with, is older than a day, or its file is gone."""


def keep(*, folder: str, salt: str, name: str, data: bytes, bound_to: str) -> str:
    """Store `data` and return the ticket that gives it back to `take` with the same salt, and only for
    the same `bound_to` (who uploaded it, for what)."""
    purge(folder)
    path = default_storage.save(
        f"{folder}/{secrets.token_hex(16)}{PurePath(name).suffix.lower()}", ContentFile(data)
    )
    return signing.dumps({"path": path, "name": name, "for": bound_to}, salt=salt)


def take(token: str, *, salt: str, bound_to: str) -> tuple[str, str, bytes]:
    """(path, original name, data) of a kept file; TicketExpired otherwise."""
    try:
        ticket = signing.loads(token, salt=salt, max_age=MAX_AGE)
        if ticket["for"] != bound_to:
            raise TicketExpired
        with default_storage.open(ticket["path"], "rb") as handle:
            return ticket["path"], ticket["name"], handle.read()
    except (signing.BadSignature, OSError, KeyError, TypeError) as error:
        raise TicketExpired from error


def forget(path: str) -> None:
    default_storage.delete(path)


def purge(folder: str) -> None:
    """Remove the files of `folder` that nobody confirmed within a day."""
    try:
        names = default_storage.listdir(folder)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - timedelta(seconds=MAX_AGE)
    for name in names:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
