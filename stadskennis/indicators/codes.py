"""SDMX's code lists for a figure's status (OBS_STATUS) and confidentiality (CONF_STATUS), in Dutch."""

from __future__ import annotations

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
