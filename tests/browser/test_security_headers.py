"""The Content-Security-Policy holds in a real Chromium without breaking anything: the public
pages, the account pages, Wagtail's admin (dashboard, page editor with its preview, image
library, audit trail) and the Swagger UI at /api/v1/docs run with no violation reported."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import ChallengeTarget
from tests.factories import ChallengePageFactory, OpportunityListPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every violation fires this event in the page; the console also says "Content Security Policy".
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def challenge(home_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    challenge = ChallengePageFactory(
        parent=OpportunityListPageFactory(parent=home_page),
        title="工业视觉小样本缺陷检测通用模型",
        application_deadline=timezone.now() + timedelta(days=10),
        bounty_wan=120,
    )
    ChallengeTarget.objects.create(
        page=challenge, indicator="检测准确率", target_value="≥99", unit="%"
    )
    return challenge


@pytest.fixture
def watched_page(page):
    """A page that records CSP violations and console errors of every document it loads."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.console_messages = console
    return page


def visit(page, url, ready):
    """Open url, wait for `ready` (a selector the page's scripts render), return violations."""
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    page.wait_for_selector(ready, state="attached", timeout=15_000)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__cspViolations")


def test_public_pages_admin_and_swagger_run_under_the_content_security_policy(
    watched_page, live_server, challenge
):
    page, base = watched_page, live_server.url
    violations = {}
    for path, ready in [
        ("/", "h1"),
        (challenge.url, ".opportunity__aside"),
        ("/search/?q=视觉", "main"),
        ("/account/login/", "form"),
        ("/api/v1/docs", ".swagger-ui .opblock"),
    ]:
        violations[path] = visit(page, base + path, ready)

    get_user_model().objects.create_superuser("csp-admin", "admin@example.cn", "csp-pass-2026")
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "csp-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    for path, ready in [
        ("/admin/", ".w-summary"),
        (f"/admin/pages/{challenge.pk}/edit/", "[data-controller~='w-draftail'], .Draftail-Editor"),
        ("/admin/images/", "main"),
        ("/admin/bidding/audit/", "main"),
    ]:
        violations[path] = visit(page, base + path, ready)
    # The editor's preview panel frames the page from the admin's own origin.
    page.goto(f"{base}/admin/pages/{challenge.pk}/edit/")
    page.click("[data-side-panel-toggle='preview']")
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1").wait_for(timeout=15_000)
    violations["preview"] = page.evaluate("window.__cspViolations")

    assert {path: found for path, found in violations.items() if found} == {}
    assert [m for m in page.console_messages if "Content Security Policy" in m] == []
