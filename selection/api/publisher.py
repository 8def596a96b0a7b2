"""The publisher's selection operations in the JSON API (/api/v1/review/publisher/…): form a
panel, read it, list expert suggestions, invite, move the stage, mark eligibility, schedule a
roadshow. The same services, and so the same checks, as the site. Errors in the API's one shape:
a field the service refuses is a 422 naming it; a rule it refuses (the stage, a condition not
met) a 400, a refused stage change listing every missing condition under `errors.stage`; an
account that publishes for no organisation a 403; another organisation's panel or bid a 404."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth

from cms.models import Domain
from core.api import Problem
from scenarios.api import SignedInSession
from scenarios.models import Bid
from scenarios.selectors import opportunities_published_by, publisher_organization_of

from .. import selectors, services
from ..models import Expert, Panel
from ..services.panels import MANUAL_STEPS

router = Router(tags=["review: publisher"], auth=[BearerTokenAuth(), SignedInSession()])

MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class CriterionOut(Schema):
    id: int
    name: str
    max_score: int
    pass_mark: Decimal | None


class MemberOut(Schema):
    id: int
    expert: int
    expert_name: str
    role: str
    status: str
    declared_at: datetime | None


class ProgressOut(Schema):
    bid: int
    receipt_number: str | None
    expected: int
    submitted: int


class PanelOut(Schema):
    id: int
    opportunity: int
    opportunity_title: str
    stage: str
    stage_label: str
    next_stages: list[str]
    min_members: int
    aggregation: str
    outlier_share: Decimal
    comment_below_share: Decimal
    pass_score: Decimal
    blind_first_round: bool
    with_roadshow: bool
    objection_working_days: int
    criteria: list[CriterionOut]
    members: list[MemberOut]
    scoring_progress: list[ProgressOut]


class PanelIn(Schema):
    """The rules; what is left out takes the default of the opportunity's kind. `pass_marks`
    maps a criterion's position in the rubric (0, 1, …) to its pass mark."""

    min_members: int | None = None
    aggregation: Literal["mean", "trimmed_mean"] | None = None
    outlier_share: Decimal | None = None
    comment_below_share: Decimal | None = None
    pass_score: Decimal | None = None
    blind_first_round: bool | None = None
    with_roadshow: bool | None = None
    objection_working_days: int | None = None
    pass_marks: dict[int, Decimal] | None = None


class SuggestionOut(Schema):
    expert: int
    name: str
    affiliation: str
    title: str
    fit: int
    shared_domains: list[str]
    matched_keywords: list[str]


class InviteIn(Schema):
    expert: RecordId
    role: Literal["chair", "member"] = "member"


class AdvanceIn(Schema):
    stage: Literal["eligibility", "scoring", "consensus", "roadshow", "decision"]


class EligibilityIn(Schema):
    eligible: bool
    reason: str = ""


class EligibilityOut(Schema):
    bid: int
    eligible: bool
    reason: str
    checked_at: datetime


class RoadshowIn(Schema):
    starts_at: datetime
    minutes: int = 20
    place: str


class RoadshowOut(Schema):
    bid: int
    starts_at: datetime
    minutes: int
    place: str


def _problem(error):
    """A service's refusal: 422 naming the fields it names, else 400 with its reason."""
    if hasattr(error, "error_dict"):
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
        detail = "; ".join(f"{field}: {' '.join(ms)}" for field, ms in errors.items())
        return Status(422, {"detail": detail, "errors": errors})
    return Status(400, {"detail": " ".join(error.messages), "errors": {}})


def _publisher(request):
    organization = publisher_organization_of(request.user)
    if organization is None:
        raise PermissionDenied(_("This account does not publish for an organisation."))
    return organization


def _my_panel(request, panel_id):
    _publisher(request)
    return get_object_or_404(selectors.panels_managed_by(request.user), pk=panel_id)


def _my_bid_before_a_panel(request, bid_id):
    """A bid before a panel the caller manages, with that panel; anything else is 404."""
    _publisher(request)
    opportunity_id = Bid.objects.filter(pk=bid_id).values_list("opportunity_id", flat=True).first()
    panel = selectors.panels_managed_by(request.user).filter(opportunity_id=opportunity_id).first()
    bid = selectors.bids_before_panel(panel).filter(pk=bid_id).first() if panel else None
    if bid is None:
        raise Http404
    return panel, bid


def _panel_out(panel):
    panel = Panel.objects.select_related("opportunity").get(pk=panel.pk)
    return {
        "id": panel.pk,
        "opportunity": panel.opportunity_id,
        "opportunity_title": panel.opportunity.title,
        "stage": panel.stage,
        "stage_label": panel.get_stage_display(),
        "next_stages": [stage for stage, sources in MANUAL_STEPS.items() if panel.stage in sources],
        "min_members": panel.min_members,
        "aggregation": panel.aggregation,
        "outlier_share": panel.outlier_share,
        "comment_below_share": panel.comment_below_share,
        "pass_score": panel.pass_score,
        "blind_first_round": panel.blind_first_round,
        "with_roadshow": panel.with_roadshow,
        "objection_working_days": panel.objection_working_days,
        "criteria": list(panel.criteria.values("id", "name", "max_score", "pass_mark")),
        "members": [
            {
                "id": member.pk,
                "expert": member.expert_id,
                "expert_name": member.expert.name,
                "role": member.role,
                "status": member.status,
                "declared_at": member.declared_at,
            }
            for member in panel.members.select_related("expert")
        ],
        "scoring_progress": [
            {
                "bid": row["bid"].pk,
                "receipt_number": row["bid"].receipt_number,
                "expected": row["expected"],
                "submitted": row["submitted"],
            }
            for row in (
                selectors.scoring_progress(panel) if panel.reached(Panel.Stage.SCORING) else []
            )
        ],
    }


