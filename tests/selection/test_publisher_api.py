"""The publisher's selection operations in the JSON API: the same services as the site, errors in
the one shape (422 naming a field, 400 for a rule with every missing condition of a stage, 403 for
an account that publishes for no organisation, 404 for another organisation's panel or bid)."""

import pytest

from config.api import api
from notifications.models import Notification
from selection.models import EligibilityCheck, Panel, PanelMember, RoadshowSlot

from .factories_panelpub import consensus_panel, in_days, other_publisher

__all__ = ["consensus_panel", "other_publisher"]
BASE = "/api/v1/review/publisher"


def call(client, user, method, path, body=None):
    client.force_login(user)
    return getattr(client, method)(f"{BASE}{path}", body, content_type="application/json")


def test_forming_a_panel_takes_the_kinds_defaults_and_the_given_rules(client, publisher, rubric):
    response = call(
        client,
        publisher,
        "post",
        f"/opportunities/{rubric.pk}/panel",
        {"min_members": 5, "pass_marks": {"0": "30"}},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["min_members"] == 5
    assert body["with_roadshow"] is True
    assert body["next_stages"] == ["eligibility"]
    assert [c["pass_mark"] for c in body["criteria"]] == ["30.00", None, None]


def test_a_bad_rule_is_a_422_naming_each_field(client, publisher, rubric):
    response = call(
        client,
        publisher,
        "post",
        f"/opportunities/{rubric.pk}/panel",
        {"min_members": 0, "pass_marks": {"2": "21"}},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"min_members", "pass_mark_2"}
    assert not Panel.objects.exists()


def test_suggestions_and_invitation(client, publisher, panel, experts):
    response = call(client, publisher, "get", f"/panels/{panel.pk}/suggestions")
    assert response.status_code == 200
    assert [row["expert"] for row in response.json()] == [experts[3].pk]
    assert set(response.json()[0]) >= {"fit", "shared_domains", "matched_keywords"}
    response = call(
        client, publisher, "post", f"/panels/{panel.pk}/members", {"expert": experts[3].pk}
    )
    assert response.status_code == 201
    assert response.json()["status"] == PanelMember.Status.INVITED
    response = call(
        client,
        publisher,
        "post",
        f"/panels/{panel.pk}/members",
        {"expert": experts[3].pk, "role": "chair"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {}


def test_a_refused_advance_lists_every_missing_condition(client, publisher, closed_panel):
    response = call(
        client, publisher, "post", f"/panels/{closed_panel.pk}/advance", {"stage": "scoring"}
    )
    assert response.status_code == 400
    conditions = response.json()["errors"]["stage"]
    assert "还有 2 份申报未完成形式审查。" in conditions
    assert "没有申报通过形式审查。" in conditions


def test_eligibility_and_advance(client, publisher, closed_panel, bids):
    response = call(
        client, publisher, "put", f"/bids/{bids[0].pk}/eligibility", {"eligible": False}
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"reason"}
    for bid in bids:
        response = call(client, publisher, "put", f"/bids/{bid.pk}/eligibility", {"eligible": True})
        assert response.status_code == 200
    assert EligibilityCheck.objects.filter(eligible=True).count() == 2
    response = call(
        client, publisher, "post", f"/panels/{closed_panel.pk}/advance", {"stage": "scoring"}
    )
    assert response.status_code == 200
    assert response.json()["stage"] == "scoring"
    assert [row["submitted"] for row in response.json()["scoring_progress"]] == [0, 0]


def test_roadshow_overlap_is_a_422_and_the_bidder_is_told(client, publisher, consensus_panel, bids):
    slot = {"starts_at": in_days(4, 10).isoformat(), "minutes": 40, "place": "线上会议 123"}
    response = call(client, publisher, "put", f"/bids/{bids[0].pk}/roadshow", slot)
    assert response.status_code == 200, response.content
    assert Notification.objects.filter(
        user__username="company_a", subject__startswith="路演已安排"
    ).exists()
    response = call(
        client,
        publisher,
        "put",
        f"/bids/{bids[1].pk}/roadshow",
        {**slot, "starts_at": in_days(4, 10, 30).isoformat()},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"starts_at"}
    assert RoadshowSlot.objects.count() == 1


def test_a_roadshow_at_the_end_of_the_calendar_is_a_422(client, publisher, consensus_panel, bids):
    response = call(
        client,
        publisher,
        "put",
        f"/bids/{bids[0].pk}/roadshow",
        {"starts_at": "9999-12-31T23:59:00+08:00", "minutes": 240, "place": "A"},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"starts_at"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/panels/{panel}", None),
        ("get", "/panels/{panel}/suggestions", None),
        ("post", "/panels/{panel}/members", {"expert": 1}),
        ("post", "/panels/{panel}/advance", {"stage": "scoring"}),
        ("put", "/bids/{bid}/eligibility", {"eligible": True}),
        ("put", "/bids/{bid}/roadshow", {"starts_at": "2030-01-01T09:00:00+08:00", "place": "A"}),
        ("post", "/opportunities/{opportunity}/panel", {}),
    ],
)
def test_another_organisation_gets_404_and_a_non_publisher_403(
    client, closed_panel, bids, other_publisher, experts, company_a, method, path, body
):
    path = path.format(
        panel=closed_panel.pk, bid=bids[0].pk, opportunity=closed_panel.opportunity_id
    )
    assert call(client, other_publisher, method, path, body).status_code == 404
    for outsider in (experts[0].user, company_a[1]):
        response = call(client, outsider, method, path, body)
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}
    assert not EligibilityCheck.objects.exists()
    closed_panel.refresh_from_db()
    assert closed_panel.stage == Panel.Stage.ELIGIBILITY


def test_anonymous_is_401(client, closed_panel):
    assert client.get(f"{BASE}/panels/{closed_panel.pk}").status_code == 401


def test_every_publisher_operation_documents_its_errors():
    paths = api.get_openapi_schema()["paths"]
    operations = [
        operation
        for path, item in paths.items()
        if path.startswith(BASE)
        for operation in item.values()
    ]
    assert len(operations) == 7
    for operation in operations:
        assert {400, 401, 403, 404, 422} <= {int(code) for code in operation["responses"]}
