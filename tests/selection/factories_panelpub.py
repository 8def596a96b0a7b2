"""Fixtures of the publisher's side of selection: a panel whose scores are all in and that sits
at consensus, and the accounts that must not reach the publisher's pages (a publisher of another
organisation, an expert, a bidding company)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from scenarios.models import PublisherMembership
from selection import services
from selection.models import Panel
from tests.factories import OrganizationFactory

from .conftest import full_scores


def score_everything(panel, bids, experts):
    """Every accepted member submits a sheet for every bid (the fixture's three members)."""
    for expert in experts[:3]:
        for bid in bids:
            services.sheet_save(bid, expert.user, full_scores(panel), submit=True)


@pytest.fixture
def consensus_panel(scoring_panel, bids, experts, publisher):
    score_everything(scoring_panel, bids, experts)
    return services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)


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
