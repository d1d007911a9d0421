"""Stad in cijfers in the API: the indicator catalogue, its figures, and each indicator as JSON-stat 2.0
and SDMX-CSV 2.0. Other tools rely on these paths (issue 14, point 8): keep them.

Who sees what is decided where the pages decide it: an indicator through core.visibility's
`visible_to`, a confidential figure through `can_see_confidential_figures` (in `indicators.opendata`),
and a figure computed over a confidential one is withheld for everyone (`indicators.aggregation`).
"""

from datetime import date
from typing import Any, Literal

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from stadskennis.api.auth import reader
from stadskennis.api.pagination import Pagination
from stadskennis.api.schemas import ERRORS, NOT_FOUND
from stadskennis.indicators import jsonstat, sdmx
from stadskennis.indicators import selectors as indicator_selectors
from stadskennis.indicators.codes import CONF_STATUS, OBS_STATUS
from stadskennis.indicators.models import Indicator, Observation
from stadskennis.indicators.opendata import MAX_AREAS, MAX_CELLS, MAX_PERIODS, Cells, ParameterError

router = Router(tags=["Figures"])

GEO = (
    f"The areas, separated by commas (at most {MAX_AREAS}): a NIS code of a municipality, arrondissement or "
    "province (`44021` Gent), a region (`02000` the Flemish Region, `04000` Brussels-Capital), or a "
    "group as `group:<slug>` (`group:centrumsteden`, `group:centrumsteden-vgc`): a group's figure is "
    "computed, with its coverage and the members missing. Comparison groups that staff or members "
    "define are named the same way, as far as you may see them: another organisation's unshared group "
    "is answered as an unknown one. Default: every municipality."
)
PERIOD = (
    f"The periods, separated by commas (at most {MAX_PERIODS}), written as the indicator's periodicity "
    "asks: `2020`, `2020-Q1`, `2020-01` or `2020-01-01`. Default: every period with figures."
)
BOUNDARIES = (
    "Show the figures on the municipal boundaries of 2019–2024 (`2019`) or of 2025 (`2025`): figures "
    "of 2019–2024 on 2025 boundaries are summed over the merged municipalities (ratios recomputed "
    "from their parts), or left empty with the reason. Default: each period's own boundaries."
)
OBS = "SDMX OBS_STATUS: " + "; ".join(f"`{k}`" for k in OBS_STATUS) + ". Empty for a computed figure."
CONF = (
    "SDMX CONF_STATUS: `F` free; "
    + ", ".join(f"`{k}`" for k in CONF_STATUS if k != "F")
    + " confidential (the value is given to the centre's staff only; `S`: withheld because it "
    "would be computed over a confidential figure)."
)


class DefinitionOut(Schema):
    valid_from: str = Field(description="From this day the definition below applies (YYYY-MM-DD).")
    description: str


class IndicatorOut(Schema):
    code: str = Field(description="Its stable key in addresses, the API and imports.")
    name: str
    description: str
    unit: str
    themes: list[str] = Field(description="Slugs of its themes (see /api/themes).")
    source: str
    licence: str
    periodicity: str = Field(description="`year`, `quarter`, `month` or `date` (a day such as 1 January).")
    direction: str = Field(description="`higher` or `lower` is better, or `neutral`.")
    decimals: int = Field(description="How many decimals a figure is shown with.")
    aggregation: str = Field(
        description="How figures of several areas combine: `sum`, `ratio` (the sum of the numerators "
        "over the sum of the denominators, times `scale`) or `none` (never combined)."
    )
    numerator: str | None = Field(description="For a ratio: the code of its numerator.")
    denominator: str | None = Field(description="For a ratio: the code of its denominator.")
    scale: float = Field(description="For a ratio: 100 for a percentage, 1000 per thousand.")
    demo: bool = Field(description="Invented figures of the demonstration, not real data.")
    owner: str | None = Field(
        description="The slug of the member organisation whose own dataset this is; null for the common "
        "catalogue of the centre."
    )
    visibility: str = Field(
        description="`public`, `network` (logged-in members) or `organisation` (its owner's members and "
        "the centre's staff): a city's own dataset until it shares it."
    )
    common_definition: str | None = Field(
        description="For a city's own dataset: the code of the common indicator it measures the same way; "
        "null when its definition differs (or for the common catalogue itself)."
    )
    retired_on: date | None = Field(
        description="The day it was retired (YYYY-MM-DD): its figures stay available, but no new figures "
        "are added. Null while it is current."
    )
    retirement_note: str = Field(description="Why it was retired (empty while it is current).")
    url: str = Field(description="Its figures in this API.")

    @staticmethod
    def resolve_themes(obj):
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_numerator(obj):
        return obj.numerator.code if obj.numerator_id else None

    @staticmethod
    def resolve_denominator(obj):
        return obj.denominator.code if obj.denominator_id else None

    @staticmethod
    def resolve_demo(obj):
        return obj.is_demo

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.slug if obj.owner_id else None

    @staticmethod
    def resolve_common_definition(obj):
        return obj.common_definition.code if obj.common_definition_id else None

    @staticmethod
    def resolve_url(obj):
        return f"/api/indicators/{obj.code}"


