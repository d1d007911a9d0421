"""The demo's thematic report (`load-demo`): the demo catalogue's figures embedded in an editor's text."""

from __future__ import annotations

from datetime import date

from stadskennis.core.models import Organisation, Theme
from stadskennis.reports.models import Report
from stadskennis.reports.services import report_create

SLUG = "werk-en-inkomen-in-de-centrumsteden"
INTRODUCTION = (
    "Hoe staan de centrumsteden ervoor op werk en inkomen? Dit rapport volgt de werkzaamheidsgraad en "
    "het leefloon in de dertien centrumsteden, met de cijfers van Stad in cijfers (demodata)."
)
BODY = """## Werk

De werkzaamheidsgraad van de centrumsteden samen was [[cijfer demo-werkzaamheidsgraad centrumsteden]],
tegenover [[cijfer demo-werkzaamheidsgraad vlaanderen]] in het Vlaams Gewest. Gent haalde
[[cijfer demo-werkzaamheidsgraad gent]].

[[grafiek demo-werkzaamheidsgraad stad=gent]]

## Inkomen

Het aantal leefloners per 1.000 inwoners verschilt sterk tussen de steden:

[[tabel demo-leefloners-per-1000]]

[[kaart demo-leefloners-per-1000]]

*Alle cijfers in dit rapport zijn gegenereerde demodata.*
"""


def demo_report_load(*, editor) -> int:
    """The demo report, once (idempotent); the number of reports made."""
    if Report.objects.filter(slug=SLUG).exists():
        return 0
    centre = Organisation.objects.filter(kind=Organisation.Kind.CENTRE).first() or editor.organisation
    report_create(
        actor=editor, title="Werk en inkomen in de centrumsteden", slug=SLUG, owner=centre,
        visibility="public", introduction=INTRODUCTION, body=BODY, published_on=date(2026, 11, 1),
        themes=list(Theme.objects.filter(slug__in=["dynamiseren-en-economische-hefbomen"])),
    )  # fmt: skip
    return 1
