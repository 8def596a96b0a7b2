"""Feedback to bidders: a bidder reads its own panel figures once the result is final or its bid
is not selected, with the consensus comment, its rank and why it was not selected; never an
expert's name, an expert's own sheet, or another bidder's figures."""

import pytest
from django.urls import reverse

from scenarios.models import Bid
from selection import results, services
from selection.models import Consensus, EligibilityCheck, Panel

from . import factories_notice as f
from .conftest import EXPERTS

decided_panel = f.decided_panel
notice = f.notice

pytestmark = pytest.mark.usefixtures("messages_in_english")

EXPERT_NAMES = [name for _username, name, *_rest in EXPERTS]


def bid_page(client, bid, user):
    client.force_login(user)
    return client.get(reverse("bids:detail", args=[bid.pk])).content.decode()


def test_a_not_selected_bidder_reads_its_own_figures_and_nothing_else(
    client, decided_panel, bids, company_b
):
    content = bid_page(client, bids[1], company_b[1])
    assert 'id="feedback"' in content
    assert all(score in content for score in f.RUNNER_UP_SCORES)
    assert f.RUNNER_UP_COMMENT in content
    assert not [score for score in [*f.WINNER_SCORES, "85.50"] if score in content]
    assert f.WINNER_COMMENT not in content
    assert f.EXPERT_SHEET_COMMENT not in content
    assert not [name for name in EXPERT_NAMES if name in content]


def test_a_not_selected_bid_is_told_its_rank(decided_panel, bids, company_b):
    feedback = results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_b[1])
    assert feedback["rank"] == 2
    assert feedback["reasons"] == ["Ranked 2 of 2 ranked bids; 1 selected."]


def test_a_criterion_below_its_pass_mark_is_named(decided_panel, bids, company_b):
    decided_panel.criteria.filter(name="实施计划").update(pass_mark=15)
    feedback = results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_b[1])
    assert feedback["rank"] is None
    assert feedback["reasons"] == ["Below the pass mark of 15.00 on “实施计划” (scored 12.40)."]


def test_a_total_below_the_overall_pass_mark_is_named(decided_panel, bids, company_b):
    Panel.objects.filter(pk=decided_panel.pk).update(pass_score=70)
    feedback = results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_b[1])
    assert feedback["reasons"] == ["A total of 64.40, below the overall pass mark of 70.00."]


def test_without_consensus_the_mean_of_the_sheets_is_shown(decided_panel, bids, company_b):
    Consensus.objects.filter(bid=bids[1]).delete()
    feedback = results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_b[1])
    figures = feedback["figures"]
    assert figures.basis == "mean"
    # Sheets gave 90 %, 80 % and 70 % of each maximum: the mean is 80 %.
    assert [str(c.score) for c in figures.criteria] == ["40.00", "24.00", "16.00"]
    assert figures.total == 80
    assert figures.comment == ""


def test_an_ineligible_bid_is_told_the_reason(decided_panel, bids, company_b):
    EligibilityCheck.objects.filter(bid=bids[1]).update(eligible=False, reason="缺少营业执照")
    content_feedback = results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_b[1])
    assert content_feedback["ineligible"]
    assert content_feedback["eligibility_reason"] == "缺少营业执照"


def test_the_winner_reads_its_feedback_only_once_the_result_is_final(
    client, notice, bids, company_a
):
    assert 'id="feedback"' not in bid_page(client, bids[0], company_a[1])
    f.end_period(notice)
    services.notices_finalise()
    content = bid_page(client, bids[0], company_a[1])
    assert 'id="feedback"' in content
    assert all(score in content for score in f.WINNER_SCORES)
    assert not [score for score in f.RUNNER_UP_SCORES if score in content]
    assert not [name for name in EXPERT_NAMES if name in content]


def test_another_organisation_gets_no_feedback_for_a_bid(decided_panel, bids, company_a):
    assert results.bid_feedback(Bid.objects.get(pk=bids[1].pk), company_a[1]) is None
