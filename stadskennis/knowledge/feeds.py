"""RSS and Atom feeds of new public items, overall and per theme."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from stadskennis.core.markdown import render_markdown
from stadskennis.core.models import Theme
from stadskennis.knowledge import selectors


class LatestItemsFeed(Feed):
    def get_object(self, request, slug=None):
        return get_object_or_404(Theme, slug=slug) if slug else None

    def title(self, theme):
        base = _("Stadskennis: new in the knowledge base")
        return f"{base} – {theme.name}" if theme else base

    def link(self, theme):
        return reverse("knowledge:list") + (f"?thema={theme.slug}" if theme else "")

    def description(self, theme):
        return _("New public knowledge items of the Kenniscentrum Vlaamse Steden.")

    def items(self, theme):
        return selectors.public_feed_items(theme_slug=theme.slug if theme else None)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers show the description as HTML (Atom says so with type="html"): the summary's
        # Markdown rendered and sanitised, never its raw signs.
        return render_markdown(item.summary)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class LatestItemsAtomFeed(LatestItemsFeed):
    feed_type = Atom1Feed
    subtitle = LatestItemsFeed.description
