from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, HttpUrl

from stadskennis.core.visibility import Visibility
from stadskennis.knowledge.models import KnowledgeItem

ItemKind = KnowledgeItem.Kind
Outcome = KnowledgeItem.Outcome


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    nis_code: str | None
    website: str


class ThemeOut(Schema):
    slug: str
    name: str
    kind: str


class ItemOut(Schema):
    id: int
    external_id: str | None
    title: str
    summary: str
    body: str
    kind: str
    outcome: str
    what_worked: str
    what_failed: str
    lessons: str
    period: str
    themes: list[str]
    organisations: list[str]
    owner: str
    year: int | None
    url: str
    visibility: str
    created_at: datetime
    updated_at: datetime
    web_url: str

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
    kind: ItemKind
    summary: str = ""
    body: str = ""
    outcome: Outcome | None = None
    what_worked: str = ""
    what_failed: str = ""
    lessons: str = ""
    period: str = Field(default="", max_length=100)
    themes: list[str] = []
    organisations: list[str] = Field(default=[], description="Organisation slugs or NIS codes.")
    owner: str | None = Field(default=None, description="Slug of the owner organisation; default yours.")
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: HttpUrl | None = None
    visibility: Visibility = Visibility.DRAFT
    external_id: str | None = Field(default=None, max_length=200)


class ItemPatch(Schema):
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
    id: str
    kind: str
    title: str
    url: str
    snippet: str
    score: float


class SearchOut(Schema):
    query: str
    total: int
    message: str
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]
    suggestion: str


class ErrorOut(Schema):
    detail: str
    errors: list[dict] = []


# The error answers the operations document. Any operation answers 401 to a key that is given but not
# valid (reads too: a wrong key is refused, not read as anonymous) and 422 to a parameter or body that
# does not validate; one that reads a body answers 400 when it is not JSON.
ERRORS = {401: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {400: ErrorOut, **ERRORS}
NOT_FOUND = {404: ErrorOut}
