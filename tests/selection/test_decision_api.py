"""Consensus, ranking and decision through /api/v1/review: the chair's figures and consensus,
the publisher's ranking, shortlist and decision, in the API's one error shape."""

import json

import pytest

from scenarios import services as account_services
from selection.models import Award, Consensus

from .factories_decision import agreed, consensus_panel, decision_panel, race_bids, race_panel

pytestmark = pytest.mark.usefixtures("messages_in_english")
__all__ = ["consensus_panel", "decision_panel", "race_bids", "race_panel"]
API = "/api/v1/review/panels"


def _post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_chair_reads_the_figures_of_every_bid(client, consensus_panel, bids, experts):
    client.force_login(experts[0].user)
    response = client.get(f"{API}/{consensus_panel.pk}/consensus")
    assert response.status_code == 200
    first = response.json()[0]
    assert first["bid"] == bids[0].pk
    assert [s["expert"] for s in first["total"]["scores"]] == ["王建华", "李敏", "陈立"]
    assert first["total"]["mean"] == "83.33"


def test_a_member_is_refused_the_figures_and_a_bidder_finds_no_panel(
    client, consensus_panel, experts, company_a
):
    client.force_login(experts[1].user)
    response = client.get(f"{API}/{consensus_panel.pk}/consensus")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    client.force_login(company_a[1])
    assert client.get(f"{API}/{consensus_panel.pk}/consensus").status_code == 404


def test_a_bearer_token_without_a_seat_finds_no_panel(client, consensus_panel, company_a):
    token = account_services.token_create(company_a[1], name="erp")[1]
    response = client.get(
        f"{API}/{consensus_panel.pk}/ranking", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 404


def test_the_chair_records_a_consensus_and_a_bad_score_is_named(
    client, consensus_panel, bids, experts
):
    client.force_login(experts[0].user)
    url = f"{API}/{consensus_panel.pk}/bids/{bids[0].pk}/consensus"
    criteria = {str(pk): str(score) for pk, score in agreed(consensus_panel, 0.8).items()}
    first = next(iter(criteria))
    response = _post(client, url, {"criteria": {**criteria, first: "99"}, "comment": "一致"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [f"score_{first}"]
    response = _post(client, url, {"criteria": criteria, "comment": "一致", "agreed_score": 80})
    assert response.status_code == 200
    assert response.json()["agreed_score"] == "80.00"
    assert Consensus.objects.get(bid=bids[0]).comment == "一致"


def test_the_publisher_reads_the_ranking_and_decides(client, race_panel, race_bids, publisher):
    client.force_login(publisher)
    ranking = client.get(f"{API}/{race_panel.pk}/ranking").json()
    assert [row["rank"] for row in ranking] == [1, 2, 3]
    url = f"{API}/{race_panel.pk}/decision"
    response = _post(client, url, {"winners": [{"bid": race_bids[0].pk, "amount_wan": 120}]})
    assert response.status_code == 422
    assert response.json()["errors"]["winners"] == ["请选择 2 份申报。"]
    winners = [
        {"bid": race_bids[0].pk, "amount_wan": 60},
        {"bid": race_bids[2].pk, "amount_wan": 60},
    ]
    response = _post(client, url, {"winners": winners})
    assert response.status_code == 200
    assert [(a["rank"], a["amount_wan"]) for a in response.json()] == [(1, "60.00"), (2, "60.00")]
    assert Award.objects.count() == 2
    assert _post(client, url, {"winners": winners}).status_code == 400  # decided already


def test_the_chair_cannot_decide(client, decision_panel, bids, experts):
    client.force_login(experts[0].user)
    response = _post(
        client, f"{API}/{decision_panel.pk}/decision", {"winners": [{"bid": bids[0].pk}]}
    )
    assert response.status_code == 404
    assert not Award.objects.exists()


def test_the_operations_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/review/panels/{panel_id}/consensus",
        "/api/v1/review/panels/{panel_id}/bids/{bid_id}/consensus",
        "/api/v1/review/panels/{panel_id}/ranking",
        "/api/v1/review/panels/{panel_id}/shortlist",
        "/api/v1/review/panels/{panel_id}/decision",
    ):
        assert path in paths
