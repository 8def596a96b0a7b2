"""The consensus (合议): the chair's figures, recording the agreed scores, and the conditions for
leaving scoring and reaching the decision."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from scenarios.models import AuditEvent
from selection import selectors, services
from selection.models import Consensus, Panel

from .conftest import full_scores
from .factories_decision import agree, agreed, consensus_panel, decision_panel

pytestmark = pytest.mark.usefixtures("messages_in_english")
__all__ = ["consensus_panel", "decision_panel"]


def test_the_chair_reads_every_score_with_the_panels_figures(consensus_panel, bids, experts):
    chair = selectors.membership_of(experts[0].user, consensus_panel)
    figures = services.consensus_figures(chair)
    first = next(row for row in figures if row.bid == bids[0])
    assert [column.expert for column in first.columns] == ["王建华", "李敏", "陈立"]
    # Totals 80, 70, 100 (the criteria add up to 100).
    assert (first.total.mean, first.total.median, first.total.spread) == (
        D("83.33"),
        D("80.00"),
        D("30.00"),
    )
    assert first.total.aggregate == first.total.mean  # the default rule is the mean
    # 100 is 20 from the median: not further than 0.2 × 100; on 技术方案 (max 50) 50 is 10
    # from 40, not further than 10 either; nothing is flagged.
    assert not any(column.total_outlier for column in first.columns)
    assert first.complete


def test_a_score_far_from_the_median_is_flagged_on_its_criterion(consensus_panel, bids, experts):
    consensus_panel.outlier_share = D("0.15")
    consensus_panel.save()
    chair = selectors.membership_of(experts[0].user, consensus_panel)
    first = next(row for row in services.consensus_figures(chair) if row.bid == bids[0])
    flagged = [column.expert for column in first.columns if column.outlier_criteria]
    assert flagged == ["陈立"]  # 50 against a median of 40 on a maximum of 50: 10 > 7.5


def test_the_trimmed_mean_drops_the_highest_and_lowest_total(consensus_panel, bids, experts):
    consensus_panel.aggregation = Panel.Aggregation.TRIMMED_MEAN
    consensus_panel.save()
    chair = selectors.membership_of(experts[0].user, consensus_panel)
    first = next(row for row in services.consensus_figures(chair) if row.bid == bids[0])
    assert first.total.aggregate == D("80.00")


def test_a_member_who_is_not_the_chair_reads_no_figures(consensus_panel, experts):
    member = selectors.membership_of(experts[1].user, consensus_panel)
    with pytest.raises(PermissionDenied):
        services.consensus_figures(member)


def test_only_the_chair_records_the_consensus(consensus_panel, bids, experts, publisher):
    for actor in (experts[1].user, publisher):
        with pytest.raises(PermissionDenied):
            services.consensus_record(
                bids[0], actor, criteria=agreed(consensus_panel, 0.8), comment="一致"
            )


def test_the_agreed_total_is_the_sum_of_the_criteria(consensus_panel, bids, experts):
    with pytest.raises(ValidationError) as error:
        services.consensus_record(
            bids[0],
            experts[0].user,
            agreed_score="81",
            criteria=agreed(consensus_panel, 0.8),
            comment="一致",
        )
    assert "agreed_score" in error.value.message_dict
    consensus = services.consensus_record(
        bids[0],
        experts[0].user,
        agreed_score="80",
        criteria=agreed(consensus_panel, 0.8),
        comment="一致",
    )
    assert consensus.agreed_score == D("80")
    assert sorted(c.score for c in consensus.criteria.all()) == [D("16"), D("24"), D("40")]


def test_an_agreed_criterion_score_above_its_maximum_is_refused(consensus_panel, bids, experts):
    criteria = agreed(consensus_panel, 0.8)
    first = consensus_panel.criteria.first()
    criteria[first.pk] = first.max_score + 1
    with pytest.raises(ValidationError) as error:
        services.consensus_record(bids[0], experts[0].user, criteria=criteria, comment="一致")
    assert list(error.value.message_dict) == [f"score_{first.pk}"]


def test_the_consensus_comment_is_required(consensus_panel, bids, experts):
    with pytest.raises(ValidationError) as error:
        services.consensus_record(
            bids[0], experts[0].user, criteria=agreed(consensus_panel, 0.8), comment="  "
        )
    assert "comment" in error.value.message_dict
    assert not Consensus.objects.exists()


def test_recording_again_is_audited_with_the_previous_figures(consensus_panel, bids, experts):
    agree(consensus_panel, bids[0], experts[0], 0.8)
    agree(consensus_panel, bids[0], experts[0], 0.75, comment="复议后下调")
    assert Consensus.objects.get(bid=bids[0]).agreed_score == D("75")
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CONSENSUS_RECORDED).order_by("pk")
    assert [event.detail["agreed_score"] for event in events] == ["80.00", "75.00"]
    assert events.last().detail["before"]["agreed_score"] == "80.00"


def test_scoring_cannot_close_while_an_expert_has_sheets_to_submit(
    scoring_panel, bids, experts, publisher
):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)
    assert "王建华尚有 2 份评分表未提交。" in error.value.messages
    assert "李敏尚有 1 份评分表未提交。" in error.value.messages


def test_the_decision_waits_for_every_consensus(consensus_panel, bids, experts, publisher):
    agree(consensus_panel, bids[0], experts[0], 0.8)
    with pytest.raises(ValidationError) as error:
        services.panel_advance(consensus_panel, publisher, Panel.Stage.DECISION)
    assert error.value.messages == ["1 bids have no recorded consensus yet."]


def test_the_consensus_is_closed_once_the_panel_reached_the_decision(decision_panel, bids, experts):
    with pytest.raises(ValidationError):
        agree(decision_panel, bids[0], experts[0], 0.9)
    assert Consensus.objects.get(bid=bids[0]).agreed_score == D("80")


def test_a_chair_recused_from_a_bid_reads_none_of_its_scores(
    scoring_panel, bids, experts, publisher
):
    chair = selectors.membership_of(experts[0].user, scoring_panel)
    services.recusal_record(chair, publisher, bid=bids[1], reason="曾与该单位合作")
    services.sheet_save(bids[0], experts[0].user, full_scores(scoring_panel), submit=True)
    for expert in experts[1:3]:
        for bid in bids:
            services.sheet_save(bid, expert.user, full_scores(scoring_panel), submit=True)
    services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)
    chair = selectors.membership_of(experts[0].user, scoring_panel)
    assert selectors.sheets_visible_to(chair, bids[0]).count() == 3
    assert not selectors.sheets_visible_to(chair, bids[1]).exists()
    assert next(r for r in services.consensus_figures(chair) if r.bid == bids[1]).recused


def test_a_blind_round_shows_the_chair_letters_not_bidders(consensus_panel, bids, experts):
    Panel.objects.filter(pk=consensus_panel.pk).update(blind_first_round=True)
    chair = selectors.membership_of(experts[0].user, consensus_panel)
    chair.panel.refresh_from_db()
    labels = [row.label for row in services.consensus_figures(chair)]
    assert labels == ["Bidder A", "Bidder B"]
