"""The knowledge base's part in the one search: a plain word match, visibility inside the query.

This is the foundation's matcher; the Dutch analyser of the Kennisbank issue replaces it.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.registry import SearchResult


def snippet_for(text: str, terms: list[str], width: int = 160) -> str:
    """A piece of text around the first matching term, escaped, with the terms in <mark>."""
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = text[start : start + width]
    html = escape(piece)
    for term in terms:
        html = _mark(html, escape(term))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - escaped above, only <mark> added


def _mark(html: str, term: str) -> str:
    out, lower, i = [], html.lower(), 0
    while term and (j := lower.find(term, i)) >= 0:
        out.append(html[i:j] + "<mark>" + html[j : j + len(term)] + "</mark>")
        i = j + len(term)
    out.append(html[i:])
    return "".join(out)


class KnowledgeItemProvider:
    key = "knowledge_item"

    def search(self, *, user, terms, limit):
        queryset = KnowledgeItem.objects.visible_to(user)
        for term in terms:
            queryset = queryset.filter(
                Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
            )
        total = queryset.count()
        facets = {
            "kind": {
                row["kind"]: row["n"] for row in queryset.order_by().values("kind").annotate(n=Count("id"))
            }
        }
        results = []
        for item in queryset.only("id", "title", "summary", "body", "kind", "created_at")[: limit * 5]:
            title = item.title.lower()
            score = sum(3.0 if t in title else 1.0 for t in terms)
            results.append(
                SearchResult(
                    id=f"item:{item.pk}",
                    kind=item.kind,
                    kind_label=str(item.get_kind_display()),
                    title=item.title,
                    url=item.get_absolute_url(),
                    snippet=snippet_for(item.summary or item.body, terms),
                    score=score,
                    date=item.created_at.date().isoformat(),
                )
            )
        results.sort(key=lambda r: r.score, reverse=True)
        return results[:limit], total, facets
