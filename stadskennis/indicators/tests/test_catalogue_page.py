"""The catalogue at /cijfers/ and its JSON twin show only what the visitor may see (core.visibility)."""

import pytest

from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.indicators.tests.factories import IndicatorFactory


@pytest.fixture
def catalogue(db):
    IndicatorFactory(code="bevolking", name="Bevolking op 1 januari", unit="inwoners", source="Statbel")
    IndicatorFactory(code="eigen-telling", name="Eigen telling van Gent", visibility="organisation",
                     owner=OrganisationFactory(slug="gent-eigen"))  # fmt: skip


def test_anyone_sees_the_public_catalogue_and_not_an_organisation_s_own_indicator(client, catalogue):
    page = client.get("/cijfers/")
    assert page.status_code == 200
    assert "Bevolking op 1 januari" in page.text and "Eigen telling van Gent" not in page.text
    data = client.get("/cijfers/?formaat=json").json()
    assert [i["code"] for i in data["indicators"]] == ["bevolking"]
    assert data["indicators"][0]["unit"] == "inwoners"
