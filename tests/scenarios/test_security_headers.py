"""Response headers that keep private answers private: no cache keeps a page that shows bids,
an account page or a bearer-token API answer; every page carries a Content-Security-Policy and
a Permissions-Policy."""

import pytest
from wagtail.models import APIToken

from scenarios import services


def directives(response):
    """The Content-Security-Policy header as {directive: sources}."""
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )


@pytest.fixture
def bid(company_a, challenge):
    company, user = company_a
    return services.bid_create(company, challenge, user, fields={"summary": "方案摘要"})


@pytest.fixture
def owner_client(client, company_a):
    client.force_login(company_a[1])
    return client


@pytest.mark.parametrize("path", ["/account/", "/account/bids/", "/account/tokens/", "bid"])
def test_pages_of_a_signed_in_account_are_not_stored(owner_client, bid, path):
    response = owner_client.get(f"/bids/{bid.pk}/" if path == "bid" else path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_challenge_page_a_bidder_sees_signed_in_is_not_stored(owner_client, bid, challenge):
    response = owner_client.get(challenge.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_bearer_token_api_answers_are_not_stored(client, bid, company_a):
    _token, key = APIToken.create_token(user=company_a[1], name="ERP")
    auth = {"Authorization": f"Bearer {key}"}
    for path in ("/api/v1/bids", f"/api/v1/bids/{bid.pk}"):
        response = client.get(path, headers=auth)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    refused = client.get("/api/v1/bids", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert refused["Cache-Control"] == "private, no-store"


def test_anonymous_public_pages_stay_cacheable(client, challenge):
    response = client.get(challenge.url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_sets_its_own_cache_control_keeps_it(owner_client, admin):
    owner_client.force_login(admin)
    response = owner_client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.parametrize("path", ["/", "/api/v1/docs", "/account/login/"])
def test_every_page_carries_a_content_security_policy_and_a_permissions_policy(
    client, home_page, path
):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["base-uri"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_only_wagtails_admin_may_run_inline_scripts(client, admin, home_page):
    client.force_login(admin)
    admin_policy = directives(client.get("/admin/"))
    public_policy = directives(client.get("/"))
    assert admin_policy["script-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["object-src"] == "'none'"
    assert public_policy["script-src"] == "'self'"
