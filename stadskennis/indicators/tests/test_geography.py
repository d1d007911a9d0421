"""Geography that knows its history, checked against the real reference data (Statbel, 1 January 2020)."""

from datetime import date

import pytest

from stadskennis.core.models import AuditEntry
from stadskennis.core.reference import reference_load
from stadskennis.indicators.aggregation import Figures, municipalities_on
from stadskennis.indicators.models import Area, AreaGroup, Indicator, Observation
from stadskennis.indicators.tests.factories import area

START = date(2020, 1, 1)


def population(boundaries=None) -> Figures:
    return Figures(Indicator.objects.get(code="bevolking"), "2020-01-01", START, boundaries=boundaries)


def test_the_reference_loads_every_municipality_once_and_again_changes_nothing(geography):
    counts = (Area.objects.count(), Observation.objects.count(), AuditEntry.objects.count())
    reference_load()
    assert (Area.objects.count(), Observation.objects.count(), AuditEntry.objects.count()) == counts
    assert municipalities_on(date(2024, 12, 31)).filter(region__code="02000").count() == 300
    assert municipalities_on(date(2025, 1, 1)).filter(region__code="02000").count() == 285
    assert municipalities_on(date(2025, 1, 1)).filter(region__code="04000").count() == 19
    assert Observation.objects.filter(indicator__code="bevolking").count() == 319


def test_mesen_is_flemish_in_our_copy_and_flanders_counts_its_inhabitants(geography):
    mesen = area("33016")
    assert (mesen.region.code, mesen.province.code, mesen.arrondissement.code) == ("02000", "30000", "33000")
    flanders = Area.objects.get(code="02000")
    assert population().of(flanders).value == 6_629_143
    assert population().of(Area.objects.get(code="30000")).value == 1_200_945  # West-Vlaanderen


def test_hasselt_2025_is_hasselt_plus_kortessem_on_1_january_2020(geography):
    hasselt_2025 = area("71072", year=2025)
    assert [a.code for a in Area.objects.filter(successions__successor=hasselt_2025)] == ["71022", "73040"]
    carried = population(boundaries="2025").of(hasselt_2025)
    assert carried.value == 78_714 + 8_437
    assert carried.computed and carried.missing == []
    # Antwerpen keeps its code but not its boundaries: the 2025 one includes Borsbeek.
    assert population(boundaries="2025").of(area("11002", year=2025)).value == 529_247 + 10_949
    assert population().of(area("11002")).value == 529_247


def test_flanders_on_2025_boundaries_has_the_same_inhabitants_in_fewer_municipalities(geography):
    flanders = Area.objects.get(code="02000")
    assert population(boundaries="2025").of(flanders).value == 6_629_143
    # Zwijndrecht (province of Antwerpen) went to Beveren-Kruibeke-Zwijndrecht in Oost-Vlaanderen.
    assert area("46030", year=2025).province.code == "40000"


def test_a_municipality_of_2025_asked_for_2020_is_always_its_lineage(geography):
    assert population().of(Area.objects.get(code="71022")).value == 78_714
    assert population(boundaries="2019").of(area("71072", year=2025)).value == 87_151


@pytest.mark.parametrize(
    ("slug", "members_2020", "members_2025"),
    [("centrumsteden", 13, 13), ("centrumsteden-vgc", 14, 14)],
)
def test_the_groups_take_their_members_on_the_boundaries_of_the_figure(
    geography, slug, members_2020, members_2025
):
    group = AreaGroup.objects.get(slug=slug)
    on_2020 = [m for m in group.members.all() if m.level != "municipality" or m.valid_on(START)]
    on_2025 = [m for m in group.members.all() if m.level != "municipality" or m.valid_on(date(2025, 1, 1))]
    assert (len(on_2020), len(on_2025)) == (members_2020, members_2025)
    assert ("71022" in {m.code for m in on_2020}, "71072" in {m.code for m in on_2025}) == (True, True)


def test_centre_cities_population_on_2019_and_2025_boundaries(geography):
    group = AreaGroup.objects.get(slug="centrumsteden")
    assert population().group(group).value == 1_669_564
    # On the 2025 boundaries Hasselt brings Kortessem and Antwerpen brings Borsbeek.
    assert population(boundaries="2025").group(group).value == 1_669_564 + 8_437 + 10_949
    with_vgc = AreaGroup.objects.get(slug="centrumsteden-vgc")
    assert population().group(with_vgc).value == 1_669_564 + 1_218_255