@router.post(
    "/publisher/opportunities/{opportunity_id}/panel",
    response={201: PanelOut, **ERRORS},
    summary="Form the review panel of one of my organisation's opportunities",
)
def create_panel(request, opportunity_id: PathId, payload: PanelIn):
    organization = _publisher(request)
    opportunity = get_object_or_404(opportunities_published_by(organization), pk=opportunity_id)
    rules = {
        name: value
        for name, value in payload.dict(exclude={"pass_marks"}).items()
        if value is not None
    }
    try:
        panel = services.panel_create(
            opportunity, request.user, request=request, pass_marks=payload.pass_marks, **rules
        )
    except ValidationError as error:
        return _problem(error)
    return Status(201, _panel_out(panel))


@router.get(
    "/publisher/panels/{panel_id}",
    response={200: PanelOut, **ERRORS},
    summary="Read a panel: rules, members, next stages, sheets submitted per bid (no score)",
)
def read_panel(request, panel_id: PathId):
    return _panel_out(_my_panel(request, panel_id))


@router.get(
    "/publisher/panels/{panel_id}/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    summary="Experts of the pool ranked by fit, known conflicts left out",
)
def list_suggestions(request, panel_id: PathId):
    panel = _my_panel(request, panel_id)
    rows = services.expert_suggestions(panel)
    names = dict(
        Domain.objects.filter(pk__in={pk for row in rows for pk in row["domain_ids"]}).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "expert": row["expert"].pk,
            "name": row["expert"].name,
            "affiliation": row["expert"].affiliation,
            "title": row["expert"].title,
            "fit": row["fit"],
            "shared_domains": [names[pk] for pk in row["domain_ids"] if pk in names],
            "matched_keywords": row["keywords"],
        }
        for row in rows
    ]


@router.post(
    "/publisher/panels/{panel_id}/members",
    response={201: MemberOut, **ERRORS},
    summary="Invite an expert of the pool as chair or member",
)
def invite_member(request, panel_id: PathId, payload: InviteIn):
    panel = _my_panel(request, panel_id)
    expert = Expert.objects.active().filter(pk=payload.expert).first()
    if expert is None:
        return Status(
            422,
            {
                "detail": _("No expert of the pool has this number."),
                "errors": {"expert": [_("No expert of the pool has this number.")]},
            },
        )
    try:
        member = services.member_invite(
            panel, expert, request.user, role=payload.role, request=request
        )
    except ValidationError as error:
        return _problem(error)
    return Status(
        201,
        {
            "id": member.pk,
            "expert": expert.pk,
            "expert_name": expert.name,
            "role": member.role,
            "status": member.status,
            "declared_at": member.declared_at,
        },
    )


@router.post(
    "/publisher/panels/{panel_id}/advance",
    response={200: PanelOut, **ERRORS},
    summary="Move the panel to its next stage; a refusal lists every missing condition",
)
def advance_panel(request, panel_id: PathId, payload: AdvanceIn):
    panel = _my_panel(request, panel_id)
    try:
        panel = services.panel_advance(panel, request.user, payload.stage, request=request)
    except ValidationError as error:
        # Each message is a condition the stage needs (or why the step does not exist).
        detail = " ".join(error.messages)
        return Status(400, {"detail": detail, "errors": {"stage": list(error.messages)}})
    return _panel_out(panel)


@router.put(
    "/publisher/bids/{bid_id}/eligibility",
    response={200: EligibilityOut, **ERRORS},
    summary="Mark a bid eligible or not (a reason is required when not); the bidder is told",
)
def mark_eligibility(request, bid_id: PathId, payload: EligibilityIn):
    _panel, bid = _my_bid_before_a_panel(request, bid_id)
    try:
        check = services.eligibility_mark(
            bid, request.user, eligible=payload.eligible, reason=payload.reason, request=request
        )
    except ValidationError as error:
        return _problem(error)
    return {
        "bid": bid.pk,
        "eligible": check.eligible,
        "reason": check.reason,
        "checked_at": check.checked_at,
    }


@router.put(
    "/publisher/bids/{bid_id}/roadshow",
    response={200: RoadshowOut, **ERRORS},
    summary="Set or move a bid's roadshow slot; the bidder is told the time and place",
)
def schedule_roadshow(request, bid_id: PathId, payload: RoadshowIn):
    panel, bid = _my_bid_before_a_panel(request, bid_id)
    try:
        slot = services.roadshow_schedule(
            panel,
            bid,
            request.user,
            starts_at=payload.starts_at,
            minutes=payload.minutes,
            place=payload.place,
            request=request,
        )
    except ValidationError as error:
        return _problem(error)
    return {
        "bid": bid.pk,
        "starts_at": slot.starts_at,
        "minutes": slot.minutes,
        "place": slot.place,
    }
