"""The publisher's selection pages, in Chinese: the list of its opportunities and their panels,
forming a panel, the panel page (members, suggestions, recusals, stage bar, advancing, scoring
progress), the eligibility check and roadshow slots. Nobody else reaches them: a publisher of
another organisation, an expert and a bidding company all get 404."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from selection import services
from selection.models import EligibilityCheck, Panel, PanelMember, Recusal, RoadshowSlot

from .conftest import full_scores
from .factories_panelpub import consensus_panel, in_days, other_publisher

__all__ = ["consensus_panel", "other_publisher"]


def page(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


def test_the_desk_links_to_the_review_panels(client, publisher, rubric):
    _response, html = page(client, publisher, reverse("publisher:desk"))
    assert reverse("selection:publisher_panels") in html
    assert "评审专家组" in html


def test_opportunities_without_a_panel_offer_to_form_one(client, publisher, rubric):
    response, html = page(client, publisher, reverse("selection:publisher_panels"))
    assert response.status_code == 200
    assert rubric.title in html
    assert "尚未组建专家组" in html
    assert reverse("selection:publisher_panel_create", args=[rubric.pk]) in html
    assert "组建评审专家组" in html


def test_opportunities_with_a_panel_show_its_stage(client, publisher, closed_panel):
    _response, html = page(client, publisher, reverse("selection:publisher_panels"))
    assert "形式审查" in html
    assert reverse("selection:publisher_panel", args=[closed_panel.pk]) in html


def test_the_panel_form_shows_the_kinds_defaults_and_the_rubric(client, publisher, rubric):
    response, html = page(
        client, publisher, reverse("selection:publisher_panel_create", args=[rubric.pk])
    )
    form = response.context["form"]
    assert form["with_roadshow"].value() is True
    assert form["min_members"].value() == 3
    assert "及格分：技术方案（满分 50）" in html
    assert "评审规则" in html


def test_forming_a_panel_stores_its_rules_and_pass_marks(client, publisher, rubric):
    data = {
        "min_members": 5,
        "aggregation": Panel.Aggregation.TRIMMED_MEAN,
        "outlier_share": "0.25",
        "comment_below_share": "0.5",
        "pass_score": "65",
        "with_roadshow": "on",
        "objection_working_days": 7,
        "pass_mark_0": "30",
    }
    response, _html = page(
        client, publisher, reverse("selection:publisher_panel_create", args=[rubric.pk]), data
    )
    panel = Panel.objects.get(opportunity=rubric)
    assert response.url == reverse("selection:publisher_panel", args=[panel.pk])
    assert (panel.min_members, panel.aggregation, panel.objection_working_days) == (
        5,
        "trimmed_mean",
        7,
    )
    assert panel.blind_first_round is False
    assert [c.pass_mark for c in panel.criteria.all()] == [30, None, None]


def test_a_bad_rule_or_pass_mark_is_named_on_the_form(client, publisher, rubric):
    data = {
        "min_members": 0,
        "aggregation": "mean",
        "outlier_share": "0.2",
        "comment_below_share": "0.6",
        "pass_score": "60",
        "objection_working_days": 5,
        "pass_mark_1": "31",
    }
    response, html = page(
        client, publisher, reverse("selection:publisher_panel_create", args=[rubric.pk]), data
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"min_members", "pass_mark_1"}
    assert "form-field--error" in html
    assert not Panel.objects.exists()


def test_the_panel_page_shows_members_stage_bar_and_next_step(client, publisher, closed_panel):
    response, html = page(
        client, publisher, reverse("selection:publisher_panel", args=[closed_panel.pk])
    )
    assert response.status_code == 200
    for label in ["组建专家组", "形式审查", "专家评审", "路演答辩", "结果公示", "结果生效"]:
        assert label in html
    assert 'aria-current="step">形式审查' in html
    assert [m.expert.name for m in response.context["members"]] == ["王建华", "李敏", "陈立"]
    assert "进入“专家评审”" in html
    assert "王建华" in html
    assert "组长" in html
    assert "未签署" in html


def test_suggestions_show_fit_and_invite_as_chair_or_member(client, publisher, panel, experts):
    response, html = page(client, publisher, reverse("selection:publisher_panel", args=[panel.pk]))
    suggested = [row["expert"] for row in response.context["suggestions"]]
    assert suggested == [experts[3]]
    assert "推荐专家" in html
    assert "匹配度" in html
    assert "邀请为成员" in html
    assert "邀请为组长" not in html  # reviewer_1 chairs already
    response, _html = page(
        client,
        publisher,
        reverse("selection:publisher_invite", args=[panel.pk]),
        {"expert": experts[3].pk, "role": PanelMember.Role.MEMBER},
    )
    assert response.status_code == 302
    assert panel.members.get(expert=experts[3]).status == PanelMember.Status.INVITED
    assert Notification.objects.filter(
        user=experts[3].user, subject__startswith="评审邀请"
    ).exists()


def test_a_refused_advance_names_every_missing_condition(client, publisher, closed_panel):
    response, html = page(
        client,
        publisher,
        reverse("selection:publisher_advance", args=[closed_panel.pk]),
        {"stage": Panel.Stage.SCORING},
    )
    assert response.status_code == 200
    assert "评审暂不能进入下一阶段" in html
    assert "还有 2 份申报未完成形式审查。" in html
    assert "没有申报通过形式审查。" in html
    closed_panel.refresh_from_db()
    assert closed_panel.stage == Panel.Stage.ELIGIBILITY


def test_advancing_before_the_deadline_says_so(client, publisher, panel):
    _response, html = page(
        client,
        publisher,
        reverse("selection:publisher_advance", args=[panel.pk]),
        {"stage": Panel.Stage.ELIGIBILITY},
    )
    assert "申报尚未截止。" in html


def test_advancing_moves_the_stage(client, publisher, closed_panel, bids):
    for bid in bids:
        services.eligibility_mark(bid, publisher, eligible=True)
    response, _html = page(
        client,
        publisher,
        reverse("selection:publisher_advance", args=[closed_panel.pk]),
        {"stage": Panel.Stage.SCORING},
    )
    assert response.status_code == 302
    closed_panel.refresh_from_db()
    assert closed_panel.stage == Panel.Stage.SCORING


def test_scoring_progress_counts_sheets_without_any_score(client, publisher, scoring_panel, bids):
    member = scoring_panel.members.get(role=PanelMember.Role.CHAIR)
    services.sheet_save(bids[0], member.expert.user, full_scores(scoring_panel, 0.77), submit=True)
    _response, html = page(
        client, publisher, reverse("selection:publisher_panel", args=[scoring_panel.pk])
    )
    assert "评分进度" in html
    assert "1 / 3" in html
    assert "0 / 3" in html
    assert "38.50" not in html
    assert "38.5" not in html


def test_a_recusal_without_a_reason_names_the_field(client, publisher, closed_panel, experts):
    member = closed_panel.members.get(expert=experts[1])
    response, _html = page(
        client,
        publisher,
        reverse("selection:publisher_recuse", args=[closed_panel.pk]),
        {"member": member.pk, "bid": "", "reason": "  "},
    )
    assert "reason" in response.context["recusal_form"].errors
    assert not Recusal.objects.exists()


def test_recusing_an_expert_from_a_bid(client, publisher, closed_panel, bids, experts):
    member = closed_panel.members.get(expert=experts[1])
    response, _html = page(
        client,
        publisher,
        reverse("selection:publisher_recuse", args=[closed_panel.pk]),
        {"member": member.pk, "bid": bids[0].pk, "reason": "曾与该单位合作"},
    )
    assert response.status_code == 302
    recusal = Recusal.objects.get()
    assert (recusal.member, recusal.bid, recusal.reason) == (member, bids[0], "曾与该单位合作")
    _response, html = page(
        client, publisher, reverse("selection:publisher_panel", args=[closed_panel.pk])
    )
    assert "曾与该单位合作" in html


def test_the_eligibility_page_lists_every_bid_with_a_link_to_read_it(
    client, publisher, closed_panel, bids
):
    response, html = page(
        client, publisher, reverse("selection:publisher_eligibility", args=[closed_panel.pk])
    )
    assert response.status_code == 200
    assert "形式审查" in html
    assert "尚未审查" in html
    for bid in bids:
        assert bid.receipt_number in html
        assert reverse("bids:detail", args=[bid.pk]) in html
        assert client.get(reverse("bids:detail", args=[bid.pk])).status_code == 200


def test_not_eligible_needs_a_reason_and_the_bidder_is_told(client, publisher, closed_panel, bids):
    url = reverse("selection:publisher_eligibility", args=[closed_panel.pk])
    response, html = page(client, publisher, url, {"bid": bids[0].pk, "eligible": "no"})
    assert response.status_code == 200
    form = next(row["form"] for row in response.context["rows"] if row["bid"] == bids[0])
    assert "reason" in form.errors
    assert "请说明该申报未通过形式审查的原因。" in html
    response, _html = page(
        client, publisher, url, {"bid": bids[0].pk, "eligible": "no", "reason": "缺少营业执照"}
    )
    assert response.status_code == 302
    assert EligibilityCheck.objects.get(bid=bids[0]).eligible is False
    assert Notification.objects.filter(user__username="company_a", body="缺少营业执照").exists()


def test_the_roadshow_page_schedules_and_refuses_an_overlap(
    client, publisher, consensus_panel, bids
):
    url = reverse("selection:publisher_roadshow", args=[consensus_panel.pk])
    response, html = page(client, publisher, url)
    assert response.status_code == 200
    assert "安排或调整路演时段" in html
    first = {
        "bid": bids[0].pk,
        "starts_at": in_days(2, 9).strftime("%Y-%m-%dT%H:%M"),
        "minutes": 30,
        "place": "301 会议室",
    }
    assert page(client, publisher, url, first)[0].status_code == 302
    clash = {**first, "bid": bids[1].pk, "starts_at": in_days(2, 9, 15).strftime("%Y-%m-%dT%H:%M")}
    response, html = page(client, publisher, url, clash)
    assert "starts_at" in response.context["form"].errors
    assert "重叠" in html
    assert RoadshowSlot.objects.count() == 1
    assert Notification.objects.filter(
        user__username="company_a", subject__startswith="路演已安排"
    ).exists()
    assert not Notification.objects.filter(
        user__username="company_b", subject__startswith="路演"
    ).exists()


PAGES = [
    ("selection:publisher_panel", "get", {}),
    ("selection:publisher_eligibility", "get", {}),
    ("selection:publisher_roadshow", "get", {}),
    ("selection:publisher_advance", "post", {"stage": "scoring"}),
    ("selection:publisher_invite", "post", {"role": "member"}),
    ("selection:publisher_recuse", "post", {"reason": "x"}),
    ("selection:publisher_eligibility", "post", {"eligible": "yes"}),
]


@pytest.fixture(params=["other_publisher", "expert", "company"])
def outsider(request, experts, company_a):
    if request.param == "other_publisher":
        return request.getfixturevalue("other_publisher")
    if request.param == "expert":
        return experts[0].user
    return company_a[1]


@pytest.mark.parametrize(("name", "method", "data"), PAGES)
def test_no_one_else_reaches_the_panel_pages(
    client, outsider, closed_panel, bids, experts, name, method, data
):
    client.force_login(outsider)
    url = reverse(name, args=[closed_panel.pk])
    if name == "selection:publisher_invite":
        data = {**data, "expert": experts[3].pk}
    if name == "selection:publisher_eligibility" and method == "post":
        data = {**data, "bid": bids[0].pk}
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    closed_panel.refresh_from_db()
    assert closed_panel.stage == Panel.Stage.ELIGIBILITY
    assert not EligibilityCheck.objects.exists()
    assert closed_panel.members.count() == 3


def test_no_one_else_lists_or_forms_panels(client, outsider, rubric):
    client.force_login(outsider)
    create = reverse("selection:publisher_panel_create", args=[rubric.pk])
    if outsider.username == "publisher_other":
        assert client.get(reverse("selection:publisher_panels")).status_code == 200
        assert (
            rubric.title not in client.get(reverse("selection:publisher_panels")).content.decode()
        )
    else:
        assert client.get(reverse("selection:publisher_panels")).status_code == 404
    assert client.get(create).status_code == 404
    assert client.post(create, {"min_members": 3}).status_code == 404
    assert not Panel.objects.exists()


def test_before_the_deadline_the_publisher_learns_nothing_of_who_bid(
    client, publisher, panel, bids
):
    _response, html = page(
        client, publisher, reverse("selection:publisher_eligibility", args=[panel.pk])
    )
    for bid in bids:
        assert bid.receipt_number not in html
        assert bid.company.name not in html
    assert "尚无申报进入评审。" in html
    _response, html = page(client, publisher, reverse("selection:publisher_panel", args=[panel.pk]))
    for bid in bids:
        assert bid.receipt_number not in html
        assert bid.company.name not in html


# Fixed per request, whatever the panel holds: the session, the account, its organisation, its
# group's permissions and profile (the header's admin link), its memberships (the account menu).
@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("selection:publisher_panel", 23),
        ("selection:publisher_eligibility", 15),
        ("selection:publisher_roadshow", 20),
    ],
)
def test_the_panel_pages_take_a_bounded_number_of_queries(
    client, publisher, consensus_panel, django_assert_max_num_queries, name, most
):
    client.force_login(publisher)
    url = reverse(name, args=[consensus_panel.pk])
    client.get(url)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
