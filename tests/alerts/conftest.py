"""Alerts fixtures: each backend's subscriptions index (embedded SQLite in a temporary file, and
the real Elasticsearch under an alias of its own per test), accounts, and a list to publish in."""

import pytest
from django.contrib.auth import get_user_model

from alerts.subscriptions import get_subscriptions, reset_subscriptions
from search import text
from search.backends import reset_backends
from search.models import Synonym
from tests.factories import (
    ChallengePageFactory,
    DomainFactory,
    OpportunityListPageFactory,
    RegionFactory,
)
from tests.search.conftest import make_backend


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, settings, tmp_path):
    """The search backend and the subscriptions index that goes with it."""
    search_backend = make_backend(request.param, request, settings, tmp_path)
    settings.ALERTS_EMBEDDED_PATH = tmp_path / "subscriptions.sqlite3"
    reset_subscriptions()
    index = get_subscriptions()
    yield index
    index.clear()
    search_backend.clear()
    reset_subscriptions()
    reset_backends()


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", "alice@example.cn", "demo-pass-2025")


@pytest.fixture
def bob(db):
    return get_user_model().objects.create_user("bob", "bob@example.cn", "demo-pass-2025")


@pytest.fixture
def places(db):
    Synonym.objects.create(terms="锂电池、锂离子电池")
    text.reset_tokenizer()
    return {
        "energy": DomainFactory(name="新能源", slug="energy"),
        "digital": DomainFactory(name="数字经济", slug="digital"),
        "east": RegionFactory(name="海州区", slug="haizhou"),
        "west": RegionFactory(name="连云区", slug="lianyun"),
    }


@pytest.fixture
def listing(home_page):
    return OpportunityListPageFactory(parent=home_page, title="2026年第一批机会清单")


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def battery_challenge(listing, places):
    """Unpublished until a test publishes it."""
    page = ChallengePageFactory(
        parent=listing,
        title="储能电站锂离子电池热失控预警技术攻关",
        summary="电芯热失控提前预警。",
        region=places["east"],
        domains=[places["energy"]],
        bounty_wan=300,
        live=False,
    )
    text.reset_tokenizer()
    return page


@pytest.fixture
def drone_scenario(listing, places):
    page = ChallengePageFactory(
        parent=listing,
        title="河道无人机巡检",
        summary="无人机自动机场巡河与违建识别。",
        region=places["west"],
        domains=[places["digital"]],
        bounty_wan=50,
        live=False,
    )
    text.reset_tokenizer()
    return page
