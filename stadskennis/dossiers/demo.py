"""The demo's dossier site: the repurposing of parish churches, from the demo's three church cases,
with the fields the centre's own database kept (church, status, new function, year), in our words.
No new knowledge items: the judged relevance sets of `make bench` run on the demo's items."""

from __future__ import annotations

from django.utils import timezone

from stadskennis.dossiers.models import DossierSite
from stadskennis.dossiers.services import entry_add, site_create
from stadskennis.indicators.selectors import municipality_by_code
from stadskennis.knowledge.selectors import public_items

INTRODUCTION = (
    "Steeds meer parochiekerken verliezen hun functie als gebedshuis. Steden zoeken samen met de "
    "kerkbesturen naar een nieuwe invulling: gedeeld gebruik, wonen, cultuur of zorg. Dit dossier "
    "bundelt de cases uit de centrumsteden, met wat er gebeurde en wat het opleverde."
)
FIELDS = [
    ("kerk", "Kerk"),
    ("status", "Stand van het project"),
    ("functie", "Nieuwe functie"),
    ("jaar", "Jaar"),
]
CASES = [
    ("Kortrijk: wijkkerk", "34022",
     {"kerk": "parochiekerk in een woonwijk", "status": "uitgevoerd",
      "functie": "gedeeld: eredienst en buurt", "jaar": "2019"}),
    ("Turnhout: van parochiekerk", "13040",
     {"kerk": "onttrokken parochiekerk", "status": "uitgevoerd", "functie": "wonen", "jaar": "2018"}),
    ("Sint-Niklaas: haalbaarheidsonderzoek", "46021",
     {"kerk": "parochiekerk aan de stadsrand", "status": "in studie", "functie": "nog open", "jaar": "2019"}),
]  # fmt: skip


def demo_dossier_sites_load(*, editor) -> int:
    """Idempotent: a site already there is left as it is."""
    if DossierSite.objects.filter(slug="kerken").exists():
        return 0
    site = site_create(
        slug="kerken", title="Herbestemming van parochiekerken", introduction=INTRODUCTION,
        fields=FIELDS, actor=editor,
    )  # fmt: skip
    today = timezone.localdate()
    for title_start, code, values in CASES:
        item = public_items().filter(title__startswith=title_start).first()
        if item is not None:
            entry_add(
                site=site,
                item=item,
                municipality=municipality_by_code(code, today),
                values=values,
                actor=editor,
            )
    return 1
