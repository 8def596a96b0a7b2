"""Saved searches in a real Chromium: sign in, search, save the search with its filter, then a
matching challenge is published and the alert is in the account's notifications (and mailed,
with its one-click unsubscribe). Screenshots in tests/artifacts/."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from alerts.models import SavedSearch
from alerts.subscriptions import get_subscriptions, reset_subscriptions
from search import text
from search.backends import get_backend, reset_backends
from tests.factories import ChallengePageFactory, DomainFactory, OpportunityListPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def indices(settings, tmp_path):
    """The search index and the subscriptions index of whichever backend the settings name,
    under names of this test's own."""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    settings.ALERTS_EMBEDDED_PATH = tmp_path / "subscriptions.sqlite3"
    settings.SEARCH_INDEX_ALIAS = f"test-browser-alerts-{uuid.uuid4().hex[:10]}"
    reset_backends()
    reset_subscriptions()
    yield
    get_subscriptions().clear()
    get_backend().clear()
    reset_subscriptions()
    reset_backends()


def test_a_saved_search_alerts_its_owner_when_a_matching_challenge_is_published(
    page, live_server, home_page, indices, screenshot
):
    energy = DomainFactory(name="新能源", slug="energy")
    listing = OpportunityListPageFactory(parent=home_page)
    get_user_model().objects.create_user("qiye", "qiye@example.cn", "Lianyungang-2026!")
    base = live_server.url

    page.goto(f"{base}/account/login/")
    page.fill("#id_username", "qiye")
    page.fill("#id_password", "Lianyungang-2026!")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/account/")
    page.goto(f"{base}/search/?q=热失控&domain=energy")
    page.click("details.save-search summary")
    assert page.input_value("#save-search-name") == "热失控"
    page.fill("#save-search-name", "储能热失控提醒")
    screenshot(page, "alerts-save-search")
    page.click("details.save-search button[type=submit]")
    assert page.url.endswith("/account/saved-searches/")
    assert "储能热失控提醒" in page.locator("table.saved-searches").inner_text()
    saved = SavedSearch.objects.get()
    assert saved.filters == {"domain": "energy"}

    challenge = ChallengePageFactory(
        parent=listing,
        title="储能电站热失控预警技术攻关",
        summary="电芯热失控提前预警。",
        domains=[energy],
        live=False,
    )
    text.reset_tokenizer()
    challenge.save_revision().publish()  # as the editor does; alerts run after the commit

    page.goto(f"{base}/account/notifications/")
    notifications = page.locator("main").inner_text()
    assert "储能热失控提醒" in notifications
    assert "储能电站热失控预警技术攻关" in notifications
    screenshot(page, "alerts-notification")
    (message,) = [m for m in mail.outbox if "储能热失控提醒" in m.subject]
    assert "/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
