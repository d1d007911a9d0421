"""The lineage of a merged municipality on its city profile (issue 14, point 2), checked against the
shared list of the 13 mergers of 1 January 2025 (`../shared/data/fusies-2025.csv`): every new
municipality names what it was made of, and every one that disappeared links to its successor."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from stadskennis.core.reference import reference_load

MERGERS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "fusies-2025.csv"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def mergers(db):
    if not MERGERS.exists():
        pytest.skip("the shared data folder is not beside this checkout")
    reference_load()
    with MERGERS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_hasselt_names_what_it_was_made_of_and_kortessem_links_to_it(db, client):
    reference_load()
    page = client.get("/cijfers/stad/71072/").content.decode()
    assert "Hasselt (71072) ontstaan op 1 januari 2025 uit Hasselt (71022) en Kortessem (73040)." in _text(
        page
    )
    assert '<a href="/cijfers/stad/73040/">Kortessem</a>' in page
    kortessem = client.get("/cijfers/stad/73040/").content.decode()
    assert "Kortessem (73040) is op 1 januari 2025 opgegaan in Hasselt (71072)." in _text(kortessem)
    assert '<a href="/cijfers/stad/71072/">Hasselt</a>' in kortessem
    assert "ontstaan op" not in _text(client.get("/cijfers/stad/44021/").content.decode())  # Gent: unchanged


def test_every_merger_of_2025_is_shown_as_the_shared_list_has_it(client, mergers):
    successors: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in mergers:
        successors.setdefault((row["nis_2025"], row["naam_2025"]), []).append(
            (row["nis_2019"], row["naam_2019"])
        )
    assert len(successors) == 13
    for (code, name), parts in successors.items():
        named = [f"{n} ({c})" for c, n in sorted(parts)]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " en " + named[-1]
        page = _text(client.get(f"/cijfers/stad/{code}/").content.decode())
        assert f"{name} ({code}) ontstaan op 1 januari 2025 uit {listed}." in page, code
        for old_code, old_name in parts:
            if old_code == code:  # Antwerpen keeps 11002: its profile is that of 2025
                continue
            html = client.get(f"/cijfers/stad/{old_code}/").content.decode()
            assert f"{old_name} ({old_code}) is op 1 januari 2025 opgegaan in {name} ({code})." in _text(html)
            assert f'<a href="/cijfers/stad/{code}/">{name}</a>' in html
