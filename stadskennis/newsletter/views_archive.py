"""The newsletter's public archive: every issue sent (or imported from the centre's earlier site) by
year, filterable by kind and theme, each with its own page of public items, and feeds of issues."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stadskennis.core.ids import parse_id
from stadskennis.core.markdown import markdown_to_text
from stadskennis.core.models import Theme
from stadskennis.newsletter.issues import item_url, public_entries, public_entries_of
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.newsletter.rendering import issue_title

IN_ARCHIVE = (Issue.Status.SENT, Issue.Status.IMPORTED)


def archived():
    return Issue.objects.filter(kind=Issue.Kind.MONTHLY, status__in=IN_ARCHIVE).order_by("-month")


def archive(request):
    issues = archived()
    years = sorted({month.year for month in issues.values_list("month", flat=True)}, reverse=True)
    year = parse_id(request.GET.get("jaar", ""))
    kind = request.GET.get("soort", "")
    theme = request.GET.get("thema", "")
    filtered = kind in IssueItem.Kind.values or bool(theme)
    chosen_year = year if year in years else (years[0] if years else None)
    if chosen_year and not filtered:
        issues = issues.filter(month__year=chosen_year)
    issues = list(issues)
    entries = public_entries_of(issues)
    if filtered:
        items = IssueItem.objects.filter(issue__in=issues)
        if kind in IssueItem.Kind.values:
            items = items.filter(kind=kind)
        if theme:
            items = items.filter(Q(knowledge_item__themes__slug=theme) | Q(event__themes__slug=theme))
        wanted = set(items.values_list("pk", flat=True))
        entries = {pk: [entry for entry in shown if entry.pk in wanted] for pk, shown in entries.items()}
    rows = [
        (issue, issue_title(issue), [(entry, item_url(entry)) for entry in entries[issue.pk]])
        for issue in issues
        if entries[issue.pk] or not filtered
    ]
    context = {
        "rows": rows,
        "years": years,
        "year": chosen_year if not filtered else None,
        "kinds": IssueItem.Kind.choices,
        "kind": kind,
        "themes": Theme.objects.order_by("name"),
        "theme": theme,
        "filtered": filtered,
    }
    return render(request, "newsletter/archive.html", context)


def issue(request, number: int):
    found = archived().filter(number=number).first()
    if found is None:
        raise Http404(_("This issue does not exist or has not been sent yet."))
    entries = [(entry, item_url(entry)) for entry in public_entries(found)]
    context = {"issue": found, "title": issue_title(found), "entries": entries}
    return render(request, "newsletter/issue.html", context)


class IssueFeed(Feed):
    def title(self):
        return _("Newsletter of the Kenniscentrum Vlaamse Steden")

    def link(self):
        return reverse("newsletter:archive")

    def description(self):
        return _("Every month but July: nine items about cities, from the Kenniscentrum Vlaamse Steden.")

    def items(self):
        issues = list(archived()[:24])
        self._entries = public_entries_of(issues)
        return issues

    def item_title(self, issue):
        return issue_title(issue)

    def item_link(self, issue):
        return issue.get_absolute_url()

    def item_description(self, issue):
        titles = "\n".join(f"- {entry.title}" for entry in self._entries[issue.pk])
        return f"{markdown_to_text(issue.introduction)}\n\n{titles}".strip()

    def item_pubdate(self, issue):
        return issue.sent_at or timezone.make_aware(datetime.combine(issue.month, time(9)))


class IssueAtomFeed(IssueFeed):
    feed_type = Atom1Feed
    subtitle = IssueFeed.description
