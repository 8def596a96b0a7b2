"""The public site in a real Chromium: a visitor's walk from the home page to a challenge, a filtered list and search.

One walk over one demo load, since loading the demo is the slow part; screenshots go to
tests/artifacts/.
"""

import re

import pytest

from cms.models import ChallengePage, OpportunityListPage, Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check_home_page(page, base_url, screenshot):
    response = page.goto(base_url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "机会清单与揭榜挂帅平台"
    open_count = ChallengePage.objects.live().open().count()
    counter = page.locator(".counters div", has_text="征集中的榜单").locator("dd")
    assert counter.inner_text() == str(open_count)
    cards = page.locator(".cards .card")
    assert cards.count() == min(6, open_count)
    assert cards.first.locator("img").evaluate("img => img.complete && img.naturalWidth") == 480
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert screenshot(page, "home").stat().st_size > 20_000


def check_challenge_page(page, base_url, screenshot):
    challenge = ChallengePage.objects.live().open().filter(selection_mode="race").first()
    response = page.goto(base_url + challenge.url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == challenge.title
    assert page.locator(".status").first.inner_text() == "征集中"
    rows = page.locator("#targets-heading + .table-wrap tbody tr")
    assert rows.count() == challenge.targets.count()
    weights = [int(text) for text in page.locator(".rubric strong").all_inner_texts()]
    assert sum(weights) == 100
    assert "赛马制" in page.locator(".opportunity__key").inner_text()
    screenshot(page, "challenge")


def check_list_filter_without_javascript(browser, base_url, screenshot):
    context = browser.new_context(
        java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    list_page = next(
        candidate
        for candidate in OpportunityListPage.objects.live().order_by("pk")
        if 0 < candidate.opportunities().open().count() < candidate.opportunities().count() <= 12
    )
    page.goto(base_url + list_page.url)
    assert page.locator(".card").count() == list_page.opportunities().count()
    page.select_option("#id_status", Status.OPEN)
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"status=open"))
    assert page.locator(".card").count() == list_page.opportunities().open().count()
    assert set(page.locator(".card .status").all_inner_texts()) == {"征集中"}
    screenshot(page, "list-filtered")
    context.close()


def check_search(page, base_url, screenshot):
    page.goto(base_url + "/search/")
    box = page.locator("#search-q")
    box.press_sequentially("智慧", delay=50)  # suggestions arrive as you type
    # A locator wait, not wait_for_function: that evaluates a string, which the site's
    # Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    page.locator("#search-suggestions option").first.wait_for(state="attached")
    assert "智慧" in page.locator("#search-suggestions option").first.get_attribute("value")
    box.fill("锂电池")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=%E9%94%82"))
    assert page.locator(".result").count() > 0
    assert "锂" in page.locator(".result mark").first.inner_text()
    page.locator(".facets").get_by_role("link", name=re.compile(r"^揭榜挂帅 \d+$")).click()
    page.wait_for_url(re.compile(r"kind=challenge"))
    kinds = set(page.locator(".result .kind").all_inner_texts())
    assert kinds == {"揭榜挂帅"}
    assert page.locator(".facets a.selected").count() == 1
    assert page.locator(".result mark").count() > 0
    screenshot(page, "search")


def test_visitor_walks_home_challenge_filtered_list_and_search_in_chromium(
    demo, live_server, browser, page, screenshot
):
    check_home_page(page, live_server.url, screenshot)
    check_challenge_page(page, live_server.url, screenshot)
    check_list_filter_without_javascript(browser, live_server.url, screenshot)
    check_search(page, live_server.url, screenshot)
