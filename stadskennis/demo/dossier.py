"""A filled theme dossier in the demo: GDPR, with the editors' summary and key items, and the demo's
survey round on the GDPR register filed under the theme (its answers show per city to whoever may see
the comparison: the centre now, the network once it is published).

No new knowledge items: the judged relevance sets of `make bench` run on the demo's items.
"""

from __future__ import annotations

from stadskennis.core.models import Theme
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.services import dossier_update
from stadskennis.questions.models import Rondvraag

DOSSIERS = [
    {
        "theme": "gdpr",
        "summary": (
            "Sinds de GDPR (AVG) in mei 2018 van kracht werd, houdt elke stad een **register van "
            "verwerkingsactiviteiten** bij. De steden verschillen vooral in wie het register beheert en hoe "
            "levend het blijft.\n\n"
            "- Een register dat als los rekenblad bij de ICT-dienst ligt, raakt snel verouderd: de diensten "
            "die de gegevens verwerken, voelen zich er geen eigenaar van (Roeselare).\n"
            "- De workshops van het Kenniscentrum toonden dat het register het vertrekpunt is voor "
            "verwerkersovereenkomsten en gegevensdeling tussen stad en OCMW, niet het eindpunt.\n"
            "- De rondvraag over het register loopt nog; de antwoorden staan per stad in dit dossier "
            "zodra de vergelijking gepubliceerd is.\n\n"
            "Begin bij de sleutelitems en bel de mensen die per stad vermeld staan."
        ),
        "key_items": ["gdpr-workshops", "verwerkingsregister-roeselare"],
        "rounds": ["Stand van het GDPR-register in de steden"],
    },
]


def demo_dossiers_load(*, editor) -> None:
    """Idempotent: the service writes (and audits) only what differs from the stored dossier."""
    for row in DOSSIERS:
        theme = Theme.objects.get(slug=row["theme"])
        key_items = KnowledgeItem.objects.filter(external_id__in=[f"demo:{k}" for k in row["key_items"]])
        dossier_update(theme=theme, actor=editor, introduction=row["summary"], key_items=list(key_items))
        for rondvraag in Rondvraag.objects.filter(title__in=row["rounds"]):
            rondvraag.themes.add(theme)
