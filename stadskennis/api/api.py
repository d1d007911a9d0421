"""The JSON API under /api/: the same visibility as the pages, token authentication for writes."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import paginate

from stadskennis.api.auth import reader, token_auth
from stadskennis.api.events import router as events_router
from stadskennis.api.indicators import router as indicators_router
from stadskennis.api.network import router as network_router
from stadskennis.api.pagination import Pagination
from stadskennis.api.parser import BodyParser, NulInBody
from stadskennis.api.plans import router as plans_router
from stadskennis.api.questions import router as questions_router
from stadskennis.api.schemas import (
    BODY_ERRORS,
    ERRORS,
    NOT_FOUND,
    TAGS,
    ErrorOut,
    ItemIn,
    ItemOut,
    ItemPatch,
    OrganisationOut,
    SearchOut,
    ThemeOut,
)
from stadskennis.api.werking import router as werking_router
from stadskennis.core.models import Organisation, Theme
from stadskennis.core.visibility import Visibility, access_content_or_404, can_edit, can_own, is_staff_user
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.knowledge import services as knowledge_services
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.services import completions as search_completions
from stadskennis.search.services import search as search_service

# The documentation is in English, the convention for APIs; the paths keep the names clients rely on.
# The messages inside error answers are Dutch, like the platform (a caller shows them to its users).
api = NinjaAPI(
    title="Stadskennis API",
    version="1",
    description="The knowledge base, network, help desk and search of Stadskennis, the platform of the "
    "Kenniscentrum Vlaamse Steden (the knowledge centre of the Flemish centre cities). Every answer "
    "holds exactly what the pages show the same person.\n\n"
    "Read anonymously (public content only) or with a key; writing needs a key "
    "(`Authorization: Bearer …`), made on your profile page. A new password revokes your keys.\n\n"
    "An error answers JSON with `detail` and `errors` (each with `field` and `message`; the messages "
    "are in Dutch, for the people the platform serves): 400 when the body is not JSON, 401 for a key "
    "that is missing or no longer valid, 403 for what you may not do, 404 for what does not exist or "
    "what you may not see, 409 for answers someone else changed in the meantime, 422 for data that "
    "does not validate (with the field and what it expects).",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
    openapi_extra={"tags": TAGS},
    parser=BodyParser(),
)


api.add_router("/", network_router)
api.add_router("/", questions_router)
api.add_router("/", indicators_router)
api.add_router("/", plans_router)
api.add_router("/", events_router)
api.add_router("/", werking_router)


class FieldError(Exception):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


# What a caller reads for the validation errors a hostile or careless request meets most; any other
# keeps pydantic's own message.
MESSAGES = {
    "missing": "Dit veld is verplicht.",
    "int_parsing": "Geef een geheel getal.",
    "int_type": "Geef een geheel getal.",
    "int_from_float": "Geef een geheel getal.",
    "finite_number": "Geef een eindig getal.",
    "greater_than_equal": "Geef een getal van minstens {ge}.",
    "less_than_equal": "Geef een getal van hoogstens {le}.",
    "string_type": "Geef tekst.",
    "string_too_short": "Geef minstens {min_length} teken(s).",
    "string_too_long": "Geef hoogstens {max_length} tekens.",
    "enum": "Kies uit {expected}.",
    "literal_error": "Kies uit {expected}.",
    "list_type": "Geef een lijst.",
    "url_parsing": "Geef een geldig webadres (https://…).",
    "url_type": "Geef een geldig webadres (https://…).",
    "url_scheme": "Geef een geldig webadres (https://…).",
    "date_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_from_datetime_parsing": "Geef een datum als JJJJ-MM-DD.",
    "date_type": "Geef een datum als JJJJ-MM-DD.",
    "bool_parsing": "Geef true of false.",
    "bool_type": "Geef true of false.",
    "model_attributes_type": "Geef een object.",
    "dict_type": "Geef een object.",
}


def _message(error: dict) -> str:
    template = MESSAGES.get(error.get("type", ""))
    if template is None:
        return error.get("msg", "")
    context = dict(error.get("ctx", {}))
    if isinstance(context.get("expected"), str):  # pydantic lists the choices as "'a', 'b' or 'c'"
        context["expected"] = context["expected"].replace(" or ", " of ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return error.get("msg", "")


@api.exception_handler(ValidationError)
def validation_failed(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")
        ]
        errors.append({"field": ".".join(location) or None, "message": _message(error)})
    return api.create_response(
        request, {"detail": "De gegevens zijn ongeldig.", "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # django-ninja's only 400 is a body it cannot parse (api/parser.py); it says so in English.
    if isinstance(exc.__cause__, NulInBody):
        detail = f"“{exc.__cause__.field}” bevat een teken dat niet toegelaten is (NUL)."
        return api.create_response(
            request,
            {"detail": detail, "errors": [{"field": exc.__cause__.field, "message": detail}]},
            status=400,
        )
    detail = "De inhoud van het verzoek is geen geldige JSON." if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail, "errors": []}, status=exc.status_code)


@api.exception_handler(FieldError)
def field_error(request, exc: FieldError):
    return api.create_response(
        request,
        {"detail": "De gegevens zijn ongeldig.", "errors": [{"field": exc.field, "message": exc.message}]},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Geen geldige API-sleutel.", "errors": []}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Niet gevonden.", "errors": []}, status=404)


def _themes(slugs: list[str]) -> list[Theme]:
    found = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise FieldError("themes", f"Onbekend thema: {', '.join(missing)}")
    return [found[s] for s in slugs]


def _organisations(keys: list[str], field: str = "organisations") -> list[Organisation]:
    result = []
    for key in keys:
        org = Organisation.objects.filter(Q(slug=key) | Q(codes__code=key)).distinct().first()
        if org is None:
            raise FieldError(field, f"Onbekende organisatie: {key}")
        result.append(org)
    return result


def _items():
    return KnowledgeItem.objects.select_related("owner").prefetch_related("themes", "organisations")


@api.get(
    "/items",
    response={200: list[ItemOut], **ERRORS},
    tags=["Knowledge base"],
    summary="Knowledge items you may see",
)
@paginate(Pagination)
def item_list(
    request,
    kind: str = Query("", description="Only this kind (`practice`, `study`, …; see ItemIn)."),
    theme: str = Query("", description="Only items on this theme (its slug, see /api/themes)."),
    organisation: str = Query("", description="Only items about this organisation (its slug)."),
):
    """The same filters and the same order as the knowledge base's list page: newest knowledge first."""
    return knowledge_selectors.item_list(
        user=reader(request), kind=kind, theme=theme, organisation=organisation
    ).prefetch_related("organisations")


