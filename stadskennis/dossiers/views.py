"""A dossier site's public page and feed, at /dossiers/<slug>/ and on its own host name."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stadskennis.core.markdown import markdown_to_text
from stadskennis.dossiers import sites
from stadskennis.dossiers.models import DossierSite


def _with(params, key: str, value: str) -> str:
    """The query string of the current choices with `key` set to `value` (or left out when it is
    chosen already: a click on a chosen value takes it away). Other parameters are not carried."""
    changed = dict(params)
    if changed.get(key) == value:
        changed.pop(key)
    else:
        changed[key] = value
    return "?" + urlencode(changed) if changed else "?"


def site_page(request, slug: str):
    return _render(request, get_object_or_404(DossierSite, slug=slug))


def site_on_host(request):
    site = getattr(request, "dossier_site", None)
    if site is None:
        raise Http404(_("No dossier site answers on this address."))
    return _render(request, site)


def _render(request, site: DossierSite):
    found = sites.browse(site, request.GET)
    params = {**found.chosen, **({sites.QUERY: found.query} if found.query else {})}
    facets = [
        {
            "key": facet.key,
            "label": facet.label,
            "values": [
                {
                    "label": label,
                    "count": count,
                    "url": _with(params, facet.key, value),
                    "chosen": value == facet.chosen,
                }
                for value, label, count in facet.values
            ],
        }
        for facet in found.facets
        if facet.values
    ]
    fields = [f for f in site.fields.all()]
    rows = [
        (entry, [(f.label, ", ".join(sites.values_of(entry, f))) for f in fields]) for entry in found.entries
    ]
    on_host = getattr(request, "dossier_site", None) is not None
    context = {
        "site": site,
        "feeds": ("/rss.xml", "/atom.xml")
        if on_host
        else (reverse("dossiers:rss", args=[site.slug]), reverse("dossiers:atom", args=[site.slug])),
        "rows": rows,
        "found": found,
        "facets": facets,
        "map": sites.entry_map(found.entries),
        "filtered": bool(found.chosen or found.query),
    }
    return render(request, "dossiers/site.html", context)


class SiteFeed(Feed):
    def get_object(self, request, slug: str):
        return get_object_or_404(DossierSite, slug=slug)

    def title(self, site):
        return site.title

    def link(self, site):
        return site.get_absolute_url()

    def description(self, site):
        return markdown_to_text(site.introduction)[:300] or site.title

    def items(self, site):
        return sites.public_entries(site)[:50]

    def item_title(self, entry):
        return entry.item.title

    def item_link(self, entry):
        return entry.item.get_absolute_url()

    def item_description(self, entry):
        return markdown_to_text(entry.item.summary)

    def item_pubdate(self, entry):
        return entry.added_at


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class HostFeed(SiteFeed):
    """The feed on the site's own host name."""

    def get_object(self, request):
        site = getattr(request, "dossier_site", None)
        if site is None:
            raise Http404(_("No dossier site answers on this address."))
        return site


class HostAtomFeed(HostFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description
