"""A bid is judged by when it reached the platform: the trusted proxy's arrival stamp counts
within the queue window; a stamp from anyone else, too old or from the future does not. Bids stay
sealed to the publisher for that window past the deadline."""

import pytest
from django.utils import timezone

from scenarios import services
from scenarios.audit import client_ip
from scenarios.models import Bid

from .conftest import close, complete_bid


@pytest.fixture(autouse=True)
def _proxy_on_loopback(settings):
    settings.TRUSTED_PROXY_IPS = ["127.0.0.0/8"]
    settings.BID_ARRIVAL_MAX_QUEUE_SECONDS = 10


@pytest.fixture
def complete_draft(company_a, challenge):
    company, user = company_a
    bid = services.bid_create(company, challenge, user, fields={"summary": ""})
    complete_bid(bid, user)
    return bid


def submit(client, bid, stamp=None, **extra):
    client.force_login(bid.company.memberships.get().user)
    headers = {"Accept-Language": "en"}
    if stamp is not None:
        headers["X-Request-Start"] = stamp
    return client.post(f"/api/v1/bids/{bid.pk}/submit", headers=headers, **extra)


def test_a_bid_that_arrived_before_the_deadline_counts_when_written_after_it(
    client, complete_draft, challenge
):
    close(challenge, seconds_ago=3)
    arrived = challenge.application_deadline.timestamp() - 0.5
    response = submit(client, complete_draft, f"t={arrived:.3f}")
    assert response.status_code == 200, response.json()
    bid = Bid.objects.get(pk=complete_draft.pk)
    assert bid.status == "submitted"
    assert abs(bid.submitted_at.timestamp() - arrived) < 0.001


@pytest.mark.parametrize("per_second", [1000, 1_000_000], ids=["milliseconds", "microseconds"])
def test_stamps_in_milliseconds_or_microseconds_are_read(
    client, complete_draft, challenge, per_second
):
    close(challenge, seconds_ago=3)
    arrived = int((challenge.application_deadline.timestamp() - 1) * per_second)
    assert submit(client, complete_draft, f"t={arrived}").status_code == 200
    submitted_at = Bid.objects.get(pk=complete_draft.pk).submitted_at.timestamp()
    assert abs(submitted_at - arrived / per_second) < 1e-6


def test_a_stamp_from_anyone_but_our_proxy_is_ignored(client, complete_draft, challenge, settings):
    settings.TRUSTED_PROXY_IPS = ["10.0.0.0/8"]
    close(challenge, seconds_ago=3)
    arrived = challenge.application_deadline.timestamp() - 0.5
    response = submit(client, complete_draft, f"t={arrived:.3f}")
    assert response.status_code == 400
    assert "has passed" in response.json()["detail"]
    assert Bid.objects.get(pk=complete_draft.pk).status == "draft"


@pytest.mark.parametrize("offset", [-60, +60], ids=["older than the window", "in the future"])
def test_an_unbelievable_stamp_is_replaced_by_the_present(
    client, complete_draft, challenge, offset
):
    close(challenge, seconds_ago=30)
    stamp = timezone.now().timestamp() + offset if offset > 0 else None
    if stamp is None:  # claims arrival before the deadline, 60 s ago: beyond any queue
        stamp = challenge.application_deadline.timestamp() - 30
    response = submit(client, complete_draft, f"t={stamp:.3f}")
    assert response.status_code == 400
    assert Bid.objects.get(pk=complete_draft.pk).status == "draft"


def test_a_garbled_stamp_is_ignored(client, complete_draft, challenge):
    response = submit(client, complete_draft, "t=soon")
    assert response.status_code == 200
    submitted_at = Bid.objects.get(pk=complete_draft.pk).submitted_at
    assert abs((timezone.now() - submitted_at).total_seconds()) < 5


def test_bids_stay_sealed_to_the_publisher_for_the_queue_window(
    client, complete_draft, challenge, publisher, company_a
):
    services.bid_submit(complete_draft, company_a[1])
    client.force_login(publisher)
    name = complete_draft.company.name
    close(challenge, seconds_ago=3)  # past the deadline, inside the window
    assert client.get(f"/bids/{complete_draft.pk}/").status_code == 404
    assert name not in client.get("/publisher/").content.decode()
    close(challenge, seconds_ago=11)
    assert client.get(f"/bids/{complete_draft.pk}/").status_code == 200
    assert name in client.get("/publisher/").content.decode()


def test_the_audit_address_is_the_one_our_proxy_forwarded(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_IPS = []
    assert client_ip(request) == "127.0.0.1"
