"""Recommendations, the match box and likely solvers on a real Elasticsearch and PostgreSQL."""

import pytest
from django.urls import reverse

from matching.selectors import bid_coverage, likely_solvers_for, recommended_opportunities_for
from scenarios import services
from tests.factories import ChallengePageFactory, DomainFactory, ScenarioPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunities(list_page, challenge):
    vision = DomainFactory(name="人工智能", slug="ai")
    cold = DomainFactory(name="医药流通与冷链", slug="cold-chain")
    challenge.domains.set([vision])
    challenge.keywords.add("机器视觉", "缺陷检测", "小样本学习")
    challenge.save_revision().publish()
    cold_chain = ScenarioPageFactory(
        parent=list_page,
        title="医药分拨中心冷链全程温控与追溯",
        summary="药品冷链运输全程温湿度监测、北斗定位与追溯，IoT传感器接入监管平台。",
        domains=[cold],
    )
    cold_chain.keywords.add("医药冷链", "IoT", "温湿度追溯")
    cold_chain.save_revision().publish()
    engine = ChallengePageFactory(
        parent=list_page,
        title="大型矿用减速机齿轮早期故障智能预测",
        problem="<p>振动分析与迁移学习预测齿轮早期故障。</p>",
    )
    engine.save_revision().publish()
    for page in (challenge, cold_chain, engine):
        page.refresh_from_db()
    return {"vision": challenge, "cold": cold_chain, "gears": engine, "domains": [vision, cold]}


@pytest.fixture
def vision_company(company_a, opportunities):
    company, user = company_a
    company.capability_keywords = ["机器视觉", "缺陷检测", "边缘计算"]
    company.description = "专注工业视觉检测与边缘推理，为制造企业提供在线质检系统。"
    company.save()
    company.domains.set([opportunities["domains"][0]])
    return company, user


@pytest.fixture
def cold_company(company_b, opportunities):
    company, user = company_b
    company.capability_keywords = ["物联网", "冷链监测"]
    company.description = "提供冷链运输温湿度物联网监测终端与追溯平台。"
    company.save()
    return company, user


def test_recommendations_put_the_best_fit_first_and_say_why(
    dictionary, search_index, vision_company, cold_company, opportunities
):
    search_index()
    vision, _user = vision_company
    cold, _user = cold_company
    first = recommended_opportunities_for(vision)[0]
    assert first.item.pk == opportunities["vision"].pk
    assert {"机器视觉", "缺陷检测"} <= {reason.term for reason in first.match.matched_keywords}
    best = recommended_opportunities_for(cold)[0]
    assert best.item.pk == opportunities["cold"].pk
    via = {reason.term: reason.via for reason in best.match.matched_keywords}
    assert via.get("IoT") == "物联网"  # matched through the synonym group


def test_a_recommendation_never_reveals_another_organisations_bid(
    dictionary, search_index, vision_company, cold_company, opportunities
):
    """Organisation B's sealed bid on the gear challenge speaks of a word only it uses; A's
    recommendations and their reasons never carry it, and never leave out what B bid on."""
    search_index()
    cold, cold_user = cold_company
    bid = services.bid_create(cold, opportunities["gears"], cold_user, fields={"summary": ""})
    services.bid_update(
        bid, cold_user, fields={"summary": "谐波减速机齿轮振动分析", "approach": "迁移学习"}
    )
    vision, _user = vision_company
    shown = recommended_opportunities_for(vision, limit=10)
    words = {reason.term for entry in shown for reason in entry.match.reasons}
    words |= {reason.via for entry in shown for reason in entry.match.reasons}
    assert "谐波减速机" not in words
    assert all(entry.item.pk != bid.pk for entry in shown)
    # B's own recommendations leave out what B already bid on.
    assert opportunities["gears"].pk not in {
        entry.item.pk for entry in recommended_opportunities_for(cold, limit=10)
    }


def test_likely_solvers_are_verified_organisations_best_first(
    dictionary, vision_company, cold_company, opportunities
):
    solvers = likely_solvers_for(opportunities["cold"].specific)
    assert solvers[0].item == cold_company[0]


def test_bid_coverage_counts_the_targets_the_bid_answers(dictionary, vision_company, opportunities):
    company, user = vision_company
    bid = services.bid_create(company, opportunities["vision"], user, fields={"summary": ""})
    first = bid.target_responses.first()
    services.bid_update(
        bid,
        user,
        fields={"summary": "机器视觉小样本缺陷检测"},
        target_responses={first.pk: {"committed_value": "99.5", "approach": "元学习"}},
    )
    coverage = bid_coverage(bid)
    assert coverage.target_fit == 0.5
    assert [reason.term for reason in coverage.missing_targets] == ["单张推理时间"]


def test_a_member_sees_why_an_opportunity_is_recommended_on_its_page(
    client, dictionary, vision_company, opportunities
):
    _company, user = vision_company
    client.force_login(user)
    page = client.get(opportunities["vision"].url).content.decode()
    assert "为什么推荐给您" in page
    assert "匹配度" in page
    assert "机器视觉" in page
    client.logout()
    assert "为什么推荐给您" not in client.get(opportunities["vision"].url).content.decode()


def test_the_dashboard_lists_recommendations_with_reasons(
    client, dictionary, search_index, vision_company, opportunities
):
    search_index()
    _company, user = vision_company
    client.force_login(user)
    page = client.get(reverse("account:dashboard")).content.decode()
    assert "为您推荐" in page
    assert opportunities["vision"].title in page
    assert "共同关键词" in page
