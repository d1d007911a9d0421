"""SDMX's code lists for a figure's status (OBS_STATUS) and confidentiality (CONF_STATUS): in Dutch for
the open data (JSON-stat), and in the viewer's language for the pages (`status_label`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

OBS_STATUS = {
    "A": "normale waarde",
    "B": "breuk in de reeks",
    "D": "definitie wijkt af",
    "E": "geschat",
    "F": "prognose",
    "I": "geïmputeerd",
    "L": "ontbreekt: niet verzameld",
    "M": "ontbreekt: kan niet bestaan",
    "O": "ontbreekt",
    "P": "voorlopig",
    "Q": "ontbreekt: geheimgehouden",
    "U": "weinig betrouwbaar",
}
MISSING_STATUS = {"L", "M", "O", "Q"}  # a row with one of these has no value

CONF_STATUS = {
    "F": "vrij",
    "N": "niet voor publicatie, intern gebruik",
    "C": "vertrouwelijk",
    "D": "secundair geheim (door de bron)",
    "S": "secundair geheim (door ons)",
    "A": "primair geheim: kleine aantallen",
    "O": "primair geheim: dominantie",
}
FREE = "F"


def is_confidential(code: str) -> bool:
    return code != FREE


def status_label(code: str) -> str:
    """An OBS_STATUS code's label in the active language (the code itself when it is not in the list)."""
    labels = {
        "A": _("normal value"),
        "B": _("break in the series"),
        "D": _("definition differs"),
        "E": _("estimated"),
        "F": _("forecast"),
        "I": _("imputed"),
        "L": _("missing: not collected"),
        "M": _("missing: cannot exist"),
        "O": _("missing"),
        "P": _("provisional"),
        "Q": _("missing: kept secret"),
        "U": _("of low reliability"),
    }
    return labels.get(code, code)


def confidentiality_label(code: str) -> str:
    """A CONF_STATUS code's label in the active language ("confidential" when it is not in the list)."""
    labels = {
        "F": _("free"),
        "N": _("not for publication, internal use"),
        "C": _("confidential"),
        "D": _("secondary confidential (by the source)"),
        "S": _("secondary confidential (by us)"),
        "A": _("primary confidential: small counts"),
        "O": _("primary confidential: dominance"),
    }
    return labels.get(code, _("confidential"))
