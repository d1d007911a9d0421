"""The Dutch interface speaks to colleagues in one tone: "je", never "u" (issue 13, point 11).

Read from the compiled catalogue Django serves, so a string added to the .po file but not compiled
is not missed, and placeholders such as ``%(u)s`` are not mistaken for the pronoun."""

import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
POLITE_FORM = re.compile(r"\b(u|uw|uwe)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _dutch_strings() -> dict[str, str]:
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # the mapping msgfmt wrote
    return {str(source): text for source, text in catalogue.items() if source and text}


def test_no_dutch_string_addresses_the_reader_as_u():
    polite = {
        source: text
        for source, text in _dutch_strings().items()
        if POLITE_FORM.search(PLACEHOLDER.sub("", text))
    }
    assert polite == {}


def test_the_catalogue_uses_the_informal_tone():
    informal = [text for text in _dutch_strings().values() if re.search(r"\b(je|jij|jouw)\b", text)]
    assert len(informal) >= 60


def test_every_translated_string_is_one_makemessages_extracts():
    """`make messages` drops (with --no-obsolete) every string xgettext does not see: a gettext
    function imported under a name it does not know (`gettext_lazy as _l`) loses its Dutch."""
    known = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
             "gettext_noop", "npgettext", "npgettext_lazy"}  # fmt: skip
    aliased = re.compile(r"from django\.utils\.translation import .*\b(\w*gettext\w*) as (\w+)")
    source = Path(__file__).resolve().parents[1] / "stadskennis"
    unknown = [
        f"{path.relative_to(source)}: {match.group(1)} as {match.group(2)}"
        for path in source.rglob("*.py")
        for match in aliased.finditer(path.read_text())
        if match.group(2) not in known
    ]
    assert unknown == []


def test_no_translated_string_hides_inside_an_f_string():
    """xgettext does not read inside f-strings: `f"## {_('Data and sources')}"` stays English."""
    inside = re.compile(r"""\bf(["'])[^\n]*?\{\s*(_|gettext|ngettext|pgettext)\(""")
    source = Path(__file__).resolve().parents[1] / "stadskennis"
    hidden = [
        f"{path.relative_to(source)}:{number}"
        for path in source.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if inside.search(line)
    ]
    assert hidden == []
