from django.http import JsonResponse
from django.shortcuts import render

from stadskennis.indicators import selectors
from stadskennis.indicators.profile import centre_city_profiles


def catalogue(request):
    """The indicator catalogue a visitor may see; `?formaat=json` gives the same list as data. Retired
    indicators only with `?stopgezet=ja` (their pages stay where they were)."""
    with_retired = request.GET.get("stopgezet") == "ja"
    indicators = selectors.indicators_visible(user=request.user)
    if not with_retired:
        indicators = indicators.current()
    if request.GET.get("formaat") == "json":
        return JsonResponse(
            {
                "indicators": [
                    {
                        "code": i.code, "name": i.name, "unit": i.unit, "aggregation": i.aggregation,
                        "periodicity": i.periodicity, "direction": i.direction, "decimals": i.decimals,
                        "source": i.source, "licence": i.licence, "themes": [t.slug for t in i.themes.all()],
                        "owner": i.owner.slug if i.owner_id else None, "visibility": i.visibility,
                        "common_definition": i.common_definition.code if i.common_definition_id else None,
                        "retired_on": i.retired_on.isoformat() if i.retired_on else None,
                    }
                    for i in indicators
                ]
            },
            json_dumps_params={"ensure_ascii": False},
        )  # fmt: skip
    return render(
        request,
        "indicators/catalogue.html",
        {"indicators": indicators, "cities": centre_city_profiles(), "with_retired": with_retired},
    )
