"""The expert's operations in the JSON API (/api/v1/review/…): my assignments, answering an
invitation, the declaration, the bids I may score (blind-aware: no name, credit code, team or
file name in a blind round), reading one, and my score sheet (save or submit). Same services and
same sealing rule as the pages: a bid the expert may not read is a 404, as if it did not exist; an
account outside the pool is a 403; a field the service refuses is a 422 naming it."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth

from core.api import Problem
from scenarios.api import SignedInSession
from scenarios.models import Bid

from .. import selectors, services
from ..models import PanelMember, Round, ScoreSheet

router = Router(tags=["review"], auth=[BearerTokenAuth(), SignedInSession()])

MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


class AssignmentOut(Schema):
    id: int
    panel: int
    opportunity: int
    opportunity_title: str
    deadline: datetime
    role: str
    status: str
    stage: str
    blind: bool
    declared_at: datetime | None
    next_step: str


class RespondIn(Schema):
    accept: bool
    reason: str = Field("", max_length=300)


class DeclareIn(Schema):
    conflicted_bids: list[RecordId] = Field(default_factory=list, max_length=500)
    whole_opportunity: bool = False
    note: str = Field("", max_length=300)


class ExpertBidSummary(Schema):
    id: int
    label: str = Field(description="The bidder's name, or its pseudonym in a blind round.")
    bidder_name: str | None = Field(description="None in a blind round.")
    submitted_at: datetime | None
    sheet: str = Field(description="none, draft or submitted")


class TargetResponseOut(Schema):
    indicator: str
    target_value: str
    committed_value: str
    approach: str


class MilestoneOut(Schema):
    month: int
    deliverable: str


class AttachmentOut(Schema):
    id: int
    name: str | None = Field(description="None in a blind round.")
    kind: str
    content_type: str
    size: int


class ExpertBidOut(ExpertBidSummary):
    summary: str
    approach: str
    team: str | None = Field(description="None in a blind round.")
    requested_funding_wan: Decimal | None
    target_responses: list[TargetResponseOut]
    milestones: list[MilestoneOut]
    attachments: list[AttachmentOut]


class ScoreIn(Schema):
    criterion: RecordId
    score: Decimal | None = None
    comment: str = Field("", max_length=2000)


class SheetIn(Schema):
    scores: list[ScoreIn] = Field(max_length=100)
    comment: str = Field("", max_length=4000)
    submit: bool = False


class CriterionScoreOut(Schema):
    criterion: int
    name: str
    max_score: int
    score: Decimal | None
    comment: str


class OtherSheetOut(Schema):
    expert: str = Field(description="Expert 1, 2, … (never a name).")
    comment: str
    scores: list[CriterionScoreOut]


class SheetOut(Schema):
    bid: int
    round: str
    editable: bool
    submitted_at: datetime | None
    comment: str
    scores: list[CriterionScoreOut]
    others: list[OtherSheetOut] = Field(
        description="Other experts' submitted sheets: empty until my own is submitted."
    )


def _expert(request):
    expert = selectors.expert_of(request.user)
    if expert is None:
        raise PermissionDenied(_("This account is not an expert of the pool."))
    return expert


def _member(request, member_id):
    return get_object_or_404(
        PanelMember.objects.select_related("panel__opportunity", "expert"),
        pk=member_id,
        expert=_expert(request),
    )


def _assignment(member):
    panel = member.panel
    return {
        "id": member.pk,
        "panel": panel.pk,
        "opportunity": panel.opportunity_id,
        "opportunity_title": panel.opportunity.title,
        "deadline": panel.opportunity.application_deadline,
        "role": member.role,
        "status": member.status,
        "stage": panel.stage,
        "blind": selectors.identity_hidden(panel),
        "declared_at": member.declared_at,
        "next_step": selectors.next_step(member),
    }


def _problem(error, fields=None):
    """A service's refusal: 422 naming the fields (renamed through `fields`), else 400."""
    if hasattr(error, "error_dict"):
        fields = fields or {}
        errors = {}
        for name, messages in error.message_dict.items():
            errors.setdefault(fields.get(name, name), []).extend(messages)
        detail = "; ".join(f"{name}: {' '.join(ms)}" for name, ms in errors.items())
        return Status(422, {"detail": detail, "errors": errors})
    return Status(400, {"detail": " ".join(error.messages), "errors": {}})


def _sheet_kind(sheet):
    if sheet is None:
        return "none"
    return "submitted" if sheet.is_submitted else "draft"


def _summary(bid, panel, names, sheet):
    blind = selectors.identity_hidden(panel)
    return {
        "id": bid.pk,
        "label": names[bid.pk],
        "bidder_name": None if blind else names[bid.pk],
        "submitted_at": bid.submitted_at,
        "sheet": _sheet_kind(sheet),
    }


def _readable(request, bid_id):
    """The bid and the expert's seat when the expert may read it (first opening audited)."""
    _expert(request)
    bid = get_object_or_404(
        Bid.objects.select_related("opportunity", "company", "eligibility"), pk=bid_id
    )
    try:
        member = services.bid_open_by_expert(bid, request.user, request=request)
    except PermissionDenied:
        raise Http404 from None
    return bid, member


def _scores(criteria, sheet):
    mine = {score.criterion_id: score for score in sheet.scores.all()} if sheet else {}
    return [
        {
            "criterion": criterion.pk,
            "name": criterion.name,
            "max_score": criterion.max_score,
            "score": mine[criterion.pk].score if criterion.pk in mine else None,
            "comment": mine[criterion.pk].comment if criterion.pk in mine else "",
        }
        for criterion in criteria
    ]


