"""The Werking in the API: the centre's programme lines with what was done under them per year, the
approved annual accounts, and the published annual reports. The same data as the pages' JSON twins
(`programmes.twins`), read by the same rules: counts as the caller may see, accounts once approved,
reports once published."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from stadskennis.api.auth import reader
from stadskennis.api.schemas import ERRORS, NOT_FOUND
from stadskennis.core.models import ProgrammeLine
from stadskennis.programmes.annual_report import public_version
from stadskennis.programmes.models import AnnualReport, YearAccounts
from stadskennis.programmes.twins import accounts_json, approved, line_activity_json, line_json

router = Router(tags=["Werking"])


class LineOut(Schema):
    id: int
    name: str
    period: str = Field(description="The cooperation period, e.g. `2017–2021`.")
    description: str
    part_of: int | None = Field(description="The programme line this sub-programme belongs to.")
    continues: int | None = Field(description="The earlier period's line this one continues.")
    lead_city: str | None
    themes: list[str] = Field(description="Theme slugs.")
    url: str


class YearCountsOut(Schema):
    year: int
    workgroups: int
    meetings: int
    events: int
    rounds: int
    items: int
    newsletter: int


class LineDetailOut(Schema):
    programme_line: LineOut
    history: list[LineOut] = Field(description="The earlier periods' lines it continues, newest first.")
    counts: dict[str, int] = Field(
        description="Everything under the line and its history, as the caller may see."
    )
    per_year: list[YearCountsOut]


class AccountRowOut(Schema):
    year: int
    direction: str = Field(description="`revenue` or `expenditure`.")
    kind: str
    kind_label: str
    programme_line: str
    budget: str = Field(description="Euros as an exact decimal text.")
    actual: str = Field(description="Euros as an exact decimal text.")
    currency: str


class AccountsOut(Schema):
    year: int
    approved_on: str
    approved_by: str
    currency: str
    income: dict[str, str]
    costs: dict[str, str]
    own_means_share: str | None = Field(description="Fees ÷ income, four decimals.")
    own_means_target: str
    rows: list[AccountRowOut]


class ReportOut(Schema):
    year: int
    title: str
    url: str
    pdf: str
    introduction: str
    snapshot: dict = Field(description="What the year held, per programme line, as drafted.")


@router.get("/programme-lines", response={200: list[LineOut], **ERRORS}, summary="Programme lines")
def line_list(request):
    reader(request)  # a key that is given but wrong is refused, as on every read
    lines = ProgrammeLine.objects.select_related("period", "lead_organisation").prefetch_related("themes")
    return [
        line_json(line, request.build_absolute_uri)
        for line in lines.order_by("-period__start_year", "position")
    ]


@router.get(
    "/programme-lines/{line_id}",
    response={200: LineDetailOut, **NOT_FOUND, **ERRORS},
    summary="A programme line and its activity per year",
)
def line_get(request, line_id: int):
    user = reader(request)
    line = get_object_or_404(ProgrammeLine.objects.select_related("period", "lead_organisation"), pk=line_id)
    return line_activity_json(line, user, request.build_absolute_uri)


@router.get("/accounts", response={200: list[int], **ERRORS}, summary="Years with approved accounts")
def accounts_list(request):
    reader(request)
    return list(
        YearAccounts.objects.filter(withdrawn_at__isnull=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )


@router.get(
    "/accounts/{year}", response={200: AccountsOut, **NOT_FOUND, **ERRORS}, summary="Approved accounts"
)
def accounts_get(request, year: int):
    reader(request)
    current = approved(year)
    if current is None:
        return 404, {"detail": "De rekening van dit jaar is niet publiek."}
    return accounts_json(current)


@router.get("/annual-reports", response={200: list[ReportOut], **ERRORS}, summary="Published annual reports")
def report_list(request):
    reader(request)
    return [
        _report(request, report)
        for report in AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)
    ]


@router.get(
    "/annual-reports/{year}", response={200: ReportOut, **NOT_FOUND, **ERRORS}, summary="An annual report"
)
def report_get(request, year: int):
    reader(request)
    report = get_object_or_404(
        AnnualReport, year=year, status=AnnualReport.Status.PUBLISHED, published__isnull=False
    )
    return _report(request, report)


def _report(request, report: AnnualReport) -> dict:
    version = public_version(report)  # the copy published last, never the draft being worked on
    return {
        "year": report.year,
        "title": version.title,
        "url": request.build_absolute_uri(report.get_absolute_url()),
        "pdf": request.build_absolute_uri(
            reverse("programmes:annual_report_pdf", kwargs={"year": report.year})
        ),
        "introduction": version.introduction,
        "snapshot": version.snapshot,
    }
