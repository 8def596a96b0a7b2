"""Matching in a real Chromium: an organisation member reads why a challenge is recommended to
it, and the publisher invites a likely solver to bid. Screenshots in tests/artifacts/."""

import pytest

from matching.keywords import reset_synonyms
from notifications.models import Notification
from search import text
from search.dictionary import dictionary_load
from tests.scenarios.conftest import (  # noqa: F401  (fixtures)
    _private_media_in_tmp,
    admin,
    challenge,
    company_a,
    list_page,
    publisher,
    publisher_org,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(browser, base, username, password):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, device_scale_factor=1
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)
    return page


@pytest.fixture
def matched(challenge, company_a):  # noqa: F811
    dictionary_load()
    text.reset_tokenizer()
    reset_synonyms()
    challenge.keywords.add("机器视觉", "缺陷检测", "小样本学习")
    challenge.save_revision().publish()
    challenge.refresh_from_db()
    company, user = company_a
    company.capability_keywords = ["机器视觉", "缺陷检测", "边缘计算"]
    company.description = "专注工业视觉检测与边缘推理，为制造企业提供在线质检系统。"
    company.save()
    yield challenge, company, user
    text.reset_tokenizer()
    reset_synonyms()


def test_a_member_reads_the_match_and_the_publisher_invites_it_to_bid(
    browser,
    live_server,
    matched,
    publisher,  # noqa: F811
    screenshot,
):
    opportunity, company, member = matched
    base = live_server.url
    page = login(browser, base, member.username, "demo-pass-2025")
    page.goto(f"{base}{opportunity.url}")
    box = page.get_by_test_id("match-box")
    assert "为什么推荐给您" in box.inner_text()
    assert "匹配度" in box.inner_text()
    assert "机器视觉" in box.inner_text()
    screenshot(page, "matching-explanation")
    page.context.close()

    publisher.set_password("publisher-pass-2026")
    publisher.save()
    desk = login(browser, base, publisher.username, "publisher-pass-2026")
    desk.goto(f"{base}/matching/solvers/")
    row = desk.get_by_test_id(f"solvers-{opportunity.pk}").locator("tr", has_text=company.name)
    row.get_by_role("button", name="邀请揭榜").click()
    desk.wait_for_load_state()
    assert "已邀请" in desk.get_by_test_id(f"solvers-{opportunity.pk}").inner_text()
    screenshot(desk, "matching-likely-solvers")
    desk.context.close()
    assert (
        Notification.objects.filter(user=member, subject__contains=opportunity.title).count() == 1
    )
