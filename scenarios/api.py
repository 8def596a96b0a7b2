"""Bids in the JSON API, for enterprises that integrate their own systems: list my bids, create
and update a draft, upload an attachment, submit, withdraw. Same services, and so the same checks,
as the site: a field the service refuses is a 422 naming it, a rule it refuses (the deadline, the
bid's state) a 400, an account outside a bidding organisation a 403."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth

from cms.models import OpportunityPage
from core.api import Problem

from . import selectors, services
from .models import Bid


class SignedInSession(SessionAuth):
    """The browser's session, its CSRF token checked. A request that is not signed in is simply
    not authenticated (401), not a CSRF failure: a client whose bearer token is wrong or missing
    learns that, instead of a misleading "CSRF check Failed"."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


router = Router(tags=["bids"], auth=[BearerTokenAuth(), SignedInSession()])

# Identifiers are database keys: a number beyond 64 bits names nothing (and would overflow).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
BidId = Annotated[int, Path(ge=1, le=MAX_ID)]


# What every bid operation may answer besides its success.
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class TargetResponseOut(Schema):
    id: int
    indicator: str
    target_value: str
    committed_value: str
    approach: str


class MilestoneIn(Schema):
    month: int
    deliverable: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


class BidSummary(Schema):
    id: int
    opportunity: int
    opportunity_title: str
    status: str
    receipt_number: str | None
    deadline: datetime
    submitted_at: datetime | None
    updated_at: datetime


class BidOut(BidSummary):
    summary: str
    approach: str
    team: str
    requested_funding_wan: Decimal | None
    target_responses: list[TargetResponseOut]
    milestones: list[MilestoneIn]
    attachments: list[AttachmentOut]


class BidCreate(Schema):
    opportunity: RecordId
    summary: str = ""
    approach: str = ""
    team: str = ""
    requested_funding_wan: Decimal | None = None


class TargetResponseIn(Schema):
    id: RecordId
    committed_value: str = ""
    approach: str = ""


class BidUpdate(Schema):
    summary: str | None = None
    approach: str | None = None
    team: str | None = None
    requested_funding_wan: Decimal | None = None
    target_responses: list[TargetResponseIn] | None = None
    milestones: list[MilestoneIn] | None = None


def _summary(bid):
    return {
        "id": bid.pk,
        "opportunity": bid.opportunity_id,
        "opportunity_title": bid.opportunity.title,
        "status": bid.status,
        "receipt_number": bid.receipt_number,
        "deadline": bid.opportunity.application_deadline,
        "submitted_at": bid.submitted_at,
        "updated_at": bid.updated_at,
    }


def _attachment(attachment):
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def _detail(bid):
    bid = Bid.objects.select_related("opportunity").get(pk=bid.pk)
    return {
        **_summary(bid),
        "summary": bid.summary,
        "approach": bid.approach,
        "team": bid.team,
        "requested_funding_wan": bid.requested_funding_wan,
        "target_responses": list(
            bid.target_responses.values(
                "id", "indicator", "target_value", "committed_value", "approach"
            )
        ),
        "milestones": list(bid.milestones.values("month", "deliverable")),
        "attachments": [_attachment(a) for a in bid.attachments.all()],
    }


def _problem(error):
    """A service's refusal: 422 naming the fields it names, else 400 with its reason."""
    if hasattr(error, "error_dict"):
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
        detail = "; ".join(f"{field}: {' '.join(ms)}" for field, ms in errors.items())
        return Status(422, {"detail": detail, "errors": errors})
    return Status(400, {"detail": " ".join(error.messages), "errors": {}})


def _my_company(request):
    company = selectors.company_of(request.user)
    if company is None:
        raise PermissionDenied(_("This account does not belong to a bidding organisation."))
    return company


def _my_bid(request, bid_id):
    """A bid of the caller's own organisation; any other bid is 404, sealed as on the site."""
    company = _my_company(request)
    return get_object_or_404(Bid.objects.select_related("opportunity"), pk=bid_id, company=company)


def _run(request, action):
    try:
        bid = action()
    except ValidationError as error:
        return _problem(error)
    return Status(200, _detail(bid))


@router.get(
    "/bids", response={200: list[BidSummary], **ERRORS}, summary="List my organisation's bids"
)
def list_bids(request):
    return [_summary(bid) for bid in selectors.bids_of_company(_my_company(request))]


@router.post(
    "/bids",
    response={201: BidOut, 400: Problem, **ERRORS},
    summary="Start a draft bid on an opportunity",
)
def create_bid(request, payload: BidCreate):
    company = _my_company(request)
    opportunity = get_object_or_404(OpportunityPage.objects.live(), pk=payload.opportunity)
    try:
        bid = services.bid_create(
            company,
            opportunity,
            request.user,
            fields=payload.dict(exclude={"opportunity"}),
            request=request,
        )
    except ValidationError as error:
        return _problem(error)
    return Status(201, _detail(bid))


@router.get("/bids/{bid_id}", response={200: BidOut, **ERRORS}, summary="Read one of my bids")
def read_bid(request, bid_id: BidId):
    return _detail(_my_bid(request, bid_id))


@router.patch(
    "/bids/{bid_id}", response={200: BidOut, 400: Problem, **ERRORS}, summary="Edit a bid"
)
def update_bid(request, bid_id: BidId, payload: BidUpdate):
    bid = _my_bid(request, bid_id)
    fields = payload.dict(exclude_unset=True, exclude={"target_responses", "milestones"})
    responses = (
        {
            row.id: {"committed_value": row.committed_value, "approach": row.approach}
            for row in payload.target_responses
        }
        if payload.target_responses is not None
        else None
    )
    milestones = (
        [row.dict() for row in payload.milestones] if payload.milestones is not None else None
    )
    return _run(
        request,
        lambda: services.bid_update(
            bid,
            request.user,
            fields=fields,
            target_responses=responses,
            milestones=milestones,
            request=request,
        ),
    )


@router.post(
    "/bids/{bid_id}/attachments",
    response={201: AttachmentOut, 400: Problem, **ERRORS},
    summary="Attach a PDF or an image",
)
def upload_attachment(request, bid_id: BidId, file: File[UploadedFile]):
    bid = _my_bid(request, bid_id)
    try:
        attachment = services.attachment_add(bid, request.user, file, request=request)
    except ValidationError as error:
        return _problem(error)
    return Status(201, _attachment(attachment))


@router.post(
    "/bids/{bid_id}/submit", response={200: BidOut, 400: Problem, **ERRORS}, summary="Submit a bid"
)
def submit_bid(request, bid_id: BidId):
    bid = _my_bid(request, bid_id)
    return _run(request, lambda: services.bid_submit(bid, request.user, request=request))


@router.post(
    "/bids/{bid_id}/withdraw",
    response={200: BidOut, 400: Problem, **ERRORS},
    summary="Withdraw a bid",
)
def withdraw_bid(request, bid_id: BidId):
    bid = _my_bid(request, bid_id)
    return _run(request, lambda: services.bid_withdraw(bid, request.user, request=request))
