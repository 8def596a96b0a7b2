"""The expert's operations in the API (/api/v1/review/…): the same services and sealing rule as
the pages, errors in the API's one shape (422 naming the field, 403 outside the pool, 404 for a
bid the expert may not read)."""

import json

import pytest

from scenarios.models import AuditEvent
from selection import services
from selection.models import Panel, PanelMember, ScoreSheet

from .conftest import full_scores

pytestmark = pytest.mark.usefixtures("messages_in_english")


def call(client, method, url, data=None):
    return client.generic(method, url, json.dumps(data or {}), content_type="application/json")


def test_my_assignments_list_the_invitation_and_its_next_step(rubric, publisher, experts, client):
    panel = services.panel_create(rubric, publisher)
    services.member_invite(panel, experts[0], publisher, role=PanelMember.Role.CHAIR)
    client.force_login(experts[0].user)
    [row] = client.get("/api/v1/review/assignments").json()
    assert (row["role"], row["status"], row["stage"]) == ("chair", "invited", "forming")
    assert row["next_step"] == "请接受或谢绝邀请。"


def test_an_account_outside_the_pool_is_refused_with_403(publisher, client):
    client.force_login(publisher)
    response = client.get("/api/v1/review/assignments")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_declining_without_a_reason_is_a_422_naming_the_reason(rubric, publisher, experts, client):
    panel = services.panel_create(rubric, publisher)
    member = services.member_invite(panel, experts[0], publisher)
    client.force_login(experts[0].user)
    url = f"/api/v1/review/assignments/{member.pk}/respond"
    response = call(client, "POST", url, {"accept": False})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reason"]
    response = call(client, "POST", url, {"accept": True})
    assert response.json()["status"] == "accepted"


def test_another_experts_invitation_is_not_found(rubric, publisher, experts, client):
    panel = services.panel_create(rubric, publisher)
    member = services.member_invite(panel, experts[0], publisher)
    client.force_login(experts[1].user)
    response = call(
        client, "POST", f"/api/v1/review/assignments/{member.pk}/respond", {"accept": True}
    )
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.status == PanelMember.Status.INVITED


def test_declaring_through_the_api_recuses_from_the_named_bid(closed_panel, bids, experts, client):
    member = closed_panel.members.get(expert=experts[1])
    client.force_login(experts[1].user)
    url = f"/api/v1/review/assignments/{member.pk}/declare"
    response = call(client, "POST", url, {"conflicted_bids": [bids[0].pk]})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["note"]
    response = call(client, "POST", url, {"conflicted_bids": [999999], "note": "x"})
    assert list(response.json()["errors"]) == ["conflicted_bids"]
    response = call(client, "POST", url, {"conflicted_bids": [bids[0].pk], "note": "曾合作"})
    assert response.status_code == 200
    assert response.json()["declared_at"]
    assert member.recusals.get().bid == bids[0]


def test_the_bids_to_score_exclude_a_recused_bid(scoring_panel, bids, publisher, experts, client):
    member = scoring_panel.members.get(expert=experts[1])
    services.recusal_record(member, publisher, bid=bids[0], reason="曾指导")
    client.force_login(experts[1].user)
    rows = client.get(f"/api/v1/review/assignments/{member.pk}/bids").json()
    assert [row["id"] for row in rows] == [bids[1].pk]
    assert rows[0]["bidder_name"] == bids[1].bidder_name
    assert rows[0]["sheet"] == "none"


def test_a_sheet_is_saved_then_submitted_and_errors_name_the_row(
    scoring_panel, bids, experts, client
):
    criteria = list(scoring_panel.criteria.all())
    client.force_login(experts[1].user)
    url = f"/api/v1/review/bids/{bids[0].pk}/sheet"
    scores = [{"criterion": c.pk, "score": c.max_score + 1, "comment": ""} for c in criteria[:1]]
    response = call(client, "PUT", url, {"scores": scores})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["scores[0].score"]
    response = call(client, "PUT", url, {"scores": [{"criterion": 999999, "score": 1}]})
    assert list(response.json()["errors"]) == ["scores"]
    draft = [{"criterion": c.pk, "score": c.max_score - 1, "comment": "好"} for c in criteria]
    response = call(client, "PUT", url, {"scores": draft, "comment": "可行"})
    assert response.status_code == 200
    assert response.json()["submitted_at"] is None
    response = call(client, "PUT", url, {"scores": draft, "comment": "可行", "submit": True})
    body = response.json()
    assert body["submitted_at"]
    assert [row["score"] for row in body["scores"]] == [f"{c.max_score - 1}.00" for c in criteria]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCORE_SUBMITTED).count() == 1


