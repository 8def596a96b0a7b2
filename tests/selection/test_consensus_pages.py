"""The chair's consensus page: every expert's scores side by side with the panel's figures, for
the chair only, and the form that records the agreed scores."""

import pytest
from django.urls import reverse

from selection.models import Consensus

from .factories_decision import agreed, consensus_panel

__all__ = ["consensus_panel"]


def _url(panel):
    return reverse("selection:consensus", args=[panel.pk])


def test_the_chair_sees_each_experts_scores_and_the_figures(client, consensus_panel, experts):
    client.force_login(experts[0].user)
    response = client.get(_url(consensus_panel), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("王建华", "李敏", "陈立"):
        assert name in page
    assert "中位数" in page
    assert "83.33" in page  # the mean total of the first bid


@pytest.mark.parametrize("who", ["member", "publisher", "bidder", "outsider"])
def test_nobody_but_the_chair_finds_the_consensus_page(
    client, consensus_panel, experts, publisher, company_a, who
):
    user = {
        "member": experts[1].user,
        "publisher": publisher,
        "bidder": company_a[1],
        "outsider": experts[3].user,
    }[who]
    client.force_login(user)
    assert client.get(_url(consensus_panel)).status_code == 404


def test_the_chair_records_the_consensus_from_the_page(client, consensus_panel, bids, experts):
    client.force_login(experts[0].user)
    data = {f"score_{pk}": str(score) for pk, score in agreed(consensus_panel, 0.8).items()}
    response = client.post(
        reverse("selection:consensus_record", args=[consensus_panel.pk, bids[0].pk]),
        {**data, "comment": "技术路线清晰", "round": "review"},
    )
    assert response.status_code == 302
    assert Consensus.objects.get(bid=bids[0]).comment == "技术路线清晰"


def test_a_member_cannot_post_a_consensus(client, consensus_panel, bids, experts):
    client.force_login(experts[1].user)
    data = {f"score_{pk}": str(score) for pk, score in agreed(consensus_panel, 0.8).items()}
    response = client.post(
        reverse("selection:consensus_record", args=[consensus_panel.pk, bids[0].pk]),
        {**data, "comment": "一致"},
    )
    assert response.status_code == 404
    assert not Consensus.objects.exists()


def test_the_chair_finds_no_consensus_page_while_scoring_is_open(client, scoring_panel, experts):
    client.force_login(experts[0].user)
    assert client.get(_url(scoring_panel)).status_code == 404
