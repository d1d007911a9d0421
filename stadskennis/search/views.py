import csv
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.search import services

# URL parameters are Dutch, like the rest of the interface.
FILTER_PARAMS = {
    "onderdeel": "module",
    "soort": "kind",
    "thema": "theme",
    "organisatie": "organisation",
    "jaar": "year",
    "uitkomst": "outcome",
}
FACET_TITLES = {
    "module": _("Part of the platform"),
    "kind": _("Kind"),
    "theme": _("Theme"),
    "organisation": _("Organisation"),
    "year": _("Year"),
    "outcome": _("Outcome"),
}


def _filters(request) -> dict[str, str]:
    return {facet: request.GET.get(param, "")[:100] for param, facet in FILTER_PARAMS.items()}


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", 1)), 500))
    except ValueError:
        return 1


def results(request):
    query = request.GET.get("q", "")
    sort = "date" if request.GET.get("sorteer") == "datum" else "relevance"
    filters = _filters(request)
    export = request.GET.get("formaat")
    if export in ("csv", "jsonl") and query:
        return _export(request, query=query, filters=filters, sort=sort, export=export)
    htmx = bool(request.headers.get("HX-Request"))
    response = None
    if query:
        response = services.search(
            user=request.user,
            query=query,
            filters=filters,
            sort=sort,
            page=_page(request),
            as_you_type=htmx,
            correct=not request.GET.get("letterlijk"),
        )
    context = {
        "query": query,
        "response": response,
        "more_help_words": _more_help_words(response),
        "sort": sort,
        "filters": filters,
        "param_of": {facet: param for param, facet in FILTER_PARAMS.items()},
        "facet_titles": FACET_TITLES,
    }
    template = "search/_results.html" if htmx else "search/results.html"
    return render(request, template, context)


def _more_help_words(response) -> str:
    """The words to take to the Vraagbaak and the expert finder when search finds little: the
    corrected ones when there is a correction. '' when it found enough, or had no words to look for."""
    if response is None or not response.searched or response.total >= services.FEW_RESULTS:
        return ""
    return (response.suggestion or response.query).strip()[:300]


EXPORT_FIELDS = ["id", "kind", "title", "url", "date", "year", "outcome", "score"]


def _export(request, *, query, filters, sort, export):
    rows = services.all_documents_for_export(user=request.user, query=query, filters=filters, sort=sort)
    site = request.build_absolute_uri("/").rstrip("/")

    def record(hit) -> dict:
        return {
            "id": hit.id,
            "kind": hit.kind,
            "title": hit.title,
            "url": site + hit.url,
            "date": hit.date.date().isoformat() if hit.date else "",
            "year": hit.year,
            "outcome": hit.outcome,
            "score": round(hit.score, 4),
        }

    filename = "zoekresultaten"
    if export == "jsonl":
        lines = (json.dumps(record(doc), ensure_ascii=False) + "\n" for doc in rows)
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.jsonl"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so that Excel reads the accents right
    writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for doc in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in record(doc).items()})
    return response
