"""Fixtures of the consensus, ranking and decision tests: a panel whose experts have submitted
every sheet (at consensus), one whose consensus is recorded (at decision), and a horse race
(赛马制) of two winners among three bids, all reached through the services."""

from decimal import Decimal

import pytest

from cms.models import ChallengePage
from scenarios import services as bid_services
from selection import services
from selection.models import Panel, Round

from .conftest import close, complete_bid, full_scores, make_company

# The fraction of every criterion's maximum each expert gives each bid: bid 0 scores well
# (reviewer_3 is far above the others), bid 1 passes narrowly.
FRACTIONS = [(0.8, 0.7), (0.7, 0.6), (1.0, 0.65)]


def submit_all(panel, bids, experts, fractions=FRACTIONS, round=Round.REVIEW):
    for expert, row in zip(experts, fractions, strict=False):
        for bid, fraction in zip(bids, row, strict=False):
            services.sheet_save(
                bid, expert.user, full_scores(panel, fraction), submit=True, round=round
            )


def agreed(panel, fraction):
    return {c.pk: Decimal(str(round(c.max_score * fraction, 2))) for c in panel.criteria.all()}


def agree(panel, bid, chair, fraction, round=Round.REVIEW, comment="方案可行，团队扎实。"):
    return services.consensus_record(
        bid, chair.user, criteria=agreed(panel, fraction), comment=comment, round=round
    )


@pytest.fixture
def consensus_panel(scoring_panel, bids, experts, publisher):
    submit_all(scoring_panel, bids, experts)
    return services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)


@pytest.fixture
def decision_panel(consensus_panel, bids, experts, publisher):
    agree(consensus_panel, bids[0], experts[0], 0.8)
    agree(consensus_panel, bids[1], experts[0], 0.65)
    return services.panel_advance(consensus_panel, publisher, Panel.Stage.DECISION)


@pytest.fixture
def race_bids(rubric, bids):
    """The challenge becomes a horse race of two winners, with a third bid."""
    ChallengePage.objects.filter(pk=rubric.pk).update(
        selection_mode=ChallengePage.SelectionMode.RACE, winners_count=2
    )
    company, user = make_company("徐州矿山装备检测有限公司", "company_c")
    bid = bid_services.bid_create(company, rubric, user, fields={"summary": "方案"})
    complete_bid(bid, user, team="王五")
    return [*bids, bid_services.bid_submit(bid, user)]


@pytest.fixture
def race_panel(race_bids, panel, publisher, experts):
    """All three bids eligible, scored (0.8, 0.7, 0.75 agreed) and at the decision."""
    close(panel.opportunity)
    panel = services.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)
    for bid in race_bids:
        services.eligibility_mark(bid, publisher, eligible=True)
    for member in panel.members.all():
        services.declaration_sign(member, member.expert.user)
    panel = services.panel_advance(panel, publisher, Panel.Stage.SCORING)
    submit_all(panel, race_bids, experts, [(0.8, 0.7, 0.75)] * 3)
    panel = services.panel_advance(panel, publisher, Panel.Stage.CONSENSUS)
    for bid, fraction in zip(race_bids, (0.8, 0.7, 0.75), strict=True):
        agree(panel, bid, experts[0], fraction)
    return services.panel_advance(panel, publisher, Panel.Stage.DECISION)
