"""Each bid's coverage of the challenge, as a sortable column of the expert's bid list and of
the publisher desk's opened bids."""

import pytest

from scenarios.models import Bid

pytestmark = pytest.mark.django_db


def test_the_bid_list_sorts_by_coverage_of_the_challenge(
    scoring_panel, bids, experts, client, dictionary
):
    challenge = scoring_panel.opportunity.specific
    challenge.keywords.add("缺陷检测", "小样本学习")
    Bid.objects.filter(pk=bids[1].pk).update(
        summary="工业视觉缺陷检测：小样本学习模型，检测准确率与推理时间均达标。"
    )
    client.force_login(experts[1].user)
    url = f"/review/panels/{scoring_panel.pk}/"
    best_first = client.get(url, {"sort": "-coverage"})
    assert "对榜单的覆盖度" in best_first.content.decode()
    rows = best_first.context["bids"]
    assert [row[0] for row in rows] == [bids[1], bids[0]]
    assert rows[0][3].score > rows[1][3].score
    worst_first = client.get(url, {"sort": "coverage"}).context["bids"]
    assert [row[0] for row in worst_first] == [bids[0], bids[1]]


def test_the_publisher_desk_sorts_opened_bids_by_coverage_of_the_challenge(
    scoring_panel, bids, publisher, client, dictionary
):
    challenge = scoring_panel.opportunity.specific
    challenge.keywords.add("缺陷检测", "小样本学习")
    Bid.objects.filter(pk=bids[1].pk).update(
        summary="工业视觉缺陷检测：小样本学习模型，检测准确率与推理时间均达标。"
    )
    client.force_login(publisher)
    best_first = client.get("/publisher/", {"sort": "-coverage"}).content.decode()
    assert "对榜单的覆盖度" in best_first
    order = [best_first.index(str(bid.receipt_number)) for bid in (bids[1], bids[0])]
    assert order == sorted(order)
    worst_first = client.get("/publisher/", {"sort": "coverage"}).content.decode()
    order = [worst_first.index(str(bid.receipt_number)) for bid in (bids[0], bids[1])]
    assert order == sorted(order)
