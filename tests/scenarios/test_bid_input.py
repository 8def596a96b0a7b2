"""Bad input to a bid, through the API and the site alike: every refused field is named (422 in
the API), nothing of a failing request is saved, numbers beyond 64 bits are not a crash, and an
account outside a bidding organisation gets a 403, never a traceback."""

import pytest
from wagtail.models import APIToken

from scenarios.models import AuditEvent, Bid, BidMilestone

from .conftest import complete_bid

pytestmark = pytest.mark.usefixtures("messages_in_english")

HUGE = "9223372036854775808"  # 2**63: one past the largest 64-bit key


@pytest.fixture
def api(company_a):
    _company, user = company_a
    _token, key = APIToken.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {key}", "Accept-Language": "en"}


@pytest.fixture
def draft(client, api, challenge):
    response = client.post(
        "/api/v1/bids", {"opportunity": challenge.pk}, content_type="application/json", headers=api
    )
    assert response.status_code == 201
    return Bid.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("requested_funding_wan", "-100000000000"),
        ("requested_funding_wan", "-1"),
        ("requested_funding_wan", "1e40"),
        ("summary", "摘" * 2500),
        ("summary", "nul\x00byte"),
        ("team", "团" * 5001),
    ],
)
def test_creating_a_bid_with_a_bad_field_is_a_422_naming_it_and_saves_nothing(
    client, api, challenge, field, value
):
    response = client.post(
        "/api/v1/bids",
        {"opportunity": challenge.pk, field: value},
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Bid.objects.exists()
    assert not AuditEvent.objects.filter(action="bid_created").exists()
    # The organisation can still bid, and its pages still answer.
    again = client.post(
        "/api/v1/bids", {"opportunity": challenge.pk}, content_type="application/json", headers=api
    )
    assert again.status_code == 201
    assert client.get("/api/v1/bids", headers=api).status_code == 200


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (0, "greater than or equal to 1"),
        (70_000, "less than or equal to 120"),
        (-1, "1"),
        (2**63, "120"),
    ],
)
def test_milestone_months_out_of_range_are_a_422_naming_the_field(
    client, api, draft, month, message
):
    response = client.patch(
        f"/api/v1/bids/{draft.pk}",
        {
            "summary": "改了",
            "milestones": [
                {"month": 3, "deliverable": "样机"},
                {"month": month, "deliverable": "终版"},
            ],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert message in " ".join(errors["milestones[1].month"])
    draft.refresh_from_db()
    assert draft.summary == ""  # nothing of the request was saved
    assert not BidMilestone.objects.filter(bid=draft).exists()


def test_an_unknown_target_response_is_named_and_nothing_saved(client, api, draft):
    response = client.patch(
        f"/api/v1/bids/{draft.pk}",
        {"summary": "改了", "target_responses": [{"id": 999999, "committed_value": "x"}]},
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 422
    assert "target_responses[999999]" in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.summary == ""


LONE_SURROGATE = "\ud800"  # JSON may escape it ("\\ud800"); no UTF-8 column can store it


def test_a_lone_surrogate_in_a_new_bid_is_a_422_naming_the_field(client, api, challenge):
    # Found by the API fuzz (tests/api/test_fuzz.py): it was a 500 (UnicodeEncodeError).
    response = client.post(
        "/api/v1/bids",
        {"opportunity": challenge.pk, "summary": f"摘要{LONE_SURROGATE}"},
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["summary"]
    assert not Bid.objects.exists()


def test_a_lone_surrogate_in_any_text_of_a_bid_is_a_422_naming_it_and_saves_nothing(
    client, api, draft
):
    response_id = draft.target_responses.first().pk
    response = client.patch(
        f"/api/v1/bids/{draft.pk}",
        {
            "summary": "改了",
            "team": LONE_SURROGATE,
            "target_responses": [{"id": response_id, "committed_value": LONE_SURROGATE}],
            "milestones": [{"month": 3, "deliverable": f"样机{LONE_SURROGATE}"}],
        },
        content_type="application/json",
        headers=api,
    )
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) >= {"team"}
    draft.refresh_from_db()
    assert draft.summary == ""
    for field in (
        f"target_responses[{response_id}].committed_value",
        "milestones[0].deliverable",
    ):
        again = client.patch(
            f"/api/v1/bids/{draft.pk}",
            {
                "target_responses": [{"id": response_id, "committed_value": LONE_SURROGATE}]
                if field.startswith("target")
                else None,
                "milestones": [{"month": 3, "deliverable": LONE_SURROGATE}]
                if field.startswith("milestones")
                else None,
            },
            content_type="application/json",
            headers=api,
        )
        assert again.status_code == 422, again.content
        assert list(again.json()["errors"]) == [field]


def test_the_site_form_and_the_api_refuse_the_same_summary(client, company_a, draft):
    _company, user = company_a
    client.force_login(user)
    response = client.post(
        f"/bids/{draft.pk}/",
        {
            "bid-summary": "摘" * 2500,
            "bid-approach": "",
            "bid-team": "",
            "bid-requested_funding_wan": "",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == ""


@pytest.mark.parametrize(
    "path",
    [
        f"/opportunities/{HUGE}/bid/",
        f"/opportunities/{HUGE}/questions/",
        f"/bids/{HUGE}/",
        f"/bids/{HUGE}/submit/",
    ],
)
def test_a_key_beyond_64_bits_in_a_url_is_a_404(client, company_a, path):
    _company, user = company_a
    client.force_login(user)
    response = (
        client.post(path) if path.endswith(("bid/", "questions/", "submit/")) else client.get(path)
    )
    assert response.status_code == 404


def test_a_key_beyond_64_bits_in_the_api_is_a_422(client, api, challenge):
    created = client.post(
        "/api/v1/bids", {"opportunity": int(HUGE)}, content_type="application/json", headers=api
    )
    assert created.status_code == 422
    assert "opportunity" in created.json()["errors"]
    assert client.get(f"/api/v1/bids/{HUGE}", headers=api).status_code == 422


@pytest.mark.parametrize(
    "username", ["editor", "publisher_x", "moderator_x", "reviewer_x", "admin_x"]
)
@pytest.mark.parametrize("path", ["/api/v1/bids", "/api/v1/bids/1"])
def test_an_account_without_an_organisation_gets_403_from_the_bids_api(
    client, django_user_model, username, path
):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.cn", "x", is_superuser=username == "admin_x"
    )
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_stored_out_of_range_sum_is_refused_by_the_database(draft):
    """Defence in depth: even a write that skips the services cannot store what SQLite would
    fail to read back."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.filter(pk=draft.pk).update(requested_funding_wan=-1)


def test_a_complete_bid_still_submits_through_the_api(client, api, draft, company_a):
    _company, user = company_a
    complete_bid(draft, user)
    response = client.post(f"/api/v1/bids/{draft.pk}/submit", headers=api)
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-real-token"])
def test_a_write_without_valid_credentials_is_a_401_not_a_csrf_failure(
    client, challenge, authorization
):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post(
        "/api/v1/bids",
        {"opportunity": challenge.pk},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 401
    assert not Bid.objects.exists()


def test_a_signed_in_session_still_needs_its_csrf_token(challenge, company_a):
    from django.test import Client

    _company, user = company_a
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(
        "/api/v1/bids", {"opportunity": challenge.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Bid.objects.exists()