class IndicatorDetailOut(IndicatorOut):
    definitions: list[DefinitionOut] = Field(description="Each definition with the day it applies from.")
    periods: list[str] = Field(description="The periods it has figures for, oldest first.")
    observations: str = Field(description="Its figures (see /api/indicators/{code}/observations).")
    jsonstat: str = Field(description="Its figures as a JSON-stat 2.0 dataset.")
    sdmx_csv: str = Field(description="Its figures as SDMX-CSV 2.0.")

    @staticmethod
    def resolve_definitions(obj):
        return [
            {"valid_from": d.valid_from.isoformat(), "description": d.description}
            for d in obj.definitions.all()
        ]

    @staticmethod
    def resolve_periods(obj):
        periods = Observation.objects.filter(indicator=obj).order_by("period_start", "period")
        return list(dict.fromkeys(periods.values_list("period", flat=True)))

    @staticmethod
    def resolve_observations(obj):
        return f"/api/indicators/{obj.code}/observations"

    @staticmethod
    def resolve_jsonstat(obj):
        return f"/api/indicators/{obj.code}/jsonstat"

    @staticmethod
    def resolve_sdmx_csv(obj):
        return f"/api/indicators/{obj.code}/sdmx.csv"


class ObservationOut(Schema):
    geo: str = Field(description="The area's NIS code, or `group:<slug>`.")
    geo_name: str
    geo_level: str = Field(description="`municipality`, `arrondissement`, `province`, `region` or `group`.")
    period: str
    value: float | None = Field(description="The figure; null where there is none (see `note`).")
    status: str = Field(description=OBS)
    confidentiality: str = Field(description=CONF)
    computed: bool = Field(description="Computed here from the municipalities' figures.")
    published: bool = Field(description="A total of a region or province as its source published it.")
    coverage: float | None = Field(
        description="For a computed figure: the share (0 to 1) of the denominator, or of the members, "
        "with a figure. A group's figure needs 80% by default."
    )
    missing: list[str] = Field(description="For a computed figure: the members without a figure.")
    note: str = Field(description="Why the figure is empty or withheld, in Dutch; else empty.")


class UnitOut(Schema):
    label: str
    decimals: int


class CategoryOut(Schema):
    index: list[str]
    label: dict[str, str]
    unit: dict[str, UnitOut] | None = None


class DimensionOut(Schema):
    label: str
    category: CategoryOut


class JsonStatOut(Schema):
    """A JSON-stat 2.0 dataset (https://json-stat.org/format/)."""

    version: Literal["2.0"]
    class_: Literal["dataset"] = Field(alias="class")
    href: str
    label: str
    source: str
    note: list[str]
    id: list[str] = Field(description="`indicator`, `geo` and `time`: the order of `value`.")
    size: list[int] = Field(description="The number of categories of each dimension, in the order of `id`.")
    role: dict[str, list[str]]
    dimension: dict[str, DimensionOut]
    value: list[float | None] = Field(description="Row-major: the last dimension (`time`) varies fastest.")
    status: dict[str, str] = Field(description="OBS_STATUS by position in `value`. " + OBS)
    extension: dict[str, Any] = Field(
        description="`confidentiality` (CONF_STATUS), `coverage` and `notes` by position in `value`; "
        "`geo_level` by area; `boundaries`; and the code lists."
    )


class DataParams(Schema):
    geo: str = Field("", max_length=2000, description=GEO)
    period: str = Field("", max_length=2000, description=PERIOD)
    boundaries: Literal["2019", "2025"] | None = Field(None, description=BOUNDARIES)


