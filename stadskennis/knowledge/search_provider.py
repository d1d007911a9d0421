"""The Kennisbank's documents for the one search."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.registry import Document

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"(^|\n)[ ]{0,3}(?:#{1,6}|>|[-*+]|\d+\.)[ ]+")
_INLINE = re.compile(r"[*_`]{1,3}|<[^>]+>")


def plain_text(markdown: str) -> str:
    """Markdown as readable text for snippets: links keep their words, markup signs go."""
    return _INLINE.sub("", _BLOCK.sub(r"\1", _LINK.sub(r"\1", markdown)))


class KnowledgeItemProvider:
    key = "knowledge_item"
    model = KnowledgeItem

    def indexable(self):
        return KnowledgeItem.objects.alive().prefetch_related("themes", "organisations", "attachments")

    label = _("Knowledge base")
    carries = {"core.theme": "themes", "core.organisation": "organisations"}

    def kind_label(self, kind: str) -> str:
        labels = dict(KnowledgeItem.Kind.choices)
        return str(labels.get(kind, kind))

    def facet_label(self, facet: str, value: str) -> str:
        if facet == "outcome" and value in KnowledgeItem.Outcome.values:
            return str(KnowledgeItem.Outcome(value).label)
        return value

    def document(self, item: KnowledgeItem) -> Document | None:
        if item.deleted_at is not None:
            return None
        themes = list(item.themes.all())
        organisations = list(item.organisations.all())
        attachment_text = "\n".join(a.extracted_text for a in item.attachments.all() if a.extracted_text)
        facets = [("theme", t.slug, t.name) for t in themes]
        facets += [("organisation", o.slug, o.display_name) for o in organisations]
        if item.outcome:
            facets.append(("outcome", item.outcome, str(item.get_outcome_display())))
        return Document(
            object_id=str(item.pk),
            title=item.title,
            summary=item.summary,
            text="\n\n".join(
                plain_text(t) for t in (item.body, item.what_worked, item.what_failed, item.lessons) if t
            ),
            attachment_text=attachment_text,
            url=item.get_absolute_url(),
            kind=item.kind,
            date=item.created_at,
            visibility=item.visibility,
            owner_id=item.owner_id,
            created_by_id=item.created_by_id,
            extra=" ".join([t.name for t in themes] + [o.name for o in organisations]),
            year=item.year,
            outcome=item.outcome,
            facets=facets,
        )
