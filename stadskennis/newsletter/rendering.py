"""An issue as a mail: an HTML and a plain-text version of the same content, with the reader's own
links to manage and to unsubscribe (RFC 8058), and a Message-ID that is the same each time the same
delivery is sent, so that a mail sent again after a crash is recognised by the mail program as the
one it already has. The preview and the test mail call the same function as the sending."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stadskennis.core.markdown import markdown_to_text, render_markdown
from stadskennis.newsletter.issues import item_url, public_entries
from stadskennis.newsletter.models import Issue, Subscriber


def site() -> str:
    return settings.SITE_URL.rstrip("/")


def issue_title(issue: Issue) -> str:
    if issue.kind == Issue.Kind.WEEKLY:
        return _("Veranderend speelveld, %(day)s") % {"day": date_format(issue.month, "j F Y")}
    return _("Newsletter %(number)d, %(month)s") % {
        "number": issue.number,
        "month": date_format(issue.month, "F Y"),
    }


def message_id(issue: Issue, delivery_id: int | None) -> str:
    """The same for a delivery each time it is sent; a test mail's is new each time (a mail program
    would hide a second test with the Message-ID of the first)."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    prefix = "speelveld" if issue.kind == Issue.Kind.WEEKLY else "nieuwsbrief"
    return f"<{prefix}-{issue.number}.{delivery_id or 'test-' + secrets.token_hex(6)}@{host}>"


def reader_links(issue: Issue, subscriber: Subscriber) -> dict[str, str]:
    """The subscriber's own links; the issue's number counts an unsubscribe against it."""
    return {
        "manage": site() + subscriber.manage_url,
        "unsubscribe": f"{site()}{subscriber.unsubscribe_url}?uitgave={issue.pk}"
        + ("&soort=speelveld" if issue.kind == Issue.Kind.WEEKLY else ""),
    }


def shared_context(issue: Issue) -> dict:
    """What every reader's copy has in common: read once per batch of the sending, not per mail."""
    entries = [
        {
            "kind": item.get_kind_display(),
            "title": item.title,
            "text": item.text,
            "url": item_url(item) if item.url else site() + item_url(item),
        }
        for item in public_entries(issue)
    ]
    return {
        "issue": issue,
        "title": issue_title(issue),
        "introduction_html": render_markdown(issue.introduction),
        "introduction_text": markdown_to_text(issue.introduction, link_targets=True),
        "entries": entries,
        "archive": site() + issue.get_absolute_url(),
    }


def issue_message(
    issue: Issue,
    subscriber: Subscriber,
    *,
    delivery_id: int | None = None,
    to: str = "",
    shared: dict | None = None,
):
    """The mail exactly as the subscriber receives it (a test mail goes `to` another address)."""
    with translation.override(settings.LANGUAGE_CODE):
        links = reader_links(issue, subscriber)
        context = {**(shared if shared is not None else shared_context(issue)), **links}
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        message = EmailMultiAlternatives(
            subject=context["title"],
            body=render_to_string("newsletter/email/issue.txt", context),
            to=[to or subscriber.email],
            headers={
                "Message-ID": message_id(issue, delivery_id),
                "List-Unsubscribe": f"<{links['unsubscribe']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": issue.get_kind_display() + f" <{issue.kind}.nieuwsbrief.{host}>",
            },
        )
        message.attach_alternative(render_to_string("newsletter/email/issue.html", context), "text/html")
    return message


def preview_subscriber(email: str) -> Subscriber:
    """A reader for the preview and the test mail: the links look as they will, and lead nowhere."""
    return Subscriber(email=email, token="voorbeeld", status=Subscriber.Status.CONFIRMED)  # noqa: S106
