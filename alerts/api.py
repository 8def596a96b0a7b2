"""Saved searches and follows in the JSON API: GET/POST /api/v1/saved-searches, PATCH/DELETE
/api/v1/saved-searches/{id}, POST/DELETE /api/v1/opportunities/{id}/follow. Same services as
the site: a refused field is a 422 naming it."""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth

from cms.models import OpportunityPage
from core.api import Problem
from scenarios.api import SignedInSession, _problem

from . import services
from .models import SavedSearch

router = Router(tags=["saved searches"], auth=[BearerTokenAuth(), SignedInSession()])
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class SavedSearchIn(Schema):
    name: str = Field(description="A name for the saved search.")
    query: str = Field("", description="The search words; empty for a filter-only search.")
    filters: dict[str, Any] = Field(
        default_factory=dict,
        description="Filters by the search parameters' names (kind, domain, region, ...).",
    )
    frequency: str = Field("immediate", description="immediate, daily or weekly.")


class SavedSearchChange(Schema):
    name: str | None = None
    frequency: str | None = None
    active: bool | None = None


class SavedSearchOut(Schema):
    id: int
    name: str
    query: str
    filters: dict[str, Any]
    frequency: str
    active: bool
    created_at: datetime
    last_sent_at: datetime | None
    feed_url: str


def _out(saved_search):
    return {
        "id": saved_search.pk,
        "name": saved_search.name,
        "query": saved_search.query,
        "filters": saved_search.filters,
        "frequency": saved_search.frequency,
        "active": saved_search.active,
        "created_at": saved_search.created_at,
        "last_sent_at": saved_search.last_sent_at,
        "feed_url": services.feed_path(saved_search.pk),
    }


@router.get("/saved-searches", response={200: list[SavedSearchOut], **ERRORS})
def saved_search_list(request):
    """This account's saved searches, newest first."""
    return Status(200, [_out(s) for s in SavedSearch.objects.filter(user=request.user)])


@router.post("/saved-searches", response={201: SavedSearchOut, **ERRORS})
def saved_search_create(request, payload: SavedSearchIn):
    """Save a search (words, filters or both) to be alerted of new matching opportunities."""
    try:
        saved_search = services.saved_search_create(request.user, **payload.dict())
    except ValidationError as error:
        return _problem(error)
    return Status(201, _out(saved_search))


@router.patch("/saved-searches/{pk}", response={200: SavedSearchOut, **ERRORS})
def saved_search_update(request, pk: RecordId, payload: SavedSearchChange):
    """Rename, change the frequency, or pause (active false) and resume."""
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    try:
        saved_search = services.saved_search_update(
            saved_search, request.user, **payload.dict(exclude_unset=True)
        )
    except ValidationError as error:
        return _problem(error)
    return Status(200, _out(saved_search))


@router.delete("/saved-searches/{pk}", response={204: None, **ERRORS})
def saved_search_delete(request, pk: RecordId):
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(saved_search, request.user)
    return Status(204, None)


@router.post("/opportunities/{pk}/follow", response={204: None, **ERRORS})
def follow(request, pk: RecordId):
    """Follow (关注) a published opportunity: its answers, amendments and result."""
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=pk)
    try:
        services.follow_add(request.user, opportunity)
    except ValidationError as error:
        return _problem(error)
    return Status(204, None)


@router.delete("/opportunities/{pk}/follow", response={204: None, **ERRORS})
def unfollow(request, pk: RecordId):
    opportunity = get_object_or_404(OpportunityPage, pk=pk)
    services.follow_remove(request.user, opportunity)
    return Status(204, None)
