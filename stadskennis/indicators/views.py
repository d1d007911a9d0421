from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stadskennis.indicators import selectors
from stadskennis.indicators.display import escape
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
        {
            "rows": _rows(indicators.prefetch_related(None)),  # the themes are not shown here
            "cities": centre_city_profiles(),
            "with_retired": with_retired,
        },
    )


def _rows(indicators) -> SafeString:
    """The catalogue table's rows, written here rather than by a template loop: 2,000 indicators took
    170 ms there, a URL reversed per row most of it. A city's own dataset keeps its template."""
    link = reverse("indicators:indicator", args=["__code__"])
    # gettext outside the f-strings: inside one, makemessages loses every string after it in the file
    demo_data, nothing = escape(_("demo data")), escape(_("No indicators yet."))
    demo = f' <span class="badge">{demo_data}</span>'
    rows = []
    for indicator in indicators:
        head = f'<a href="{link.replace("__code__", indicator.code)}">{escape(indicator.name)}</a>'
        if indicator.is_demo:
            head += demo
        if indicator.retired_on:
            day = date_format(indicator.retired_on, "j F Y")
            retired = escape(_("retired on %(day)s") % {"day": day})
            head += f' <span class="badge">{retired}</span>'
        if indicator.owner_id:
            own = render_to_string("indicators/_own_dataset.html", {"indicator": indicator, "brief": True})
            head += f"<br>{own}"
        source = escape(indicator.source) + (f" ({escape(indicator.licence)})" if indicator.licence else "")
        rows.append(
            f'<tr><th scope="row">{head}</th><td><code>{escape(indicator.code)}</code></td>'
            f"<td>{escape(indicator.unit)}</td><td>{source}</td></tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="4">{nothing}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 (every text escaped above; the include escapes its own)
