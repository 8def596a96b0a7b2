"""Search in the JSON API: GET /api/v1/search and /api/v1/suggest (router mounted by
config/api.py)."""

from datetime import date

from ninja import Query, Router, Schema, Status

from .backends import get_backend
from .forms import SearchForm
from .queries import search_opportunities

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = ""
    kind: str = ""
    domain: str = ""
    region: str = ""
    status: str = ""
    level: str = ""
    list: int | None = None
    amount_min: float | None = None
    amount_max: float | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10


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


class SearchAnswer(Schema):
    total: int
    page: int
    pages: int
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str
    messages: list[str]


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]]


@router.get(
    "/search",
    response={200: SearchAnswer, 400: Problem, 422: Problem},
    summary="Search opportunities",
)
def search(request, filters: Query[SearchFilters]):
    """Free text (Chinese or English, synonyms expanded), filters, facet counts for each filter,
    highlighted snippets, sorting (relevance, newest, deadline, amount) and pages."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        return Status(400, {"detail": "; ".join(form.messages()), "errors": errors})
    params = form.params()
    results = search_opportunities(params)
    return Status(
        200,
        {
            "total": results.total,
            "page": params.page,
            "pages": results.pages,
            "results": results.hits,
            "facets": results.facets,
            "suggestion": results.suggestion,
            "messages": form.messages(),
        },
    )


@router.get(
    "/suggest", response={200: list[str], 400: Problem}, summary="Complete a title or keyword"
)
def suggest(request, q: str = ""):
    if len(q) > 60:
        return Status(
            400, {"detail": "q: at most 60 characters", "errors": {"q": ["at most 60 characters"]}}
        )
    return get_backend().suggest(q) if q.strip() else []
