"""The expert's pages under /review/: answering invitations, the declaration, the bids to score,
reading a bid (audited once), the score sheet, others' scores only after submitting, bids side by
side; and the sealing rule on every page (before the deadline, before declaring, recused, another
opportunity), with identity hidden in a blind round."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scenarios import services as bid_services
from scenarios.models import AuditEvent
from selection import services
from selection.models import Panel, PanelMember, ScoreSheet
from tests.scenarios.conftest import minimal_pdf

from .conftest import full_scores

pytestmark = pytest.mark.usefixtures("messages_in_english")

FILE_NAME = "云眸智能方案.pdf"


@pytest.fixture
def attachment(bids, company_a):
    """company_a's bid carries a PDF whose file name names the bidder (added before the deadline)."""
    _company, user = company_a
    return bid_services.attachment_add(
        bids[0], user, SimpleUploadedFile(FILE_NAME, minimal_pdf(), "application/pdf")
    )


def login(client, expert):
    client.force_login(expert.user)
    return client


def expert_urls(bid, attachment=None):
    urls = [f"/review/bids/{bid.pk}/", f"/review/bids/{bid.pk}/score/"]
    if attachment is not None:
        urls.append(f"/review/bids/{bid.pk}/attachments/{attachment.pk}/")
    urls += [f"/api/v1/review/bids/{bid.pk}", f"/api/v1/review/bids/{bid.pk}/sheet"]
    return urls


def assert_unreadable(client, bid, attachment=None):
    for url in expert_urls(bid, attachment):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in (
            b"".join(response.streaming_content) if response.streaming else response.content
        )


def test_an_invited_expert_accepts_or_declines_with_a_reason_on_the_page(
    rubric, publisher, experts, client
):
    panel = services.panel_create(rubric, publisher)
    first = services.member_invite(panel, experts[0], publisher)
    login(client, experts[0])
    response = client.get("/review/")
    assert [step for _member, step in response.context["rows"]] == ["请接受或谢绝邀请。"]
    client.post(f"/review/invitations/{first.pk}/", {"action": "decline", "reason": ""})
    first.refresh_from_db()
    assert first.status == PanelMember.Status.INVITED
    client.post(f"/review/invitations/{first.pk}/", {"action": "decline", "reason": "出差"})
    first.refresh_from_db()
    assert (first.status, first.declined_reason) == ("declined", "出差")