@api.get(
    "/items/{item_id}",
    response={200: ItemOut, **NOT_FOUND, **ERRORS},
    tags=["Knowledge base"],
    summary="One knowledge item",
)
def item_get(request, item_id: int):
    return access_content_or_404(reader(request), _items(), pk=item_id)


def _check_write(user, visibility: str):
    if not is_staff_user(user) and visibility != Visibility.DRAFT:
        raise HttpError(
            403, "Alleen redacteurs publiceren; leden dienen een voorstel in als concept (draft)."
        )


@api.post(
    "/items",
    response={201: ItemOut, 403: ErrorOut, **BODY_ERRORS},
    auth=token_auth,
    tags=["Knowledge base"],
    summary="Add a knowledge item",
)
def item_create(request, payload: ItemIn):
    """Editors publish for any organisation. A member proposes: a draft (`visibility: draft`) of their
    own organisation, which an editor reviews. An `external_id` that is already taken is refused, so an
    import can be repeated safely."""
    user = request.auth
    _check_write(user, payload.visibility)
    if payload.owner:
        owner = _organisations([payload.owner], field="owner")[0]
    elif user.organisation_id:
        owner = user.organisation
    else:
        raise FieldError("owner", "Geef de eigenaar (organisatie) op.")
    if not can_own(user, owner):
        message = "Je kunt alleen inhoud aanmaken voor je eigen organisatie."
        return Status(403, {"detail": message, "errors": [{"field": "owner", "message": message}]})
    if payload.external_id and KnowledgeItem.objects.filter(external_id=payload.external_id).exists():
        raise FieldError("external_id", "Er bestaat al een item met deze externe id.")
    try:
        item = knowledge_services.item_create(
            actor=user,
            title=payload.title,
            kind=payload.kind,
            summary=payload.summary,
            body=payload.body,
            outcome=payload.outcome or "",
            what_worked=payload.what_worked,
            what_failed=payload.what_failed,
            lessons=payload.lessons,
            period=payload.period,
            year=payload.year,
            url=str(payload.url) if payload.url else "",
            visibility=payload.visibility,
            owner=owner,
            external_id=payload.external_id,
            themes=_themes(payload.themes),
            organisations=_organisations(payload.organisations),
        )
    except DjangoValidationError as error:
        raise _field_error_from(error) from error
    return Status(201, item)


