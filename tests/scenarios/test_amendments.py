"""Amendment notices: bidders are told what changed in a published opportunity, a moved deadline
in so many words, and nothing when a publication changed nothing."""

from datetime import timedelta

import pytest

from cms.models import ChallengeTarget
from notifications.models import Notification
from scenarios import services

pytestmark = pytest.mark.usefixtures("messages_in_english")


@pytest.fixture
def bidder_on(company_a, challenge):
    company, user = company_a
    challenge.save_revision().publish()  # the version the bidder reads
    services.bid_create(company, challenge, user, fields={"summary": ""})
    return user


def _amendments(user):
    return list(Notification.objects.filter(user=user, subject__contains="amended"))


def test_an_unchanged_publication_tells_nobody(bidder_on, challenge):
    challenge.refresh_from_db()
    challenge.save_revision().publish()
    assert _amendments(bidder_on) == []


def test_a_changed_target_and_an_extended_deadline_are_named(bidder_on, challenge):
    challenge.refresh_from_db()
    old_deadline = challenge.application_deadline
    challenge.application_deadline = old_deadline + timedelta(days=7)
    target = challenge.targets.first()
    challenge.targets = [
        ChallengeTarget(indicator=target.indicator, target_value="≥99.5", unit="%"),
        *list(challenge.targets.all())[1:],
    ]
    challenge.save_revision().publish()
    [notice] = _amendments(bidder_on)
    assert "application deadline" in notice.body
    assert "technical targets" in notice.body
    assert "was extended from" in notice.body
    assert "summary" not in notice.body.split(":")[1].split(".")[0]


def test_a_changed_summary_alone_is_named_without_a_deadline_line(bidder_on, challenge):
    challenge.refresh_from_db()
    challenge.summary = "补充说明：样本由发榜方提供。"
    challenge.save_revision().publish()
    [notice] = _amendments(bidder_on)
    assert "summary" in notice.body
    assert "deadline was" not in notice.body
