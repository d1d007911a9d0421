"""Reads of the knowledge base, always through the visibility model."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import get_object_or_404

from stadskennis.core.visibility import access_content_or_404
from stadskennis.knowledge.models import Attachment, KnowledgeItem


def item_list(*, user, kind: str = "", theme: str = "", organisation: str = ""):
    queryset = KnowledgeItem.objects.visible_to(user).select_related("owner").prefetch_related("themes")
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if organisation:
        queryset = queryset.filter(organisations__slug=organisation)
    # Newest knowledge first: the year it is about, then when it was added.
    return queryset.distinct().order_by(F("year").desc(nulls_last=True), "-created_at", "-id")


def item_get(*, user, pk: int) -> KnowledgeItem:
    queryset = KnowledgeItem.objects.select_related("owner", "created_by").prefetch_related(
        "themes", "organisations", "contacts__organisation", "attachments"
    )
    return access_content_or_404(user, queryset, pk=pk)


def attachment_get(*, user, pk: int) -> Attachment:
    """An attachment whose item the user may see; otherwise a 404 that does not reveal it exists."""
    visible_items = KnowledgeItem.objects.visible_to(user).values("pk")
    return get_object_or_404(Attachment.objects.select_related("item"), pk=pk, item__in=visible_items)


def public_feed_items(*, theme_slug: str | None = None):
    """Feeds carry public items only, whoever fetches them."""
    queryset = KnowledgeItem.objects.visible_to(None).select_related("owner").prefetch_related("themes")
    if theme_slug:
        queryset = queryset.filter(themes__slug=theme_slug)
    return queryset.order_by("-created_at")[:50]
