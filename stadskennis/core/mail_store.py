"""The embedded default's mail backend: every mail is kept in the database instead of being sent.

Someone trying the platform with `make run` has no mail server, and the worker sends most mail (an
invitation, a survey round, a reminder), so the console of the worker is no place to read them. Kept
in a table, they are read by administrators at /beheer/mail/, with the links in them clickable.
Production configures SMTP (`EMAIL_BACKEND`, docs/deploy.md) and the page answers 404 there.

Only the newest `KEEP` mails are kept, so the table cannot grow without limit.
"""

from __future__ import annotations

from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, transaction

from stadskennis.core.models import StoredMail

BACKEND = "stadskennis.core.mail_store.EmailBackend"
KEEP = 500


def in_use() -> bool:
    """Whether mail is kept here (the embedded default) rather than sent."""
    return settings.EMAIL_BACKEND == BACKEND


def _attachment_name(attachment) -> str:
    if isinstance(attachment, MIMEBase):
        return attachment.get_filename() or attachment.get_content_type()
    return attachment[0] or attachment[2] or ""  # (filename, content, mimetype)


def _stored(message: EmailMessage) -> StoredMail:
    html = ""
    text = message.body
    if message.content_subtype == "html":
        html, text = message.body, ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html" and not html:
            html = content
    return StoredMail(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=str(message.subject),
        text=str(text),
        html=str(html),
        attachments=[_attachment_name(a) for a in message.attachments],
    )


class EmailBackend(BaseEmailBackend):
    """Keeps each message with recipients as a StoredMail, then forgets all but the newest KEEP."""

    def send_messages(self, email_messages) -> int:
        rows = [_stored(message) for message in email_messages if message.recipients()]
        if not rows:
            return 0
        try:
            with transaction.atomic():
                StoredMail.objects.bulk_create(rows)
                _prune()
        except DatabaseError:
            if not self.fail_silently:
                raise
            return 0
        return len(rows)


def _prune() -> None:
    oldest_kept = list(StoredMail.objects.order_by("-id").values_list("id", flat=True)[KEEP - 1 : KEEP])
    if oldest_kept:
        StoredMail.objects.filter(id__lt=oldest_kept[0]).delete()


def mail_list():
    """Newest first."""
    return StoredMail.objects.order_by("-id")
