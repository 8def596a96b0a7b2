"""The final ranking: agreed scores (the roadshow's when there is one), the overall and
per-criterion pass marks with their reasons, and the tie-breaks."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from selection import services
from selection.models import Panel, RoadshowSlot, Round
from selection.services.ranking import panel_ranking

from .factories_decision import agree, consensus_panel, decision_panel, submit_all

pytestmark = pytest.mark.usefixtures("messages_in_english")
__all__ = ["consensus_panel", "decision_panel"]


def _by_bid(rows):
    return {row.bid.pk: row for row in rows}


def test_bids_are_ranked_by_agreed_score(decision_panel, bids):
    rows = panel_ranking(decision_panel)
    assert [(row.bid.pk, row.rank, row.final_score) for row in rows] == [
        (bids[0].pk, 1, D("80.00")),
        (bids[1].pk, 2, D("65.00")),
    ]


def test_a_bid_below_the_overall_pass_mark_is_not_ranked_and_says_why(decision_panel, bids):
    Panel.objects.filter(pk=decision_panel.pk).update(pass_score=D("70"))
    decision_panel.refresh_from_db()
    row = _by_bid(panel_ranking(decision_panel))[bids[1].pk]
    assert row.rank is None
    assert row.reasons == ["The score 65.00 is below the pass mark 70.00."]


def test_a_bid_below_a_criterion_pass_mark_is_not_ranked(decision_panel, bids):
    decision_panel.criteria.filter(name="技术方案").update(pass_mark=D("35"))
    rows = _by_bid(panel_ranking(decision_panel))
    assert rows[bids[0].pk].rank == 1
    assert rows[bids[1].pk].reasons == ["“技术方案” scored 32.50, below its pass mark 35.00."]


def test_a_bid_without_consensus_is_not_ranked(consensus_panel, bids, experts):
    agree(consensus_panel, bids[1], experts[0], 0.65)
    rows = panel_ranking(consensus_panel)
    assert [row.rank for row in rows] == [1, None]
    assert rows[1].reasons == ["The panel has recorded no consensus on this bid."]


def _agree_exactly(panel, bid, chair, scores):
    criteria = {c.pk: scores[c.name] for c in panel.criteria.all()}
    services.consensus_record(bid, chair.user, criteria=criteria, comment="一致")


def test_a_tie_goes_to_the_higher_score_on_the_heaviest_criterion(consensus_panel, bids, experts):
    _agree_exactly(
        consensus_panel, bids[0], experts[0], {"技术方案": 40, "团队能力": 20, "实施计划": 20}
    )
    _agree_exactly(
        consensus_panel, bids[1], experts[0], {"技术方案": 45, "团队能力": 20, "实施计划": 15}
    )
    rows = panel_ranking(consensus_panel)
    assert [row.bid.pk for row in rows] == [bids[1].pk, bids[0].pk]
    assert rows[1].tie_break == "Tied; ranked below on “技术方案”."


def test_a_full_tie_goes_to_the_earlier_submission(consensus_panel, bids, experts):
    for bid in reversed(bids):
        agree(consensus_panel, bid, experts[0], 0.7)
    rows = panel_ranking(consensus_panel)
    assert [row.bid.pk for row in rows] == [bids[0].pk, bids[1].pk]
    assert rows[1].tie_break == "Tied; ranked below as the later submission."


def test_the_roadshow_consensus_is_the_final_score(consensus_panel, bids, experts, publisher):
    agree(consensus_panel, bids[0], experts[0], 0.8)
    agree(consensus_panel, bids[1], experts[0], 0.65)
    panel = services.panel_advance(consensus_panel, publisher, Panel.Stage.ROADSHOW)
    RoadshowSlot.objects.create(
        panel=panel, bid=bids[1], starts_at=timezone.now() + timedelta(days=3), place="会议室"
    )
    submit_all(panel, [bids[1]], experts, [(0.9,)] * 3, round=Round.ROADSHOW)
    with pytest.raises(ValidationError, match="roadshow consensus"):
        services.panel_advance(panel, publisher, Panel.Stage.DECISION)
    agree(panel, bids[1], experts[0], 0.9, round=Round.ROADSHOW)
    rows = panel_ranking(panel)
    assert [(row.bid.pk, row.review_score, row.final_score) for row in rows] == [
        (bids[1].pk, D("65.00"), D("90.00")),
        (bids[0].pk, D("80.00"), D("80.00")),
    ]
    services.panel_advance(panel, publisher, Panel.Stage.DECISION)
