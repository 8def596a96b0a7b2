"""The selection stage walked in a real Chromium, from the panel to the final result: the
publisher forms a panel of a horse race (赛马制, two winners) and invites three experts, checks
the bids' eligibility and opens scoring; the experts accept, declare and score; the chair records
the consensus; the publisher selects two winners and publishes the notice; a losing bidder
objects, the publisher answers, the notice period ends and the result is final; the losing
bidder reads the panel's feedback without any expert's name. Screenshots in tests/artifacts/
(selection-*.png)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import ChallengePage
from scenarios import services as bid_services
from selection import services
from selection.models import EligibilityCheck, Objection, Panel, ResultNotice
from tests.scenarios.conftest import close, complete_bid, make_company
from tests.selection.conftest import (  # noqa: F401  (fixtures)
    _private_media_in_tmp,
    admin,
    bids,
    challenge,
    company_a,
    company_b,
    experts,
    list_page,
    publisher,
    publisher_org,
    rubric,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Eleven logins and some forty pages on two shared cores.
    pytest.mark.timeout(900),
]

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}
# The fraction of every criterion's maximum each expert gives bids 0, 1 and 2: the third bid
# (徐州矿山装备检测有限公司) comes last and loses.
FRACTIONS = (0.85, 0.75, 0.62)


@pytest.fixture
def race_bids(rubric, bids):  # noqa: F811
    """The challenge is a horse race of two winners with three submitted bids, then its deadline
    passes."""
    ChallengePage.objects.filter(pk=rubric.pk).update(
        selection_mode=ChallengePage.SelectionMode.RACE, winners_count=2
    )
    company, user = make_company("徐州矿山装备检测有限公司", "company_c")
    bid = bid_services.bid_create(company, rubric, user, fields={"summary": "方案"})
    complete_bid(bid, user, team="王五")
    race = [*bids, bid_services.bid_submit(bid, user)]
    close(rubric)
    return race


def login(browser, base, username, password, viewport=WIDE):
    context = browser.new_context(locale="zh-CN", viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)
    return page


def success(page):
    return page.locator(".message--success").first.inner_text()


def test_a_horse_race_goes_from_the_panel_to_a_final_result_by_clicking(
    browser,
    live_server,
    race_bids,
    experts,  # noqa: F811
    publisher,  # noqa: F811
    screenshot,
    tmp_path,
):
    started = time.monotonic()
    base = live_server.url
    challenge_page = race_bids[0].opportunity.specific
    loser = race_bids[2]

    # The publisher forms the panel from its list of opportunities, with the default rules.
    boss = login(browser, base, "publisher", "x")
    boss.goto(f"{base}/review/publisher/")
    row = boss.locator("tbody tr", has_text=challenge_page.title)
    row.get_by_role("link", name="组建评审专家组").click()
    boss.locator("main form button[type=submit]", has_text="组建评审专家组").click()
    boss.locator("h1", has_text="评审专家组").wait_for()
    panel = Panel.objects.get(opportunity=challenge_page)
    assert boss.url.endswith(f"/review/publisher/panels/{panel.pk}/")

    # …and invites a chair and two members from the suggestions.
    for expert, role in ((experts[0], "组长"), (experts[1], "成员"), (experts[2], "成员")):
        suggestion = boss.locator("#suggestions-heading ~ .table-wrap tbody tr").filter(
            has_text=expert.name
        )
        suggestion.get_by_role("button", name=f"邀请为{role}").click()
        assert success(boss) == f"已邀请 {expert.name}。"
    members = boss.locator("#members-heading ~ .table-wrap tbody")
    assert members.locator("tr").count() == 3
    assert "组长" in members.locator("tr").first.inner_text()
    screenshot(boss, "selection-1-panel-formed")

    # The experts accept the invitation.
    pages = {}
    for expert in experts[:3]:
        page = login(browser, base, expert.user.username, "x")
        page.goto(f"{base}/review/")
        page.get_by_role("button", name="接受").click()
        page.locator("tbody tr", has_text="已接受").wait_for()
        pages[expert.pk] = page
    chair = pages[experts[0].pk]

    # The deadline has passed: the publisher moves to the eligibility check, marks every bid.
    boss.reload()
    boss.get_by_role("button", name="进入“形式审查”").click()
    boss.locator(".stage-bar__step--current", has_text="形式审查").wait_for()
    boss.locator("p a", has_text="形式审查").first.click()
    for bid in race_bids:
        article = boss.locator("article.panel", has=boss.locator(f"#bid-{bid.pk}"))
        article.get_by_label("合格", exact=True).check()
        article.get_by_role("button", name="记录审查结果").click()
        boss.locator("article.panel", has=boss.locator(f"#bid-{bid.pk}")).filter(
            has_text="合格"
        ).wait_for()
    assert EligibilityCheck.objects.filter(bid__in=race_bids, eligible=True).count() == 3
    screenshot(boss, "selection-2-eligibility")

    # The experts sign the declaration (no conflict), then score every bid and submit.
    for expert in experts[:3]:
        page = pages[expert.pk]
        page.goto(f"{base}/review/panels/{panel.pk}/")
        page.get_by_label("本人已阅读并签署上述声明").check()
        page.get_by_role("button", name="签署声明").click()
        page.locator("#bids-heading").wait_for()
    boss.locator(f"a[href='/review/publisher/panels/{panel.pk}/']").first.click()
    boss.get_by_role("button", name="进入“专家评审”").click()
    boss.locator(".stage-bar__step--current", has_text="专家评审").wait_for()

    criteria = list(panel.criteria.all())
    for number, expert in enumerate(experts[:3]):
        page = pages[expert.pk]
        for bid, fraction in zip(race_bids, FRACTIONS, strict=True):
            page.goto(f"{base}/review/panels/{panel.pk}/")
            page.locator(f"a[href='/review/bids/{bid.pk}/score/']").click()
            page.locator("h1", has_text="评分表").wait_for()
            for criterion in criteria:
                page.fill(f"#id_score_{criterion.pk}", str(round(criterion.max_score * fraction)))
                page.fill(f"#id_comment_{criterion.pk}", "论证充分，指标可达。")
            page.get_by_role("button", name="提交评分表").click()
            page.locator("#others-heading").wait_for()
            if number == 0 and bid == race_bids[0]:
                screenshot(page, "selection-3-expert-score-sheet")
        page.goto(f"{base}/review/panels/{panel.pk}/")
        assert page.locator("#bids-heading ~ .table-wrap tbody tr", has_text="已提交").count() == 3
    screenshot(chair, "selection-4-expert-panel")

    # The publisher sees every sheet in and moves to the consensus.
    boss.reload()
    assert boss.locator("#progress-heading ~ .table-wrap tbody tr", has_text="3 / 3").count() == 3
    boss.get_by_role("button", name="进入“专家合议”").click()
    boss.locator(".stage-bar__step--current", has_text="专家合议").wait_for()

    # The chair reaches the consensus from the panel page and records it for each bid.
    chair.goto(f"{base}/review/panels/{panel.pk}/")
    chair.get_by_role("link", name="专家合议").click()
    chair.locator("h1", has_text="专家合议").wait_for()
    for bid in race_bids:
        section = chair.locator(f"#bid-{bid.pk}")
        section.locator("textarea[name=comment]").fill("方案可行，团队扎实。")
        section.get_by_role("button", name="记录合议意见").click()
        chair.locator(f"#bid-{bid.pk}", has_text="方案可行，团队扎实。").locator(
            "button", has_text="重新记录合议意见"
        ).wait_for()
    screenshot(chair, "selection-5-consensus")

    # The publisher moves to the decision, reaches it from the panel page, shortlists and
    # selects the two leading bids with their amounts.
    boss.reload()
    boss.get_by_role("button", name="进入“确定结果”").click()
    boss.locator(".stage-bar__step--current", has_text="确定结果").wait_for()
    boss.locator(".step-links").get_by_role("link", name="排名与揭榜决定").click()
    boss.locator("h1", has_text="排名与揭榜决定").wait_for()
    winners, amounts = race_bids[:2], ("70", "50")
    for bid in race_bids:
        if boss.locator(f"input[name=bid][value='{bid.pk}']").count():
            boss.check(f"input[name=bid][value='{bid.pk}']")
    boss.get_by_role("button", name="保存入围名单").click()
    boss.locator("h1", has_text="排名与揭榜决定").wait_for()
    for bid in race_bids:
        box = boss.locator(f"input[name=winner][value='{bid.pk}']")
        if box.count():
            box.set_checked(bid in winners)
    for bid, amount in zip(winners, amounts, strict=True):
        boss.fill(f"input[name=amount_{bid.pk}]", amount)
    screenshot(boss, "selection-6-decision")
    boss.get_by_role("button", name="核对揭榜决定").click()
    boss.locator("h1", has_text="确认揭榜决定").wait_for()
    boss.locator("main form button[type=submit]", has_text="确认揭榜决定").click()
    boss.locator("h1", has_text="排名与揭榜决定").wait_for()
    assert [award.bid_id for award in panel.awards.order_by("rank")] == [b.pk for b in winners]
    loser.refresh_from_db()
    assert loser.status == "not_selected"

    # The publisher publishes the notice from the panel page.
    boss.goto(f"{base}/review/publisher/panels/{panel.pk}/")
    steps = boss.locator(".step-links")
    assert steps.get_by_role("link", name="评审记录（XLSX）").count() == 1
    assert steps.get_by_role("link", name="王建华 的评分表（打印签字）").count() == 1
    steps.get_by_role("link", name="发布结果公示").click()
    boss.locator("h1", has_text="发布结果公示").wait_for()
    boss.get_by_role("button", name="发布公示").click()
    assert success(boss) == "结果公示已发布。"
    notice = ResultNotice.objects.get(panel=panel)
    assert boss.url.endswith(f"/review/notices/{notice.pk}/")

    # Anyone reads the notice from the opportunity page, on a phone: the winners are shown.
    public = browser.new_context(locale="zh-CN", viewport=NARROW, device_scale_factor=1)
    public.set_default_timeout(60_000)
    anonymous = public.new_page()
    anonymous.goto(base + challenge_page.url)
    anonymous.locator(f"a[href='/review/notices/{notice.pk}/']").first.click()
    anonymous.locator("h1", has_text="结果公示").wait_for()
    winners_table = anonymous.locator("table").first.inner_text()
    assert winners[0].company.name in winners_table
    assert winners[1].company.name in winners_table
    assert loser.company.name not in anonymous.content()
    assert "公示中" in anonymous.locator("main").inner_text()
    screenshot(anonymous, "selection-7-public-notice-390")

    # The losing bidder files an objection.
    objector = login(browser, base, "company_c", "demo-pass-2025")
    objector.goto(f"{base}/review/notices/{notice.pk}/")
    objector.get_by_label("异议理由").fill("我单位方案的技术指标优于第二名，请复核评分。")
    objector.get_by_role("button", name="提交异议").click()
    assert success(objector) == "异议已提交，发布单位将书面答复。"
    assert "待答复" in objector.locator("#answered-heading ~ p.muted").inner_text()

    # The publisher answers from the panel page: not upheld.
    boss.goto(f"{base}/review/publisher/panels/{panel.pk}/")
    boss.locator(".step-links").get_by_role("link", name="答复异议").click()
    section = boss.locator("section.panel", has_text=loser.company.name)
    section.get_by_label("异议不成立：维持结果").check()
    section.locator("textarea").fill("经复核，评分程序与结果无误，维持原结果。")
    section.get_by_role("button", name="提交答复").click()
    assert success(boss) == "答复已记录，并已通知异议单位。"
    assert boss.locator("section.panel", has_text="异议不成立").count() == 1
    screenshot(boss, "selection-8-objection-answered")
    assert Objection.objects.get().status == Objection.Status.REJECTED

    # The objection period ends, as time passing would, and the daily job makes it final.
    ResultNotice.objects.filter(pk=notice.pk).update(
        objection_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert [n.pk for n in services.notices_finalise()] == [notice.pk]
    anonymous.goto(f"{base}/review/notices/{notice.pk}/")
    main = anonymous.locator("main").inner_text()
    assert "已生效" in main
    assert "经复核，评分程序与结果无误，维持原结果。" in main
    assert "提交异议" not in main
    screenshot(anonymous, "selection-9-result-final-390")

    # The losing bidder reads the panel's feedback on its bid, on a phone, with no expert named.
    objector.set_viewport_size(NARROW)
    objector.goto(f"{base}/bids/{loser.pk}/")
    feedback = objector.locator("#feedback")
    feedback.wait_for()
    assert "评审反馈" in feedback.inner_text()
    assert "方案可行，团队扎实。" in feedback.inner_text()
    html = objector.content()
    for expert in experts:
        assert expert.name not in html
        assert expert.user.username not in html
    screenshot(objector, "selection-10-bidder-feedback-390")

    panel.refresh_from_db()
    assert panel.stage == Panel.Stage.FINAL
    public.close()
    print(f"selection journey: {time.monotonic() - started:.1f} s")
