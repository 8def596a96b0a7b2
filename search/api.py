"""Search in the JSON API: GET /api/v1/search and /api/v1/suggest (router mounted by
config/api.py). The query parameters' schema is built from their one declaration
(`SearchParams`), so the API checks what the page's form checks, and answers 422 naming each bad
parameter."""

import logging
from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import create_model

from core.api import Problem

from .backends import SearchUnavailable, get_backend
from .params import SearchParams, parameters, query_cut_note, value_problems
from .queries import search_opportunities

logger = logging.getLogger(__name__)
router = Router(tags=["search"])
UNAVAILABLE = "Search is temporarily unavailable; try again in a minute."
RETRY_AFTER_SECONDS = 60
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"


def schema_field(spec):
    """The annotated type and default of one declared parameter in the API's schema."""
    with translation.override("en"):  # the API is documented in English
        description = str(spec.label)
    if spec.choices:
        allowed = Literal[("", *(str(value) for value, _label in spec.choices))]
        return Annotated[allowed, Field(description=description)], spec.default
    if spec.slug:
        return Annotated[str, Field(pattern=SLUG_PATTERN, description=description)], ""
    if spec.type is str:
        return Annotated[str, Field(description=description)], spec.default
    if spec.type is date:
        return Annotated[date | None, Field(description=description)], None
    bounds = Field(ge=spec.min_value, le=spec.max_value, description=description)
    if spec.type is float:
        bounds = Field(
            ge=spec.min_value, le=spec.max_value, allow_inf_nan=False, description=description
        )
    optional = spec.default is None
    kind = spec.type | None if optional else spec.type
    return Annotated[kind, bounds], spec.default


SearchFilters = create_model(
    "SearchFilters",
    __base__=Schema,
    **{spec.name: schema_field(spec) for spec in parameters()},
)


class Hit(Schema):
    id: int
    ref: str
    kind: str
    title: str
    url: str
    status: str
    deadline: str
    highlight: dict[str, list[str]]


class FacetValue(Schema):
    key: str | int
    label: str
    count: int
    parent: str | None = Field(
        None, description="Of a child domain, its parent's slug (listed just before it)."
    )


class SearchAnswer(Schema):
    total: int
    page: int
    pages: int
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str
    messages: list[str]


def unavailable(error):
    """503 with a problem and a Retry-After header; the reason goes to the log, not the caller."""
    logger.warning("search API answers 503: %s", error)
    return Status(503, {"detail": UNAVAILABLE, "errors": {}})


@router.get(
    "/search",
    response={200: SearchAnswer, 422: Problem, 503: Problem},
    summary="Search opportunities",
)
def search(request, response: HttpResponse, filters: Query[SearchFilters]):
    """Free text (Chinese or English, synonyms expanded), filters, facet counts for each filter,
    highlighted snippets, sorting (relevance, newest, deadline, amount) and pages. A bad
    parameter is a 422 naming it; 503 while the search index cannot be reached."""
    values = filters.model_dump()
    problems = value_problems(values)
    if problems:
        raise ValidationError(
            [
                {"type": "value_error", "loc": ["query", name], "msg": str(message)}
                for name, message in problems.items()
            ]
        )
    params = SearchParams.from_values(values)
    try:
        results = search_opportunities(params)
    except SearchUnavailable as error:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return unavailable(error)
    note = query_cut_note(values["q"])
    return Status(
        200,
        {
            "total": results.total,
            "page": params.page,
            "pages": results.pages,
            "results": results.hits,
            "facets": results.facets,
            "suggestion": results.suggestion,
            "messages": [str(note)] if note else [],
        },
    )


@router.get(
    "/suggest",
    response={200: list[str], 422: Problem, 503: Problem},
    summary="Complete a title or keyword",
)
def suggest(request, response: HttpResponse, q: Annotated[str, Field(max_length=60)] = ""):
    """Titles and keywords starting with `q`; 503 while the search index cannot be reached."""
    if not q.strip():
        return Status(200, [])
    try:
        return Status(200, get_backend().suggest(q))
    except SearchUnavailable as error:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return unavailable(error)
