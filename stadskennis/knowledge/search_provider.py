"""The Kennisbank's documents for the one search."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core.embeds import embeds_dropped
from stadskennis.core.markdown import markdown_to_text
from stadskennis.knowledge.models import Attachment, KnowledgeItem
from stadskennis.search.registry import Document


class KnowledgeItemProvider:
    key = "knowledge_item"
    model = KnowledgeItem
    statistics = "kennisbank"  # ranked against its own statistics (search/index.py)
    label = _("Knowledge base")
    carries = {"core.theme": "themes", "core.organisation": "organisations"}

    def indexable(self):
        return KnowledgeItem.objects.alive()

    kind_labels = dict(KnowledgeItem.Kind.choices)  # lazy: translated when shown

    def kind_label(self, kind: str) -> str:
        return str(self.kind_labels.get(kind, kind))

    def facet_label(self, facet: str, value: str) -> str:
        if facet == "outcome" and value in KnowledgeItem.Outcome.values:
            return str(KnowledgeItem.Outcome(value).label)
        return value

    def document(self, item: KnowledgeItem) -> Document | None:
        found = self.documents([item])
        return found[0] if found else None

    def documents(self, items) -> list[Document]:
        """Many at once (the indexer's batches): relations read as plain rows, three queries a batch."""
        items = [item for item in items if item.deleted_at is None]
        ids = [item.pk for item in items]
        themes, organisations, attachments = defaultdict(list), defaultdict(list), defaultdict(list)
        theme_rows = KnowledgeItem.themes.through.objects.filter(knowledgeitem_id__in=ids).order_by(
            "theme__name"
        )
        for item_id, slug, name in theme_rows.values_list("knowledgeitem_id", "theme__slug", "theme__name"):
            themes[item_id].append((slug, name))
        organisation_rows = KnowledgeItem.organisations.through.objects.filter(knowledgeitem_id__in=ids)
        for item_id, slug, name, short in organisation_rows.order_by("organisation__name").values_list(
            "knowledgeitem_id", "organisation__slug", "organisation__name", "organisation__short_name"
        ):
            organisations[item_id].append((slug, name, short or name))
        texts = (
            Attachment.objects.filter(item_id__in=ids).exclude(extracted_text="").order_by("created_at", "id")
        )
        for item_id, text in texts.values_list("item_id", "extracted_text"):
            attachments[item_id].append(text)
        url = reverse("knowledge:detail", kwargs={"pk": 987654321}).replace("987654321", "{}")  # one reverse
        return [
            self._document(item, url, themes[item.pk], organisations[item.pk], attachments[item.pk])
            for item in items
        ]

    def _document(self, item, url, themes, organisations, attachments) -> Document:
        facets = [("theme", slug, name) for slug, name in themes]
        facets += [("organisation", slug, short) for slug, _name, short in organisations]
        if item.outcome:
            facets.append(("outcome", item.outcome, str(item.get_outcome_display())))
        return Document(
            object_id=str(item.pk),
            title=item.title,
            summary=markdown_to_text(item.summary, list_markers=False),
            text="\n\n".join(
                markdown_to_text(part, list_markers=False)
                for part in (embeds_dropped(item.body), item.what_worked, item.what_failed, item.lessons)
                if part
            ),
            attachment_text="\n".join(attachments),
            url=url.format(item.pk),
            kind=item.kind,
            date=item.created_at,
            visibility=item.visibility,
            owner_id=item.owner_id,
            created_by_id=item.created_by_id,
            extra=" ".join(
                [name for _slug, name in themes] + [name for _slug, name, _short in organisations]
            ),
            year=item.year,
            outcome=item.outcome,
            facets=facets,
        )