def _indicator(request, code: str) -> tuple[Any, Indicator]:
    user = reader(request)
    indicator = (
        Indicator.objects.visible_to(user)
        .select_related("numerator", "denominator", "owner", "common_definition")
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise HttpError(404, f"Er is geen indicator met code '{code[:64]}' die je mag zien.")
    return user, indicator


def _cells(request, code: str, params: DataParams) -> Cells:
    user, indicator = _indicator(request, code)
    try:
        return Cells(indicator, user=user, geo=params.geo, period=params.period, boundaries=params.boundaries)
    except ParameterError as error:
        raise _invalid(error) from error


def _kept_private(response: HttpResponse, user) -> HttpResponse:
    """An answer for a key or a session (a city's own indicator, a confidential figure for the staff)
    is stored by no cache; the session middleware does this for sessions, not for keys."""
    if user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _invalid(error: ParameterError) -> ValidationError:
    return ValidationError([{"loc": ("query", error.parameter), "msg": error.message, "type": "value_error"}])


def _bounded(cells: Cells) -> Cells:
    try:
        return cells.bounded()
    except ParameterError as error:
        raise _invalid(error) from error


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="Indicators you may see")
@paginate(Pagination)
def indicator_list(
    request,
    response: HttpResponse,
    theme: str = Query("", max_length=100, description="Only indicators on this theme (its slug)."),
):
    """The catalogue of City in figures, in the order of its page: by name."""
    user = reader(request)
    _kept_private(response, user)
    indicators = indicator_selectors.indicators_visible(user=user).select_related(
        "numerator", "denominator", "owner", "common_definition"
    )
    if theme:
        indicators = indicators.filter(themes__slug=theme).distinct()
    return indicators


@router.get(
    "/indicators/{code}",
    response={200: IndicatorDetailOut, **NOT_FOUND, **ERRORS},
    summary="One indicator, with its definitions and the periods it has figures for",
)
def indicator_get(request, response: HttpResponse, code: str):
    user, indicator = _indicator(request, code)
    _kept_private(response, user)
    return indicator


@router.get(
    "/indicators/{code}/observations",
    response={200: list[ObservationOut], **NOT_FOUND, **ERRORS},
    summary="An indicator's figures per area and period, with their flags",
)
@paginate(Pagination)
def observation_list(request, response: HttpResponse, code: str, params: Query[DataParams]):
    """Area by area, each a time series. A region's or province's figure is the one its source
    published, or else computed from its municipalities; a group's is computed: a sum, or the ratio of
    the summed numerators and denominators (never an average of ratios), shown when the coverage rule
    holds. A confidential figure has no value unless you are the centre's staff, and a figure computed
    over one is withheld for everyone, so no figure reveals it."""
    cells = _cells(request, code, params)
    _kept_private(response, cells.user)
    return _Page(cells)


def _observation(c) -> dict:
    return {
        "geo": c.geo.key, "geo_name": c.geo.name, "geo_level": c.geo.level, "period": c.period,
        "value": None if c.value is None else float(c.value), "status": c.status,
        "confidentiality": c.confidentiality, "computed": c.computed, "published": c.published,
        "coverage": None if c.coverage is None else float(c.coverage), "missing": c.missing,
        "note": c.note,
    }  # fmt: skip


class _Page:
    """The cells as the paginator reads them: it counts them all and computes only the page it slices."""

    def __init__(self, cells: Cells):
        self.cells = cells

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, index: slice) -> list[dict]:
        return [_observation(c) for c in self.cells[index]]


FILE_LIMIT = (
    f"The same figures as /observations, at most {MAX_CELLS:,} of them in one answer: ask for fewer "
    "areas or periods otherwise (422)."
)


@router.get(
    "/indicators/{code}/jsonstat",
    response={200: JsonStatOut, **NOT_FOUND, **ERRORS},
    by_alias=True,
    summary="An indicator's figures as a JSON-stat 2.0 dataset",
    description=FILE_LIMIT,
)
def indicator_jsonstat(request, code: str, params: Query[DataParams]):
    cells = _bounded(_cells(request, code, params))
    body = jsonstat.dataset(cells, href=request.build_absolute_uri())
    return _kept_private(JsonResponse(body, json_dumps_params={"ensure_ascii": False}), cells.user)


@router.get(
    "/indicators/{code}/sdmx.csv",
    response={**NOT_FOUND, **ERRORS},
    summary="An indicator's figures as SDMX-CSV 2.0",
    description=FILE_LIMIT + " One row per area and period.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Columns: STRUCTURE, STRUCTURE_ID, ACTION, INDICATOR, REF_AREA (a NIS code, "
                "or a group's slug), TIME_PERIOD, OBS_VALUE, OBS_STATUS, CONF_STATUS, COMMENT_OBS.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def indicator_sdmx(request, code: str, params: Query[DataParams]) -> HttpResponse:
    cells = _bounded(_cells(request, code, params))
    response = HttpResponse("".join(sdmx.rows(cells)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cells.indicator.code}.sdmx.csv"'
    return _kept_private(response, cells.user)