def test_another_experts_invitation_cannot_be_answered(rubric, publisher, experts, client):
    panel = services.panel_create(rubric, publisher)
    member = services.member_invite(panel, experts[0], publisher)
    login(client, experts[1])
    response = client.post(f"/review/invitations/{member.pk}/", {"action": "accept"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.status == PanelMember.Status.INVITED


def test_the_dashboard_sends_an_expert_to_the_review_assignments(experts, client):
    login(client, experts[0])
    page = client.get("/account/").content.decode()
    assert 'href="/review/"' in page
    assert "belongs to no organisation" not in page


def test_the_declaration_lists_the_bidders_and_records_a_declared_conflict(
    closed_panel, bids, experts, client
):
    login(client, experts[1])
    page = client.get(f"/review/panels/{closed_panel.pk}/").content.decode()
    assert "本人承诺" in page
    assert bids[0].bidder_name in page
    assert bids[1].bidder_name in page
    response = client.post(
        f"/review/panels/{closed_panel.pk}/",
        {"conflicted_bids": [bids[1].pk], "note": "曾合作", "confirm": "on"},
    )
    assert response.status_code == 302
    member = closed_panel.members.get(expert=experts[1])
    assert member.has_declared
    assert member.recusals.get().bid == bids[1]


def test_a_conflict_declared_without_a_note_is_refused_on_the_note(
    closed_panel, bids, experts, client
):
    login(client, experts[1])
    response = client.post(
        f"/review/panels/{closed_panel.pk}/",
        {"whole_opportunity": "on", "note": "", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "note" in response.context["declaration_form"].errors
    assert not closed_panel.members.get(expert=experts[1]).has_declared


def test_the_declaration_names_no_bidder_before_the_deadline(panel, bids, experts, client):
    login(client, experts[1])
    response = client.get(f"/review/panels/{panel.pk}/")
    assert bids[0].bidder_name not in response.content.decode()
    assert "declaration_form" not in response.context
    assert response.context["next_step"] == "请等待申报截止，之后签署利益冲突声明。"


def test_the_expert_lists_the_bids_to_score_with_each_sheet_status(
    scoring_panel, bids, experts, client
):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    login(client, experts[1])
    response = client.get(f"/review/panels/{scoring_panel.pk}/")
    assert response.content.decode().count("/score/") == 2
    assert [
        (bid, sheet is not None and sheet.is_submitted)
        for bid, _name, sheet, _coverage in response.context["bids"]
    ] == [
        (bids[0], True),
        (bids[1], False),
    ]


def test_reading_a_bid_is_audited_once_per_expert_and_bid(
    attachment, scoring_panel, bids, experts, client
):
    login(client, experts[1])
    for url in expert_urls(bids[0], attachment):
        assert client.get(url).status_code == 200, url
    events = AuditEvent.objects.filter(action=AuditEvent.Action.BID_OPENED_BY_EXPERT)
    assert list(events.values_list("actor_name", "bid_id")) == [("reviewer_2", bids[0].pk)]


def test_the_attachment_downloads_with_its_name_outside_a_blind_round(
    attachment, scoring_panel, bids, experts, client
):
    login(client, experts[1])
    response = client.get(f"/review/bids/{bids[0].pk}/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "filename*=utf-8''%E4%BA%91" in response["Content-Disposition"]


def test_no_expert_reads_a_bid_before_the_deadline(panel, attachment, bids, experts, client):
    member = panel.members.get(expert=experts[1])
    PanelMember.objects.filter(pk=member.pk).update(declared_at="2026-01-01T00:00:00Z")
    Panel.objects.filter(pk=panel.pk).update(stage=Panel.Stage.SCORING)
    login(client, experts[1])
    assert_unreadable(client, bids[0], attachment)


def test_no_expert_reads_a_bid_before_declaring(
    attachment, closed_panel, bids, publisher, experts, client
):
    for bid in bids:
        services.eligibility_mark(bid, publisher, eligible=True)
    for member in closed_panel.members.exclude(expert=experts[1]):
        services.declaration_sign(member, member.expert.user)
    services.panel_advance(closed_panel, publisher, Panel.Stage.SCORING)
    login(client, experts[1])
    assert_unreadable(client, bids[0], attachment)
    assert "/review/bids/" not in client.get(f"/review/panels/{closed_panel.pk}/").content.decode()


def test_a_recused_expert_reads_neither_the_bid_nor_the_opportunity(
    attachment, scoring_panel, bids, publisher, experts, client
):
    member = scoring_panel.members.get(expert=experts[1])
    services.recusal_record(member, publisher, bid=bids[0], reason="曾指导该团队")
    login(client, experts[1])
    assert_unreadable(client, bids[0], attachment)
    assert client.get(f"/review/bids/{bids[1].pk}/").status_code == 200
    services.recusal_record(member, publisher, reason="与发榜方有合作")
    assert_unreadable(client, bids[1])
    assert client.get(f"/review/panels/{scoring_panel.pk}/compare/").status_code == 404


def test_an_expert_of_another_opportunity_reads_none_of_its_bids(
    attachment, scoring_panel, bids, experts, client
):
    login(client, experts[3])
    assert_unreadable(client, bids[0], attachment)
    assert client.get(f"/review/panels/{scoring_panel.pk}/").status_code == 404


def test_a_blind_round_hides_the_bidder_on_every_expert_page_and_answer(
    attachment, scoring_panel, bids, experts, client
):
    Panel.objects.filter(pk=scoring_panel.pk).update(blind_first_round=True)
    services.sheet_save(bids[0], experts[2].user, full_scores(scoring_panel), submit=True)
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    member = scoring_panel.members.get(expert=experts[1])
    company = bids[0].company
    secrets = [company.name, bids[0].bidder_name, company.uscc, "张三（负责人）", FILE_NAME]
    login(client, experts[1])
    urls = [
        "/review/",
        f"/review/panels/{scoring_panel.pk}/",
        f"/review/panels/{scoring_panel.pk}/compare/",
        f"/review/bids/{bids[0].pk}/",
        f"/review/bids/{bids[0].pk}/score/",
        "/api/v1/review/assignments",
        f"/api/v1/review/assignments/{member.pk}/bids",
        f"/api/v1/review/bids/{bids[0].pk}",
        f"/api/v1/review/bids/{bids[0].pk}/sheet",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, (url, secret)
            assert secret.encode("unicode_escape").decode() not in text, (url, secret)
    download = client.get(f"/review/bids/{bids[0].pk}/attachments/{attachment.pk}/")
    assert "%E4%BA%91" not in download["Content-Disposition"]
    assert 'filename="bid-A-' in download["Content-Disposition"]


def test_a_score_out_of_range_is_named_on_its_field(scoring_panel, bids, experts, client):
    criterion = scoring_panel.criteria.first()
    login(client, experts[1])
    data = {f"score_{c.pk}": "10" for c in scoring_panel.criteria.all()}
    data[f"score_{criterion.pk}"] = str(criterion.max_score + 5)
    response = client.post(f"/review/bids/{bids[0].pk}/score/", {**data, "action": "save"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"score_{criterion.pk}"]
    assert not ScoreSheet.objects.filter(scores__isnull=False).exists()


def test_others_scores_appear_only_after_submitting_and_a_change_is_audited(
    scoring_panel, bids, experts, client
):
    services.sheet_save(
        bids[0], experts[2].user, full_scores(scoring_panel, comment="OTHER-COMMENT"), submit=True
    )
    login(client, experts[1])
    url = f"/review/bids/{bids[0].pk}/score/"
    assert "OTHER-COMMENT" not in client.get(url).content.decode()
    data = {"comment": "总体可行", "action": "submit"}
    for criterion in scoring_panel.criteria.all():
        data[f"score_{criterion.pk}"] = str(criterion.max_score - 1)
        data[f"comment_{criterion.pk}"] = "好"
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "OTHER-COMMENT" in page
    assert experts[2].name not in page  # other experts are numbered, not named
    first = scoring_panel.criteria.first()
    client.post(url, {**data, f"score_{first.pk}": "1", "action": "save"})
    change = AuditEvent.objects.get(action=AuditEvent.Action.SCORE_CHANGED)
    assert change.detail["after"][str(first.pk)] == "1.00"


def test_bids_side_by_side_target_by_target(scoring_panel, bids, experts, client):
    login(client, experts[1])
    page = client.get(f"/review/panels/{scoring_panel.pk}/compare/").content.decode()
    assert "检测准确率" in page
    assert "单张推理时间" in page
    assert page.count("达到") == 4  # two targets x two bids


def test_the_scoring_page_needs_as_many_queries_however_many_sheets_are_shown(
    scoring_panel, bids, experts, client
):
    url = f"/review/bids/{bids[0].pk}/score/"
    login(client, experts[1])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for expert in experts[1:3]:
        services.sheet_save(bids[0], expert.user, full_scores(scoring_panel), submit=True)
    client.get(url)  # the first reading writes its audit line
    one_other = count()
    services.sheet_save(bids[0], experts[0].user, full_scores(scoring_panel), submit=True)
    two_others = count()
    print(f"scoring page: {two_others} queries")
    assert one_other == two_others <= 25


def test_a_blind_declaration_lists_pseudonyms(closed_panel, bids, experts, client):
    Panel.objects.filter(pk=closed_panel.pk).update(blind_first_round=True)
    login(client, experts[1])
    page = client.get(f"/review/panels/{closed_panel.pk}/").content.decode()
    assert "申报方 A" in page
    assert "申报方 B" in page
    assert bids[0].company.name not in page
    assert bids[1].company.name not in page
