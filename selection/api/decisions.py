"""Consensus, ranking and decision in the JSON API: the chair reads the figures and records the
consensus; the publisher reads the ranking, shortlists and selects. The same services as the
site: a field a service refuses is a 422 naming it, a rule it refuses (the stage, the count of
winners) a 400, a role that may not act a 403, a panel the caller has no part in a 404."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status
from wagtail.api.v3.auth import BearerTokenAuth

from core.api import Problem
from scenarios.api import SignedInSession
from scenarios.models import Bid

from ..models import Panel, Round
from ..selectors import membership_of, panels_managed_by
from ..services import (
    consensus_figures,
    consensus_record,
    decision_select,
    decision_shortlist,
    panel_ranking,
)

router = Router(tags=["review"], auth=[BearerTokenAuth(), SignedInSession()])

MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
PanelId = Annotated[int, Path(ge=1, le=MAX_ID)]
BidId = Annotated[int, Path(ge=1, le=MAX_ID)]
RoundName = Literal["review", "roadshow"]
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class ScoreOut(Schema):
    expert: str
    score: Decimal
    outlier: bool


class RowOut(Schema):
    maximum: Decimal
    scores: list[ScoreOut]
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    aggregate: Decimal | None


class CriterionRowOut(RowOut):
    criterion: int
    name: str


class ConsensusOut(Schema):
    bid: int
    round: str
    agreed_score: Decimal
    criteria: dict[str, Decimal]
    comment: str
    recorded_at: datetime


class BidFiguresOut(Schema):
    bid: int
    label: str
    missing_sheets: int
    recused: bool
    criteria: list[CriterionRowOut]
    total: RowOut
    consensus: ConsensusOut | None


class ConsensusIn(Schema):
    round: RoundName = "review"
    criteria: dict[int, Decimal]
    agreed_score: Decimal | None = None
    comment: str


class RankingRowOut(Schema):
    bid: int
    bidder: str
    status: str
    rank: int | None
    review_score: Decimal | None
    roadshow_score: Decimal | None
    final_score: Decimal | None
    criteria: dict[str, Decimal]
    passed: bool
    reasons: list[str]
    tie_break: str


class ShortlistIn(Schema):
    bids: list[RecordId]


class WinnerIn(Schema):
    bid: RecordId
    amount_wan: Decimal | None = None


class DecisionIn(Schema):
    winners: list[WinnerIn]


class AwardOut(Schema):
    bid: int
    rank: int
    amount_wan: Decimal | None


def _problem(error):
    """A service's refusal: 422 naming the fields it names, else 400 with its reason."""
    if hasattr(error, "error_dict"):
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
        detail = "; ".join(f"{field}: {' '.join(ms)}" for field, ms in errors.items())
        return Status(422, {"detail": detail, "errors": errors})
    return Status(400, {"detail": " ".join(error.messages), "errors": {}})


def _consensus(record):
    if record is None:
        return None
    return {
        "bid": record.bid_id,
        "round": record.round,
        "agreed_score": record.agreed_score,
        "criteria": {str(c.criterion_id): c.score for c in record.criteria.all()},
        "comment": record.comment,
        "recorded_at": record.recorded_at,
    }


def _row(figures, columns, outlier_of):
    return {
        "maximum": figures.maximum,
        "scores": [
            {"expert": column.expert, "score": score, "outlier": outlier_of(index)}
            for index, (column, score) in enumerate(zip(columns, figures.scores, strict=False))
        ],
        "mean": figures.mean,
        "median": figures.median,
        "spread": figures.spread,
        "aggregate": figures.aggregate,
    }


def _seat(request, panel_id):
    """The caller's seat on the panel; a panel the caller does not sit on is 404."""
    panel = get_object_or_404(Panel.objects.select_related("opportunity"), pk=panel_id)
    member = membership_of(request.user, panel)
    if member is None:
        raise Http404
    return panel, member


