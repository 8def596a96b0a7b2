"""The publisher's ranking and decision page: the ranking with its reasons, the shortlist, and a
selection confirmed on a second page."""

from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.urls import reverse

from scenarios.models import Bid, PublisherMembership
from selection.models import Award
from tests.factories import OrganizationFactory

from .factories_decision import consensus_panel, decision_panel, race_bids, race_panel

__all__ = ["consensus_panel", "decision_panel", "race_bids", "race_panel"]


def test_the_publisher_reads_the_ranking_with_the_even_split(client, race_panel, publisher):
    client.force_login(publisher)
    response = client.get(
        reverse("selection:decision", args=[race_panel.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "排名与揭榜决定" in page
    assert page.count('value="60.00"') == 2  # the two first ranked, the bounty of 120 split


def test_a_publisher_of_another_organisation_finds_nothing(client, decision_panel):
    other = get_user_model().objects.create_user("publisher_other", "o@example.cn", "x")
    PublisherMembership.objects.create(user=other, organization=OrganizationFactory())
    client.force_login(other)
    assert client.get(reverse("selection:decision", args=[decision_panel.pk])).status_code == 404


def test_the_selection_is_written_only_once_confirmed(client, race_panel, race_bids, publisher):
    client.force_login(publisher)
    url = reverse("selection:decision_select", args=[race_panel.pk])
    data = {
        "winner": [race_bids[0].pk, race_bids[2].pk],
        f"amount_{race_bids[0].pk}": "70",
        f"amount_{race_bids[2].pk}": "50",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Award.objects.exists()
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert sorted(Award.objects.values_list("amount_wan", flat=True)) == [D("50"), D("70")]
    assert Bid.objects.get(pk=race_bids[1].pk).status == Bid.Status.NOT_SELECTED


def test_the_publisher_shortlists_from_the_page(client, race_panel, race_bids, publisher):
    client.force_login(publisher)
    response = client.post(
        reverse("selection:decision_shortlist", args=[race_panel.pk]),
        {"bid": [race_bids[0].pk, race_bids[2].pk]},
    )
    assert response.status_code == 302
    assert [Bid.objects.get(pk=bid.pk).status for bid in race_bids] == [
        Bid.Status.SHORTLISTED,
        Bid.Status.SUBMITTED,
        Bid.Status.SHORTLISTED,
    ]
