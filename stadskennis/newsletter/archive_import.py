"""Older issues into the archive, so that it reaches back to January 2009: an issue's number, month
and the links it carried, read from the HTML of its page or from a list of lines "Title | address".
Every line is checked before anything is written; a wrong one is named with its number, and then
nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.newsletter.issues import monthly
from stadskennis.newsletter.models import Issue, IssueItem

MAX_CHARACTERS = 500_000  # a newsletter's page, with its layout; not a site
MAX_LINKS = 40  # nine items, and what an old layout adds around them
TITLE_LENGTH = IssueItem._meta.get_field("title").max_length
URL_LENGTH = IssueItem._meta.get_field("url").max_length
_is_url = URLValidator(schemes=["http", "https"])


class ImportRefused(Exception):
    """The text cannot be imported; `problems` says where and why, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def _checked(title: str, url: str, where: str) -> tuple[Link | None, str]:
    title, url = " ".join(title.split()), url.strip()
    try:
        _is_url(url)
    except ValidationError:
        return None, _("%(where)s: “%(url)s” is not a web address (http or https).") % {
            "where": where,
            "url": url[:80],
        }
    if len(url) > URL_LENGTH:
        return None, _("%(where)s: the address is longer than %(limit)d characters.") % {
            "where": where,
            "limit": URL_LENGTH,
        }
    return Link(title=(title or url)[:TITLE_LENGTH], url=url), ""


def links_from_lines(text: str) -> list[Link]:
    """One link per line, "Title | address" or only the address; empty lines are skipped."""
    links, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        link, problem = _checked(title if bar else "", url, _("Line %(number)d") % {"number": number})
        if problem:
            problems.append(problem)
        else:
            links.append(link)
    return _unique(links, problems)


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.found.append(("".join(self._text), self._href, self.getpos()[0]))
            self._href = None


def links_from_html(html: str) -> list[Link]:
    """The links of a newsletter's page, in their order; anchors, mail and unsubscribe links left out."""
    parser = _Anchors()
    try:
        parser.feed(html)
        parser.close()
    except Exception as error:  # noqa: BLE001 - html.parser asserts on some broken markup ("<![x[")
        raise ImportRefused(
            [_("This HTML cannot be read: paste the page's source as it is, or lines.")]
        ) from error
    links, problems = [], []
    for text, href, line in parser.found:
        href = href.strip()
        if not href.lower().startswith(("http://", "https://")) or "unsubscribe" in href.lower():
            continue  # #top, mailto:, javascript:, a relative link of the old site, the old list's own
        link, problem = _checked(text, href, _("Line %(number)d") % {"number": line})
        if problem:
            problems.append(problem)
        else:
            links.append(link)
    return _unique(links, problems)


def _unique(links: list[Link], problems: list[str]) -> list[Link]:
    if problems:
        raise ImportRefused(problems)
    seen, unique = set(), []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    if not unique:
        raise ImportRefused(
            [_("No link found: paste the HTML of the issue or one “Title | address” per line.")]
        )
    if len(unique) > MAX_LINKS:
        raise ImportRefused(
            [_("%(count)d links: at most %(limit)d per issue.") % {"count": len(unique), "limit": MAX_LINKS}]
        )
    return unique


def issue_import(*, number: int, month: date, source_url: str, content: str, actor) -> Issue:
    """One older issue into the archive, with its links as items; all or nothing."""
    if len(content) > MAX_CHARACTERS:
        raise ImportRefused(
            [_("The text is longer than %(limit)d characters: paste one issue.") % {"limit": MAX_CHARACTERS}]
        )
    links = links_from_html(content) if "<a" in content.lower() else links_from_lines(content)
    problems = []
    if month.replace(day=1) >= timezone.localdate().replace(day=1):
        problems.append(_("Only an issue of a month past can be imported: the archive is of what was sent."))
    if monthly().filter(number=number).exists():
        problems.append(_("Issue %(number)d is in the archive already.") % {"number": number})
    if monthly().filter(month=month.replace(day=1)).exists():
        problems.append(_("The archive has an issue of that month already."))
    if problems:
        raise ImportRefused(problems)
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                number=number, month=month.replace(day=1), status=Issue.Status.IMPORTED,
                source_url=source_url, created_by=actor,
            )  # fmt: skip
            IssueItem.objects.bulk_create(
                IssueItem(
                    issue=issue, position=position, kind=IssueItem.Kind.LINK, title=link.title, url=link.url
                )
                for position, link in enumerate(links, start=1)
            )
            audit_record(
                actor=actor, action=AuditEntry.Action.CREATE, obj=issue, changes={"imported": len(links)}
            )
    except IntegrityError as taken:  # the same issue imported at the same moment by someone else
        raise ImportRefused(
            [_("Issue %(number)d is in the archive already.") % {"number": number}]
        ) from taken
    return issue