@api.patch(
    "/items/{item_id}",
    response={200: ItemOut, 403: ErrorOut, **NOT_FOUND, **BODY_ERRORS},
    auth=token_auth,
    tags=["Knowledge base"],
    summary="Change a knowledge item",
)
def item_update(request, item_id: int, payload: ItemPatch):
    """Only the fields sent change. Editors change any item, a member only their own drafts."""
    user = request.auth
    item = access_content_or_404(user, KnowledgeItem.objects.all(), pk=item_id)
    if not can_edit(user, item):
        raise HttpError(403, "Je mag dit item niet wijzigen.")
    data = payload.dict(exclude_unset=True)
    if "visibility" in data:
        _check_write(user, data["visibility"])
    fields = {}
    for name in (
        "title",
        "kind",
        "summary",
        "body",
        "what_worked",
        "what_failed",
        "lessons",
        "period",
        "year",
        "visibility",
    ):
        if name in data and data[name] is not None:
            fields[name] = data[name]
    if "outcome" in data:
        fields["outcome"] = data["outcome"] or ""
    if "url" in data:
        fields["url"] = str(data["url"]) if data["url"] else ""
    if data.get("themes") is not None:
        fields["themes"] = _themes(data["themes"])
    if data.get("organisations") is not None:
        fields["organisations"] = _organisations(data["organisations"])
    try:
        item = knowledge_services.item_update(item=item, actor=user, **fields)
    except DjangoValidationError as error:
        raise _field_error_from(error) from error
    return Status(200, KnowledgeItem.objects.prefetch_related("themes", "organisations").get(pk=item.pk))


def _field_error_from(error: DjangoValidationError) -> FieldError:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return FieldError(None if field == "__all__" else field, " ".join(messages))
    return FieldError(None, " ".join(error.messages))


@api.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERRORS},
    tags=["Organisations"],
    summary="Every organisation, with its NIS code",
)
def organisation_list(request):
    reader(request)  # a key that is given but wrong is refused here too
    return Organisation.objects.prefetch_related("codes")


# GET /organisations/{slug} (with the number of people) is in api/network.py.


@api.get("/themes", response={200: list[ThemeOut], **ERRORS}, tags=["Themes"], summary="Every theme")
def theme_list(request):
    reader(request)  # a key that is given but wrong is refused here too
    return Theme.objects.all()


class SearchParams(Schema):
    q: str = Field(
        "",
        description="What to look for: words (Dutch stems, compounds and synonyms are understood), "
        '"an exact phrase", -word to leave a word out, word* for words that start with it.',
    )
    limit: int = Field(20, ge=1, le=100, description="Results per page.")
    page: int = Field(1, ge=1, le=500, description="Which page of results, from 1.")
    sort: Literal["relevance", "date"] = Field(
        "relevance", description="Best matches first, or newest first."
    )
    kind: str = Field("", description="Only this kind (a key of `facets.kind`).")
    theme: str = Field("", description="Only this theme (its slug, a key of `facets.theme`).")
    organisation: str = Field("", description="Only this organisation (its slug).")
    year: str = Field("", description="Only this year.")
    outcome: str = Field("", description="Only practices with this outcome (`success`, `partial`, `failed`).")
    module: str = Field(
        "", description="Only this part of the platform (`knowledge_item`, `person`, `workgroup`, …)."
    )


class CompletionsOut(Schema):
    query: str = Field(description="The text that was completed.")
    completions: list[str] = Field(description="Whole words that start with its last word.")


@api.get(
    "/search/completions",
    response={200: CompletionsOut, **ERRORS},
    tags=["Search"],
    summary="Words that complete the last word typed, from what you may see (most common first)",
)
def completions(request, q: str = Query("", description="What was typed so far.")):
    q = q[:100]
    return {"query": q, "completions": search_completions(user=reader(request), prefix=q)}


@api.get(
    "/search", response={200: SearchOut, **ERRORS}, tags=["Search"], summary="Search everything you may see"
)
def search(request, params: Query[SearchParams]):
    """One search over the knowledge base, the network and the help desk, as on the search page."""
    filters = {f: getattr(params, f) for f in ("module", "kind", "theme", "organisation", "year", "outcome")}
    response = search_service(
        user=reader(request),
        query=params.q,
        filters=filters,
        sort=params.sort,
        page=params.page,
        per_page=params.limit,
    )
    return {
        "query": response.query,
        "total": response.total,
        "message": response.message,
        "results": [
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "url": r.url,
                "snippet": str(r.snippet),
                "score": r.score,
            }
            for r in response.results
        ],
        "facets": response.facet_counts,
        "suggestion": response.suggestion,
    }