def test_others_sheets_come_in_the_answer_only_after_submitting(
    scoring_panel, bids, experts, client
):
    services.sheet_save(bids[0], experts[2].user, full_scores(scoring_panel), submit=True)
    client.force_login(experts[1].user)
    url = f"/api/v1/review/bids/{bids[0].pk}/sheet"
    assert client.get(url).json()["others"] == []
    entries = [
        {"criterion": pk, "score": row["score"], "comment": row["comment"]}
        for pk, row in full_scores(scoring_panel).items()
    ]
    body = call(client, "PUT", url, {"scores": entries, "submit": True}).json()
    assert [other["expert"] for other in body["others"]] == ["专家 1"]
    assert experts[2].name not in json.dumps(body, ensure_ascii=False)


def test_a_bid_read_through_the_api_is_audited_once(scoring_panel, bids, experts, client):
    client.force_login(experts[1].user)
    for _ in range(2):
        body = client.get(f"/api/v1/review/bids/{bids[0].pk}").json()
    assert body["bidder_name"] == bids[0].bidder_name
    assert body["team"] == "张三（负责人）、李四"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BID_OPENED_BY_EXPERT).count() == 1


def test_the_openapi_document_describes_the_expert_operations(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/review/assignments",
        "/api/v1/review/assignments/{member_id}/respond",
        "/api/v1/review/assignments/{member_id}/declare",
        "/api/v1/review/assignments/{member_id}/bids",
        "/api/v1/review/bids/{bid_id}",
        "/api/v1/review/bids/{bid_id}/sheet",
    ]:
        assert path in paths
    assert set(paths["/api/v1/review/bids/{bid_id}/sheet"]) == {"get", "put"}


def test_declaring_before_the_deadline_is_refused_with_400(panel, bids, experts, client):
    member = panel.members.get(expert=experts[1])
    client.force_login(experts[1].user)
    response = call(client, "POST", f"/api/v1/review/assignments/{member.pk}/declare", {})
    assert response.status_code == 400
    member.refresh_from_db()
    assert not member.has_declared


def test_a_sheet_is_refused_once_scoring_has_closed_and_a_bad_number_is_named(
    scoring_panel, bids, experts, publisher, client
):
    criterion = scoring_panel.criteria.first()
    client.force_login(experts[1].user)
    url = f"/api/v1/review/bids/{bids[0].pk}/sheet"
    response = call(client, "PUT", url, {"scores": [{"criterion": criterion.pk, "score": "abc"}]})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["scores[0].score"]
    Panel.objects.filter(pk=scoring_panel.pk).update(stage=Panel.Stage.CONSENSUS)
    response = call(client, "PUT", url, {"scores": [{"criterion": criterion.pk, "score": 1}]})
    assert response.status_code == 400
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("text", ["\ud800", "a\x00b"])
def test_text_no_column_can_store_is_a_422_naming_the_field(
    scoring_panel, bids, experts, client, text
):
    """JSON may carry a lone surrogate or a NUL; PostgreSQL stores neither (a 500 before)."""
    criterion = scoring_panel.criteria.first()
    client.force_login(experts[1].user)
    url = f"/api/v1/review/bids/{bids[0].pk}/sheet"
    response = call(client, "PUT", url, {"scores": [], "comment": text})
    assert (response.status_code, list(response.json()["errors"])) == (422, ["comment"])
    row = {"criterion": criterion.pk, "score": 1, "comment": text}
    response = call(client, "PUT", url, {"scores": [row]})
    assert (response.status_code, list(response.json()["errors"])) == (422, ["scores[0].comment"])


def test_a_decline_reason_no_column_can_store_is_a_422(rubric, publisher, experts, client):
    panel = services.panel_create(rubric, publisher)
    member = services.member_invite(panel, experts[0], publisher)
    client.force_login(experts[0].user)
    url = f"/api/v1/review/assignments/{member.pk}/respond"
    response = call(client, "POST", url, {"accept": False, "reason": "\ud800"})
    assert (response.status_code, list(response.json()["errors"])) == (422, ["reason"])
