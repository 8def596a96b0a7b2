"""Fixtures of the notice, objection and feedback tests: a panel whose decision is made (every
sheet submitted, the consensus of both bids recorded, both shortlisted, the first selected),
reached through the services as the experts, the chair and the publisher would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from scenarios.models import PublisherMembership
from selection import services
from selection.models import (
    Panel,
    ResultNotice,
)
from tests.factories import OrganizationFactory

# Distinctive agreed figures per criterion (技术方案 50, 团队能力 30, 实施计划 20), so a page that
# shows another bid's figures is caught by a plain text search.
WINNER_SCORES = ["41.75", "26.25", "17.50"]  # total 85.50
RUNNER_UP_SCORES = ["33.33", "18.67", "12.40"]  # total 64.40
WINNER_COMMENT = "技术路线成熟，指标承诺可信（赢家合议）"
RUNNER_UP_COMMENT = "团队经验不足，实施计划偏紧（落选合议）"
EXPERT_SHEET_COMMENT = "专家个人意见：不宜外传"


def agreed_figures(panel, scores):
    return dict(zip(panel.criteria.values_list("pk", flat=True), scores, strict=True))


def submit_sheets(panel, bid, fractions):
    """One submitted sheet per accepted member, each giving its fraction of every maximum."""
    members = panel.members.filter(status="accepted").order_by("pk").select_related("expert")
    for member, fraction in zip(members, fractions, strict=False):
        entries = {
            criterion.pk: {"score": round(criterion.max_score * fraction, 2), "comment": "见总评"}
            for criterion in panel.criteria.all()
        }
        services.sheet_save(
            bid, member.expert.user, entries, comment=EXPERT_SHEET_COMMENT, submit=True
        )


@pytest.fixture
def decided_panel(scoring_panel, bids, publisher):
    """Both bids scored by three experts and agreed in consensus; both shortlisted, the first
    selected (rank 1, 100 万元), the second not selected; the panel at the decision stage."""
    panel = scoring_panel
    for bid in bids:
        submit_sheets(panel, bid, [0.9, 0.8, 0.7])
    panel = services.panel_advance(panel, publisher, Panel.Stage.CONSENSUS)
    chair = panel.members.get(role="chair").expert.user
    for bid, scores, comment in (
        (bids[0], WINNER_SCORES, WINNER_COMMENT),
        (bids[1], RUNNER_UP_SCORES, RUNNER_UP_COMMENT),
    ):
        services.consensus_record(
            bid, chair, criteria=agreed_figures(panel, scores), comment=comment
        )
    panel = services.panel_advance(panel, publisher, Panel.Stage.DECISION)
    services.decision_shortlist(panel, bids, publisher)
    services.decision_select(panel, publisher, [(bids[0], Decimal("100"))])
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
