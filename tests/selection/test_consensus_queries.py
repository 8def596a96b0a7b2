"""How many queries the chair's consensus page costs: a fixed part and three per bid (the
sheets are read bid by bid through sheets_visible_to, the one rule of who reads which scores)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories_decision import race_bids, race_panel

__all__ = ["race_bids", "race_panel"]


def test_the_consensus_page_costs_a_few_queries_per_bid(client, race_panel, experts):
    client.force_login(experts[0].user)
    url = reverse("selection:consensus", args=[race_panel.pk]) + "?round=review"
    client.get(url)  # warm the session and the site caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    print(f"consensus page, 3 bids x 3 experts: {len(queries)} queries")
    assert len(queries) <= 30  # measured 26: 17 fixed, 3 per bid
