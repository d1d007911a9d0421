import pytest

from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.core.visibility import Visibility
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

# The 13 centre cities by NIS code; Gent (44021) is the fourth: its share is 4,0 %.
CITIES = ["41002", "11002", "31005", "44021", "71016", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip


@pytest.fixture
def figures(cast):
    """On the theme Wonen, in 2019 and 2020: a share ×100 where higher is better (city i: (i+1) % in
    2020, the centre cities together 9,0 %), its two counts, and Gent's own indicator (visibility
    organisation) that no one else may see. Returns the indicators by code."""
    reference_load()
    wonen = [Theme.objects.get(slug="wonen")]
    count = IndicatorFactory(code="woningen", name="Woningen", themes=wonen)
    base = IndicatorFactory(code="huishoudens", name="Huishoudens")
    share = IndicatorFactory(
        code="aandeel-woningen", name="Aandeel woningen", unit="%", aggregation="ratio", numerator=count,
        denominator=base, scale=100, decimals=1, direction="higher", themes=wonen,
    )  # fmt: skip
    for year, factor in (("2019", 1), ("2020", 2)):
        observe(count, year, {code: (i + 1) ** 2 * 5 * factor for i, code in enumerate(CITIES)})
        observe(base, year, {code: (i + 1) * 1000 for i, code in enumerate(CITIES)})
    from stadskennis.core.models import Organisation

    gent = Organisation.objects.get(slug="gent")
    secret = IndicatorFactory(
        code="gent-geheim", name="Geheime telling van Gent", owner=gent, visibility=Visibility.ORGANISATION,
        themes=wonen,
    )  # fmt: skip
    observe(secret, "2020", {"44021": 42})
    return {"share": share, "count": count, "secret": secret}
