"""Fixtures of the notice, objection and feedback tests: a panel whose decision is made (the
consensus of both bids recorded, an award for the first, the bid statuses set), written directly
as the decision service would leave it, so these tests do not wait for that service."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from scenarios.models import Bid, PublisherMembership
from selection import services
from selection.models import (
    Award,
    Consensus,
    ConsensusCriterion,
    CriterionScore,
    Panel,
    ResultNotice,
    ScoreSheet,
)
from tests.factories import OrganizationFactory

# Distinctive agreed figures per criterion (技术方案 50, 团队能力 30, 实施计划 20), so a page that
# shows another bid's figures is caught by a plain text search.
WINNER_SCORES = ["41.75", "26.25", "17.50"]  # total 85.50
RUNNER_UP_SCORES = ["33.33", "18.67", "12.40"]  # total 64.40
WINNER_COMMENT = "技术路线成熟，指标承诺可信（赢家合议）"
RUNNER_UP_COMMENT = "团队经验不足，实施计划偏紧（落选合议）"
EXPERT_SHEET_COMMENT = "专家个人意见：不宜外传"


def record_consensus(panel, bid, scores, comment, by):
    consensus = Consensus.objects.create(
        panel=panel,
        bid=bid,
        agreed_score=sum(map(Decimal, scores)),
        comment=comment,
        recorded_by=by,
    )
    for criterion, score in zip(panel.criteria.all(), scores, strict=True):
        ConsensusCriterion.objects.create(consensus=consensus, criterion=criterion, score=score)
    return consensus


def submit_sheets(panel, bid, fractions):
    """One submitted sheet per accepted member, each giving its fraction of every maximum."""
    for member, fraction in zip(panel.members.order_by("pk"), fractions, strict=False):
        sheet = ScoreSheet.objects.create(
            member=member, bid=bid, comment=EXPERT_SHEET_COMMENT, submitted_at=timezone.now()
        )
        for criterion in panel.criteria.all():
            CriterionScore.objects.create(
                sheet=sheet, criterion=criterion, score=round(criterion.max_score * fraction, 2)
            )


@pytest.fixture
def decided_panel(scoring_panel, bids, publisher):
    """Both bids scored by three experts and agreed in consensus; the first bid selected (rank
    1, 100 万元), the second not selected; the panel at the decision stage."""
    panel = scoring_panel
    for bid in bids:
        submit_sheets(panel, bid, [0.9, 0.8, 0.7])
    record_consensus(panel, bids[0], WINNER_SCORES, WINNER_COMMENT, publisher)
    record_consensus(panel, bids[1], RUNNER_UP_SCORES, RUNNER_UP_COMMENT, publisher)
    Award.objects.create(panel=panel, bid=bids[0], rank=1, amount_wan=100, decided_by=publisher)
    Bid.objects.filter(pk=bids[0].pk).update(status=Bid.Status.SELECTED)
    Bid.objects.filter(pk=bids[1].pk).update(status=Bid.Status.NOT_SELECTED)
    Panel.objects.filter(pk=panel.pk).update(stage=Panel.Stage.DECISION)
    panel.refresh_from_db()
    return panel


@pytest.fixture
def notice(decided_panel, publisher):
    return services.notice_publish(decided_panel, publisher)


def end_period(notice):
    """Move the objection deadline into the past, as time passing would."""
    ResultNotice.objects.filter(pk=notice.pk).update(
        objection_deadline=timezone.now() - timedelta(seconds=1)
    )
    notice.refresh_from_db()
    return notice


@pytest.fixture
def other_publisher(db):
    """A publisher account of another organisation."""
    user = get_user_model().objects.create_user("publisher_elsewhere", "pe@example.cn", "x")
    PublisherMembership.objects.create(
        user=user, organization=OrganizationFactory(name="另一个区科学技术局")
    )
    return user
