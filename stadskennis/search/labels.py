"""Facet labels from the database: the index holds values (slugs, codes), never the names, so a
renamed theme or organisation shows its new name at once."""

from __future__ import annotations

from stadskennis.core.models import Organisation, Theme
from stadskennis.search.registry import provider, providers


def _outcome_labels(values: set[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for p in providers():
        label_of = getattr(p, "facet_label", None)
        if label_of:
            labels.update({v: label_of("outcome", v) for v in values if v not in labels})
    return labels


def facet_labels(counts: dict[str, dict]) -> dict[str, dict[str, tuple[str, int]]]:
    """{facet: {value: count}} → {facet: {value: (label, count)}}, most frequent first."""
    labelled: dict[str, dict[str, tuple[str, int]]] = {}
    for facet, found in counts.items():
        if facet == "kind":
            rows: dict[str, tuple[str, int]] = {}
            for (module, kind), n in found.items():
                label, before = rows.get(kind, (provider(module).kind_label(kind), 0))
                rows[kind] = (label, before + n)
        else:
            values = set(found)
            if facet == "theme":
                names = dict(Theme.objects.filter(slug__in=values).values_list("slug", "name"))
            elif facet == "organisation":
                named = Organisation.objects.filter(slug__in=values).values_list("slug", "short_name", "name")
                names = {slug: short or name for slug, short, name in named}  # Organisation.display_name
            elif facet == "module":
                names = {v: str(getattr(provider(v), "label", v)) for v in values}
            elif facet == "outcome":
                names = _outcome_labels(values)
            else:
                names = {}
            rows = {value: (str(names.get(value, value)), n) for value, n in found.items()}
        if rows:
            labelled[facet] = dict(sorted(rows.items(), key=lambda row: (-row[1][1], row[0])))
    return dict(sorted(labelled.items()))