def _sheet(bid, member):
    panel = member.panel
    criteria = list(panel.criteria.all())
    sheet = selectors.own_sheet(member, bid)
    others = selectors.sheets_visible_to(member, bid).exclude(member=member)
    return {
        "bid": bid.pk,
        "round": Round.REVIEW,
        "editable": panel.stage == panel.Stage.SCORING,
        "submitted_at": sheet.submitted_at if sheet else None,
        "comment": sheet.comment if sheet else "",
        "scores": _scores(criteria, sheet),
        "others": [
            {
                "expert": _("Expert %(number)d") % {"number": index},
                "comment": other.comment,
                "scores": _scores(criteria, other),
            }
            for index, other in enumerate(others, start=1)
        ],
    }


@router.get(
    "/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    summary="My review assignments (invitations and seats)",
)
def list_assignments(request):
    return [_assignment(member) for member in selectors.assignments_of(_expert(request))]


@router.post(
    "/assignments/{member_id}/respond",
    response={200: AssignmentOut, 400: Problem, **ERRORS},
    summary="Accept or decline an invitation (declining needs a reason)",
)
def respond(request, member_id: PathId, payload: RespondIn):
    member = _member(request, member_id)
    try:
        member = services.invitation_respond(
            member, request.user, accept=payload.accept, reason=payload.reason, request=request
        )
    except ValidationError as error:
        return _problem(error)
    return Status(200, _assignment(member))


@router.post(
    "/assignments/{member_id}/declare",
    response={200: AssignmentOut, 400: Problem, **ERRORS},
    summary="Sign the conflict-of-interest declaration, naming conflicts per bid or overall",
)
def declare(request, member_id: PathId, payload: DeclareIn):
    member = _member(request, member_id)
    try:
        member = services.declaration_sign(
            member,
            request.user,
            conflicted_bid_ids=sorted(set(payload.conflicted_bids)),
            whole_opportunity=payload.whole_opportunity,
            note=payload.note,
            request=request,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "unknown_bid":
            return _problem(ValidationError({"conflicted_bids": error.messages}))
        return _problem(error)
    return Status(200, _assignment(member))


@router.get(
    "/assignments/{member_id}/bids",
    response={200: list[ExpertBidSummary], **ERRORS},
    summary="The bids I may read and score (pseudonyms in a blind round)",
)
def list_bids(request, member_id: PathId):
    member = _member(request, member_id)
    bids = selectors.bids_for_expert(member) if member.is_active else []
    sheets = {
        sheet.bid_id: sheet
        for sheet in ScoreSheet.objects.filter(member=member, round=Round.REVIEW)
    }
    names = selectors.bid_names(member.panel, bids)
    return [_summary(bid, member.panel, names, sheets.get(bid.pk)) for bid in bids]


@router.get(
    "/bids/{bid_id}",
    response={200: ExpertBidOut, **ERRORS},
    summary="Read a bid as its reviewer (the first opening is audited)",
)
def read_bid(request, bid_id: PathId):
    bid, member = _readable(request, bid_id)
    panel = member.panel
    blind = selectors.identity_hidden(panel)
    names = selectors.bid_names(panel, [bid])
    return {
        **_summary(bid, panel, names, selectors.own_sheet(member, bid)),
        "summary": bid.summary,
        "approach": bid.approach,
        "team": None if blind else bid.team,
        "requested_funding_wan": bid.requested_funding_wan,
        "target_responses": list(
            bid.target_responses.values("indicator", "target_value", "committed_value", "approach")
        ),
        "milestones": list(bid.milestones.values("month", "deliverable")),
        "attachments": [
            {
                "id": attachment.pk,
                "name": None if blind else attachment.original_name,
                "kind": attachment.kind,
                "content_type": attachment.content_type,
                "size": attachment.size,
            }
            for attachment in bid.attachments.all()
        ],
    }


@router.get(
    "/bids/{bid_id}/sheet",
    response={200: SheetOut, **ERRORS},
    summary="My score sheet for a bid, and the others' once mine is submitted",
)
def read_sheet(request, bid_id: PathId):
    bid, member = _readable(request, bid_id)
    return _sheet(bid, member)


@router.put(
    "/bids/{bid_id}/sheet",
    response={200: SheetOut, 400: Problem, **ERRORS},
    summary="Save my score sheet for a bid (submit: true submits it)",
)
def save_sheet(request, bid_id: PathId, payload: SheetIn):
    bid, member = _readable(request, bid_id)
    entries, fields = {}, {}
    for index, row in enumerate(payload.scores):
        if row.criterion in entries:
            return _problem(
                ValidationError({f"scores[{index}].criterion": _("This criterion is repeated.")})
            )
        entries[row.criterion] = {
            "score": "" if row.score is None else row.score,
            "comment": row.comment,
        }
        fields[f"score_{row.criterion}"] = f"scores[{index}].score"
        fields[f"comment_{row.criterion}"] = f"scores[{index}].comment"
    try:
        services.sheet_save(
            bid,
            request.user,
            entries,
            comment=payload.comment,
            submit=payload.submit,
            request=request,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict") and error.code not in ("closed", "not_in_roadshow"):
            return _problem(ValidationError({"scores": error.messages}))
        return _problem(error, fields)
    return Status(200, _sheet(bid, member))
