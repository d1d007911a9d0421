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

from stadskennis.core.markdown import markdown_to_text
from stadskennis.core.models import Theme
from stadskennis.newsletter.issues import item_url, public_entries
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.newsletter.rendering import issue_title

IN_ARCHIVE = (Issue.Status.SENT, Issue.Status.IMPORTED)


def archived():
    return Issue.objects.filter(status__in=IN_ARCHIVE).order_by("-month")


def archive(request):
    issues = archived()
    years = sorted({month.year for month in issues.values_list("month", flat=True)}, reverse=True)
    year = request.GET.get("jaar", "")
    kind = request.GET.get("soort", "")
    theme = request.GET.get("thema", "")
    chosen_year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    if chosen_year and not (kind or theme):
        issues = issues.filter(month__year=chosen_year)
    items = Q()
    if kind in IssueItem.Kind.values:
        items &= Q(kind=kind)
    if theme:
        items &= Q(knowledge_item__themes__slug=theme) | Q(event__themes__slug=theme)
    rows = []
    for issue in issues.prefetch_related("items"):
        entries = public_entries(issue)
        if items:
            wanted = set(issue.items.filter(items).values_list("pk", flat=True))
            entries = [entry for entry in entries if entry.pk in wanted]
            if not entries:
                continue
        rows.append((issue, issue_title(issue), [(entry, item_url(entry)) for entry in entries]))
    context = {
        "rows": rows,
        "years": years,
        "year": chosen_year if not (kind or theme) else None,
        "kinds": IssueItem.Kind.choices,
        "kind": kind,
        "themes": Theme.objects.order_by("name"),
        "theme": theme,
        "filtered": bool(kind or theme),
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
        return archived()[:24]

    def item_title(self, issue):
        return issue_title(issue)

    def item_link(self, issue):
        return issue.get_absolute_url()

    def item_description(self, issue):
        titles = "\n".join(f"- {entry.title}" for entry in public_entries(issue))
        return f"{markdown_to_text(issue.introduction)}\n\n{titles}".strip()

    def item_pubdate(self, issue):
        return issue.sent_at or timezone.make_aware(datetime.combine(issue.month, time(9)))


class IssueAtomFeed(IssueFeed):
    feed_type = Atom1Feed
    subtitle = IssueFeed.description
