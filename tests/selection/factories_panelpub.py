"""Fixtures of the publisher's side of selection: a panel whose scores are all in, agreed by the
chair, and that sits at consensus, and the accounts that must not reach the publisher's pages (a publisher of another
organisation, an expert, a bidding company)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from scenarios.models import PublisherMembership
from selection import services
from selection.models import Panel, Round
from tests.factories import OrganizationFactory

from .conftest import full_scores


def score_everything(panel, bids, experts):
    """Every accepted member submits a sheet for every bid (the fixture's three members)."""
    for expert in experts[:3]:
        for bid in bids:
            services.sheet_save(bid, expert.user, full_scores(panel), submit=True)


def agree_on(panel, bid, chair, round=Round.REVIEW):
    """The chair records the panel's agreed scores (80% of every maximum) of a bid."""
    criteria = {c.pk: round_to_cents(c.max_score * 0.8) for c in panel.criteria.all()}
    return services.consensus_record(
        bid, chair.user, criteria=criteria, comment="方案可行。", round=round
    )


def round_to_cents(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def consensus_panel(scoring_panel, bids, experts, publisher):
    score_everything(scoring_panel, bids, experts)
    panel = services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)
    for bid in bids:
        agree_on(panel, bid, experts[0])
    return panel


@pytest.fixture
def other_publisher(db):
    """A publisher account of another organisation."""
    user = get_user_model().objects.create_user("publisher_other", "other@example.cn", "x")
    PublisherMembership.objects.create(
        user=user, organization=OrganizationFactory(name="海州区工业和信息化局")
    )
    return user


def in_days(days, hour=9, minute=0):
    """An aware time some days ahead, at a given hour (Beijing time)."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
