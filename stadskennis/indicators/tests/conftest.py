import pytest

from stadskennis.core.reference import reference_load


@pytest.fixture
def geography(db):
    """Core's reference data with the geography of Flanders and Brussels and the population of 2020."""
    reference_load()
