"""Reads of the knowledge base, always through the visibility model."""

from __future__ import annotations

from django.db.models import F, Q
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


def latest_items(*, user, limit: int, organisation=None, drafts_of=None):
    """The newest items `user` may see: of one organisation, or only the drafts of `drafts_of`."""
    queryset = KnowledgeItem.objects.visible_to(user).select_related("owner")
    if organisation is not None:
        queryset = queryset.filter(organisations=organisation)
    if drafts_of is not None:
        queryset = queryset.filter(created_by=drafts_of, visibility="draft")
    return queryset[:limit]


def items_changed_since(*, user, since, themes=(), organisations=(), contacts=(), limit: int = 20):
    """New or changed items about any of these themes, organisations or contact people."""
    rule = Q(themes__in=themes) | Q(organisations__in=organisations) | Q(owner__in=organisations)
    rule |= Q(contacts__in=contacts)
    return list(
        KnowledgeItem.objects.visible_to(user)
        .filter(rule, Q(created_at__gt=since) | Q(updated_at__gt=since))
        .distinct()
        .order_by("-created_at")[:limit]
    )


def items_with_contact(*, user, person):
    """The items that name `person` as contact; user None: every living item (for their own export)."""
    queryset = KnowledgeItem.objects.alive() if user is None else KnowledgeItem.objects.visible_to(user)
    return queryset.filter(contacts=person)


def items_of_organisation(*, user, organisation, limit: int = 20):
    return KnowledgeItem.objects.visible_to(user).filter(organisations=organisation)[:limit]


def contact_links(item_ids) -> list[tuple[int, int, str]]:
    """(item id, person id, item title) for the contacts of these items."""
    links = KnowledgeItem.contacts.through.objects.filter(knowledgeitem_id__in=item_ids)
    return list(links.values_list("knowledgeitem_id", "person_id", "knowledgeitem__title"))


def item_get(*, user, pk: int) -> KnowledgeItem:
    queryset = KnowledgeItem.objects.select_related("owner", "created_by").prefetch_related(
        "themes", "organisations", "contacts__organisation", "attachments"
    )
    return access_content_or_404(user, queryset, pk=pk)


def attachment_get(*, user, pk: int) -> Attachment:
    """An attachment whose item the user may see; otherwise a 404 that does not reveal it exists."""
    visible_items = KnowledgeItem.objects.visible_to(user).values("pk")
    return get_object_or_404(Attachment.objects.select_related("item"), pk=pk, item__in=visible_items)


def public_items():
    """What anyone may read, whoever asks (feeds, the newsletter's spotlight)."""
    return KnowledgeItem.objects.visible_to(None)


def public_feed_items(*, theme_slug: str | None = None):
    """Feeds carry public items only, whoever fetches them."""
    queryset = KnowledgeItem.objects.visible_to(None).select_related("owner").prefetch_related("themes")
    if theme_slug:
        queryset = queryset.filter(themes__slug=theme_slug)
    return queryset.order_by("-created_at")[:50]


def theme_overview(*, user):
    """Every theme with the number of items the user may see."""
    from django.db.models import Count, Q

    from stadskennis.core.models import Theme

    visible = KnowledgeItem.objects.visible_to(user).values("pk")
    return Theme.objects.annotate(item_count=Count("knowledge_items", filter=Q(knowledge_items__in=visible)))


def related_items(*, user, item: KnowledgeItem, limit: int = 5) -> list[KnowledgeItem]:
    """Items that share themes and organisations with this one, or read alike (by the search index)."""
    from django.db.models import Count, Q

    from stadskennis.search.services import similar_object_ids

    theme_ids = list(item.themes.values_list("pk", flat=True))
    org_ids = list(item.organisations.values_list("pk", flat=True))
    candidates = (
        KnowledgeItem.objects.visible_to(user)
        .exclude(pk=item.pk)
        .annotate(
            shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            shared_orgs=Count("organisations", filter=Q(organisations__in=org_ids), distinct=True),
        )
        .filter(Q(shared_themes__gt=0) | Q(shared_orgs__gt=0))
        .order_by("-shared_themes", "-shared_orgs", "-created_at")[:30]
    )
    scores = {c.pk: 2.0 * c.shared_themes + 1.0 * c.shared_orgs for c in candidates}
    by_pk = {c.pk: c for c in candidates}
    for rank, pk in enumerate(
        similar_object_ids(user=user, provider_key="knowledge_item", obj=item, limit=10)
    ):
        scores[int(pk)] = scores.get(int(pk), 0.0) + 3.0 / (rank + 1)
    missing = [pk for pk in scores if pk not in by_pk]
    by_pk.update({i.pk: i for i in KnowledgeItem.objects.visible_to(user).filter(pk__in=missing)})
    ranked = sorted((pk for pk in scores if pk in by_pk and pk != item.pk), key=lambda pk: -scores[pk])
    return [by_pk[pk] for pk in ranked[:limit]]


def more_from_organisation(*, user, item: KnowledgeItem, limit: int = 5):
    organisation = item.organisations.first() or item.owner
    items = (
        KnowledgeItem.objects.visible_to(user)
        .filter(Q(organisations=organisation) | Q(owner=organisation))
        .exclude(pk=item.pk)
        .distinct()
        .order_by("-created_at")[:limit]
    )
    return organisation, items


def proposals():
    """Drafts written by members, waiting for an editor."""
    return (
        KnowledgeItem.objects.alive()
        .filter(visibility="draft", created_by__role="member")
        .select_related("owner", "created_by")
        .order_by("-created_at")
    )
