"""Writing the search index. Called by the modules' services inside their own transactions, so an
item is findable (or gone) the moment its change commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from stadskennis.search.analysis import analyse
from stadskennis.search.models import SearchDocument, SearchFacet
from stadskennis.search.registry import SearchProvider, provider_for, providers

MAX_TEXT = 200_000  # characters of text kept per document for analysis and snippets


def provider_token(key: str) -> str:
    """A term only the documents of one provider carry, so a search within one module intersects
    posting lists instead of matching the whole index and filtering afterwards."""
    return "zzprovider" + "".join(c for c in key if c.isalpha())


def _row(provider: SearchProvider, document) -> tuple[SearchDocument, list[tuple[str, str, str]]]:
    title = analyse(document.title)
    text = document.text[:MAX_TEXT]
    body = analyse(text)
    extra = analyse(document.extra)
    row = SearchDocument(
        key=f"{provider.key}:{document.object_id}",
        provider=provider.key,
        object_id=document.object_id,
        title=document.title[:300],
        text=text,
        url=document.url,
        kind=document.kind,
        year=document.year,
        outcome=document.outcome,
        date=document.date,
        visibility=document.visibility,
        owner_id=document.owner_id,
        created_by_id=document.created_by_id,
        title_terms=" ".join(title.terms),
        body_terms=" ".join(body.terms),
        extra_terms=" ".join(
            title.parts + body.parts + extra.terms + extra.parts + [provider_token(provider.key)]
        ),
    )
    facets = [("kind", document.kind, provider.kind_label(document.kind))]
    if document.year:
        facets.append(("year", str(document.year), str(document.year)))
    facets.extend(document.facets)
    return row, facets


@transaction.atomic
def index_objects(objects: Iterable, *, provider: SearchProvider | None = None) -> int:
    """(Re)index objects in bulk; objects whose provider returns no document are removed."""
    objects = list(objects)
    if not objects:
        return 0
    provider = provider or provider_for(objects[0])
    if provider is None:  # a kind of object no module made searchable
        return 0
    keys = [f"{provider.key}:{obj.pk}" for obj in objects]
    SearchDocument.objects.filter(key__in=keys).delete()
    rows, facet_lists = [], []
    for obj in objects:
        document = provider.document(obj)
        if document is not None:
            row, facets = _row(provider, document)
            rows.append(row)
            facet_lists.append(facets)
    created = SearchDocument.objects.bulk_create(rows)
    SearchFacet.objects.bulk_create(
        SearchFacet(document=row, facet=f, value=v[:100], label=label[:200])
        for row, facets in zip(created, facet_lists, strict=True)
        for f, v, label in facets
    )
    return len(created)


def index_object(obj) -> None:
    index_objects([obj])


def unindex_object(obj) -> None:
    provider = provider_for(obj)
    if provider:
        SearchDocument.objects.filter(key=f"{provider.key}:{obj.pk}").delete()


def rebuild(*, batch_size: int = 500, progress: Callable[[int, int], None] | None = None) -> int:
    """Index everything again, provider by provider, in batches (one transaction per batch)."""
    done = 0
    total = sum(p.indexable().count() for p in providers())
    for provider in providers():
        SearchDocument.objects.filter(provider=provider.key).delete()
        queryset = provider.indexable().order_by("pk")
        last_pk = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            done += index_objects(batch, provider=provider)
            last_pk = batch[-1].pk
            if progress:
                progress(done, total)
    return done