@router.get(
    "/panels/{panel_id}/consensus",
    response={200: list[BidFiguresOut], **ERRORS},
    summary="Consensus figures of every bid (the chair)",
)
def read_consensus(request, panel_id: PanelId, round: RoundName = "review"):
    _panel, member = _seat(request, panel_id)
    answer = []
    for row in consensus_figures(member, Round(round)):
        answer.append(
            {
                "bid": row.bid.pk,
                "label": row.label,
                "missing_sheets": row.missing,
                "recused": row.recused,
                "criteria": [
                    {
                        "criterion": criterion.pk,
                        "name": criterion.name,
                        **_row(figures, row.columns, lambda i, f=figures: i in f.outliers),
                    }
                    for criterion, figures in row.criteria
                ],
                "total": _row(row.total, row.columns, lambda i, t=row.total: i in t.outliers),
                "consensus": _consensus(row.consensus),
            }
        )
    return answer


@router.post(
    "/panels/{panel_id}/bids/{bid_id}/consensus",
    response={200: ConsensusOut, **ERRORS},
    summary="Record the consensus on a bid (the chair)",
)
def record_consensus(request, panel_id: PanelId, bid_id: BidId, payload: ConsensusIn):
    panel, _member = _seat(request, panel_id)
    bid = get_object_or_404(Bid, pk=bid_id, opportunity_id=panel.opportunity_id)
    try:
        record = consensus_record(
            bid,
            request.user,
            agreed_score=payload.agreed_score,
            criteria=payload.criteria,
            comment=payload.comment,
            round=Round(payload.round),
            request=request,
        )
    except ValidationError as error:
        return _problem(error)
    return Status(200, _consensus(record))


def _ranking(panel):
    return [
        {
            "bid": row.bid.pk,
            "bidder": row.bid.bidder_name or row.bid.company.name,
            "status": row.bid.status,
            "rank": row.rank,
            "review_score": row.review_score,
            "roadshow_score": row.roadshow_score,
            "final_score": row.final_score,
            "criteria": {str(pk): score for pk, score in row.criteria.items()},
            "passed": row.passed,
            "reasons": row.reasons,
            "tie_break": row.tie_break,
        }
        for row in panel_ranking(panel)
    ]


@router.get(
    "/panels/{panel_id}/ranking",
    response={200: list[RankingRowOut], **ERRORS},
    summary="The ranking with its reasons (the publisher)",
)
def read_ranking(request, panel_id: PanelId):
    return _ranking(get_object_or_404(panels_managed_by(request.user), pk=panel_id))


def _bids_of(panel, ids):
    bids = {bid.pk: bid for bid in Bid.objects.filter(pk__in=ids, opportunity=panel.opportunity)}
    missing = [pk for pk in ids if pk not in bids]
    if missing:
        raise Http404
    return bids


@router.post(
    "/panels/{panel_id}/shortlist",
    response={200: list[RankingRowOut], **ERRORS},
    summary="Shortlist ranked bids (the publisher)",
)
def shortlist(request, panel_id: PanelId, payload: ShortlistIn):
    panel = get_object_or_404(panels_managed_by(request.user), pk=panel_id)
    bids = _bids_of(panel, payload.bids)
    try:
        decision_shortlist(panel, list(bids.values()), request.user, request=request)
    except ValidationError as error:
        return _problem(error)
    return Status(200, _ranking(panel))


@router.post(
    "/panels/{panel_id}/decision",
    response={200: list[AwardOut], **ERRORS},
    summary="Select the winner(s) with their amounts (the publisher)",
)
def decide(request, panel_id: PanelId, payload: DecisionIn):
    panel = get_object_or_404(panels_managed_by(request.user), pk=panel_id)
    bids = _bids_of(panel, [winner.bid for winner in payload.winners])
    try:
        awards = decision_select(
            panel,
            request.user,
            [(bids[winner.bid], winner.amount_wan) for winner in payload.winners],
            request=request,
        )
    except ValidationError as error:
        return _problem(error)
    return Status(
        200, [{"bid": a.bid_id, "rank": a.rank, "amount_wan": a.amount_wan} for a in awards]
    )
