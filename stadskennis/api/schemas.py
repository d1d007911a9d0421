from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, HttpUrl

from stadskennis.core.models import Organisation, Theme
from stadskennis.core.visibility import Visibility
from stadskennis.knowledge.models import KnowledgeItem

ItemKind = KnowledgeItem.Kind
Outcome = KnowledgeItem.Outcome

# The groups of operations in the documentation, in this order.
TAGS = [
    {"name": "Knowledge base", "description": "Good and failed practices, studies, instruments, cases."},
    {"name": "Network", "description": "People, workgroups and who is working on what."},
    {
        "name": "Help desk",
        "description": "Questions to the centre, and survey rounds (`/rondvragen/`) that the member "
        "organisations answer and compare.",
    },
    {"name": "Search", "description": "One search over everything you may see."},
    {
        "name": "Figures",
        "description": "City in figures: indicators and their figures per municipality, region and "
        "group of cities, as JSON, JSON-stat 2.0 and SDMX-CSV 2.0. The catalogue of the public "
        "datasets in DCAT-AP is at `/cijfers/dcat.jsonld` and `/cijfers/dcat.ttl`.",
    },
    {
        "name": "Plans",
        "description": "Cities' multi-year plans and governing agreements (ORBA): elements with their "
        "codes and figures, releases (reporting rounds), and updates pushed into an open release.",
    },
    {
        "name": "Agenda",
        "description": "Study days, workshops, work visits and congresses with their programme; "
        "registering with a key, and your own registrations.",
    },
    {
        "name": "Werking",
        "description": "The centre's own work: programme lines per cooperation period with what was done "
        "under them, approved annual accounts and published annual reports.",
    },
    {"name": "Organisations", "description": "The centre, its member cities and its partners."},
    {"name": "Themes", "description": "What the knowledge is about."},
]

SLUG = "Its key in the API and in addresses."
KIND = "The kind of knowledge: " + ", ".join(f"`{v}`" for v in ItemKind.values) + "."
OUTCOME = (
    "For a practice: did it work? `success`, `partial` or `failed` (failed practices are knowledge too)."
)
VISIBILITY = (
    "Who may see it: `public` everyone, `network` logged-in members, `organisation` its own "
    "organisation, `draft` its author and the centre."
)
MARKDOWN = "Markdown."
EXTERNAL_ID = "The id in the system it was imported from; unique."


class OrganisationOut(Schema):
    slug: str = Field(description=SLUG)
    name: str
    kind: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Organisation.Kind.values)}.")
    nis_code: str | None = Field(description="The NIS code of a city or municipality.")
    website: str


class ThemeOut(Schema):
    slug: str = Field(description=SLUG)
    name: str
    kind: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Theme.Kind.values)}.")


class ItemOut(Schema):
    id: int
    external_id: str | None = Field(description=EXTERNAL_ID)
    title: str
    summary: str = Field(description="The lead: what it is about, in a few sentences.")
    body: str = Field(description=MARKDOWN)
    kind: str = Field(description=KIND)
    outcome: str = Field(description=OUTCOME + " Empty when it does not apply.")
    what_worked: str = Field(description=MARKDOWN)
    what_failed: str = Field(description=MARKDOWN)
    lessons: str = Field(description="Lessons learned. " + MARKDOWN)
    period: str = Field(description="When it ran, in words (2019–2021).")
    themes: list[str] = Field(description="Slugs of its themes.")
    organisations: list[str] = Field(description="Slugs of the organisations it is about.")
    owner: str = Field(description="Slug of the organisation it belongs to.")
    year: int | None
    url: str = Field(description="Where to read more, elsewhere.")
    visibility: str = Field(description=VISIBILITY)
    created_at: datetime
    updated_at: datetime
    web_url: str = Field(description="Its page on the platform (a path).")

    @staticmethod
    def resolve_themes(obj):
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_organisations(obj):
        return [o.slug for o in obj.organisations.all()]

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.slug

    @staticmethod
    def resolve_web_url(obj):
        return obj.get_absolute_url()


class ItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    kind: ItemKind = Field(description=KIND)
    summary: str = Field("", description="The lead: what it is about, in a few sentences.")
    body: str = Field("", description=MARKDOWN)
    outcome: Outcome | None = Field(None, description=OUTCOME)
    what_worked: str = Field("", description=MARKDOWN)
    what_failed: str = Field("", description=MARKDOWN)
    lessons: str = Field("", description="Lessons learned. " + MARKDOWN)
    period: str = Field(default="", max_length=100, description="When it ran, in words (2019–2021).")
    themes: list[str] = Field(default=[], description="Theme slugs (see /api/themes).")
    organisations: list[str] = Field(default=[], description="Organisation slugs or NIS codes.")
    owner: str | None = Field(default=None, description="Slug of the owner organisation; default yours.")
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: HttpUrl | None = Field(None, description="Where to read more, elsewhere.")
    visibility: Visibility = Field(Visibility.DRAFT, description=VISIBILITY)
    external_id: str | None = Field(default=None, max_length=200, description=EXTERNAL_ID)


class ItemPatch(Schema):
    """Only the fields sent change; see ItemIn for what each means."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    kind: ItemKind | None = None
    summary: str | None = None
    body: str | None = None
    outcome: Outcome | None = None
    what_worked: str | None = None
    what_failed: str | None = None
    lessons: str | None = None
    period: str | None = Field(default=None, max_length=100)
    themes: list[str] | None = None
    organisations: list[str] | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: HttpUrl | None = None
    visibility: Visibility | None = None


class SearchHit(Schema):
    id: str = Field(description="The part of the platform and the id: `knowledge_item:12`, `person:3`.")
    kind: str = Field(description="What it is: a kind of knowledge, `person`, `workgroup`, `question`, ….")
    title: str
    url: str = Field(description="Its page on the platform.")
    snippet: str = Field(description="Where the words occur, as HTML with the words in `<mark>`.")
    score: float = Field(description="How well it matches; higher is better.")


class SearchOut(Schema):
    query: str = Field(description="The search as it was run.")
    total: int = Field(description="How many match, on all pages.")
    message: str = Field(
        description="A notice about the search (the query was empty or shortened, the index is being "
        "built), else empty."
    )
    results: list[SearchHit]
    facets: dict[str, dict[str, int]] = Field(
        description="For each filter (`kind`, `theme`, `organisation`, `year`, `outcome`, `module`), "
        "how many matches each value has."
    )
    suggestion: str = Field(description="A spelling to try when few or none match, else empty.")


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in Dutch.")
    errors: list[dict] = Field([], description="Per field: `field` (null for the whole) and `message`.")


# The error answers the operations document. Any operation answers 401 to a key that is given but not
# valid (reads too: a wrong key is refused, not read as anonymous) and 422 to a parameter or body that
# does not validate; one that reads a body answers 400 when it is not JSON.
ERRORS = {401: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {400: ErrorOut, **ERRORS}
NOT_FOUND = {404: ErrorOut}
