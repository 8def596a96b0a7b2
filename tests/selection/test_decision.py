"""The decision: the publisher shortlists and selects one winner or the N winners of a horse
race within the bounty; every bidder learns the outcome; an upheld objection sends it back."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.models import ChallengePage
from notifications.models import Notification
from scenarios.models import AuditEvent, Bid
from selection import services
from selection.models import Award, EligibilityCheck, Panel
from selection.services import decisions

from .factories_decision import (
    consensus_panel,
    decision_panel,
    race_bids,
    race_panel,
)

pytestmark = pytest.mark.usefixtures("messages_in_english")
__all__ = ["consensus_panel", "decision_panel", "race_bids", "race_panel"]


def _statuses(bids):
    return [Bid.objects.get(pk=bid.pk).status for bid in bids]


def test_a_single_winner_challenge_selects_exactly_one(decision_panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.decision_select(decision_panel, publisher, [(bids[0], 60), (bids[1], 60)])
    assert error.value.message_dict["winners"] == ["Select exactly 1 bids."]
    services.decision_select(decision_panel, publisher, [(bids[0], 120)])
    assert _statuses(bids) == [Bid.Status.SELECTED, Bid.Status.NOT_SELECTED]
    award = Award.objects.get()
    assert (award.bid_id, award.rank, award.amount_wan) == (bids[0].pk, 1, D("120"))


def test_every_bidder_is_told_the_outcome_and_each_change_is_audited(
    decision_panel, bids, publisher, company_a, company_b
):
    services.decision_select(decision_panel, publisher, [(bids[0], 100)])
    assert Notification.objects.filter(
        user=company_a[1], subject__startswith="Your bid is proposed for selection"
    ).exists()
    lost = Notification.objects.get(user=company_b[1], subject__startswith="Your bid was not")
    assert lost.body == "The bid ranked 2 of 2 and was not among the bids selected."
    events = AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.BID_SELECTED, AuditEvent.Action.BID_NOT_SELECTED]
    )
    assert {(e.bid_id, e.from_state, e.to_state) for e in events} == {
        (bids[0].pk, "submitted", "selected"),
        (bids[1].pk, "submitted", "not_selected"),
    }


def test_only_the_publisher_decides(decision_panel, bids, experts):
    with pytest.raises(PermissionDenied):
        services.decision_select(decision_panel, experts[0].user, [(bids[0], 120)])


def test_no_decision_before_the_decision_stage(consensus_panel, bids, publisher):
    with pytest.raises(ValidationError):
        services.decision_select(consensus_panel, publisher, [(bids[0], 120)])


def test_an_unranked_bid_cannot_be_selected(decision_panel, bids, publisher):
    Panel.objects.filter(pk=decision_panel.pk).update(pass_score=70)
    with pytest.raises(ValidationError) as error:
        services.decision_select(decision_panel, publisher, [(bids[1], 120)])
    assert error.value.message_dict["winners"] == ["Only ranked bids can be selected."]


def test_amounts_above_the_bounty_leave_nothing_behind(decision_panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.decision_select(decision_panel, publisher, [(bids[0], "120.01")])
    assert "bounty left (120.00)" in error.value.message_dict["winners"][0]
    assert not Award.objects.exists()
    assert _statuses(bids) == [Bid.Status.SUBMITTED, Bid.Status.SUBMITTED]
    assert not Notification.objects.filter(subject__contains="selected").exists()


def test_a_horse_race_selects_its_winners_with_the_bounty_split(race_panel, race_bids, publisher):
    assert decisions.default_amounts(race_panel, 2) == [D("60.00"), D("60.00")]
    with pytest.raises(ValidationError):
        services.decision_select(race_panel, publisher, [(race_bids[0], 60)])
    with pytest.raises(ValidationError):
        services.decision_select(
            race_panel, publisher, [(race_bids[0], 70), (race_bids[2], "50.01")]
        )
    services.decision_select(race_panel, publisher, [(race_bids[2], 50), (race_bids[0], 70)])
    assert [(a.bid_id, a.rank, a.amount_wan) for a in Award.objects.all()] == [
        (race_bids[0].pk, 1, D("70")),
        (race_bids[2].pk, 2, D("50")),
    ]
    assert _statuses(race_bids) == [
        Bid.Status.SELECTED,
        Bid.Status.NOT_SELECTED,
        Bid.Status.SELECTED,
    ]


def test_the_even_split_gives_the_rounding_to_the_first(race_panel):
    ChallengePage.objects.filter(pk=race_panel.opportunity_id).update(bounty_wan=100)
    assert decisions.default_amounts(race_panel, 3) == [D("33.34"), D("33.33"), D("33.33")]


def test_an_ineligible_bid_is_not_selected_with_the_eligibility_reason(
    race_panel, race_bids, publisher
):
    # The third bid is found ineligible late (as a re-check would): it leaves the ranking.
    EligibilityCheck.objects.filter(bid=race_bids[2]).update(eligible=False, reason="资质不符")
    services.decision_select(race_panel, publisher, [(race_bids[0], 60), (race_bids[1], 60)])
    event = AuditEvent.objects.get(action=AuditEvent.Action.BID_NOT_SELECTED)
    assert event.bid_id == race_bids[2].pk
    assert event.detail["reason"] == "The bid did not pass the eligibility check: 资质不符"


def test_sending_the_decision_back_restores_each_bid(race_panel, race_bids, publisher):
    services.decision_shortlist(race_panel, race_bids[:2], publisher)
    services.decision_select(race_panel, publisher, [(race_bids[0], 60), (race_bids[2], 60)])
    Panel.objects.filter(pk=race_panel.pk).update(stage=Panel.Stage.NOTICE)  # the notice ran
    services.decision_return(race_panel, publisher, "异议成立：第三名资质存疑")
    assert not Award.objects.exists()
    assert _statuses(race_bids) == [
        Bid.Status.SHORTLISTED,
        Bid.Status.SHORTLISTED,
        Bid.Status.SUBMITTED,
    ]
    race_panel.refresh_from_db()
    assert race_panel.stage == Panel.Stage.DECISION
    panel_event = AuditEvent.objects.get(action=AuditEvent.Action.DECISION_RETURNED, bid=None)
    assert (panel_event.from_state, panel_event.to_state) == ("notice", "decision")
    # And a new decision can be taken.
    services.decision_select(race_panel, publisher, [(race_bids[0], 60), (race_bids[1], 60)])


def test_only_ranked_bids_are_shortlisted(decision_panel, bids, publisher):
    Panel.objects.filter(pk=decision_panel.pk).update(pass_score=70)
    with pytest.raises(ValidationError):
        services.decision_shortlist(decision_panel, [bids[1]], publisher)
    services.decision_shortlist(decision_panel, [bids[0]], publisher)
    assert _statuses(bids) == [Bid.Status.SHORTLISTED, Bid.Status.SUBMITTED]


def test_an_amount_beyond_any_bounty_is_named_not_a_database_error(decision_panel, bids, publisher):
    ChallengePage.objects.filter(pk=decision_panel.opportunity_id).update(bounty_wan=None)
    with pytest.raises(ValidationError) as error:
        services.decision_select(decision_panel, publisher, [(bids[0], "1e20")])
    assert list(error.value.message_dict) == ["winners[0].amount_wan"]
