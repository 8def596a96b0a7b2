"""The crawl a newcomer's walk would make, in a real Chromium at 1366 and 390 px: the public
pages, then the account pages of a company owner, the publisher's desk and an expert reviewer's
dashboard, and the Wagtail admin as the editor and the moderator see it. On every page each
image loads and no request answers 4xx/5xx; on our own pages axe-core reports no WCAG 2.0/2.1
A/AA violation, on the home and search pages the keyboard focus ring stands out 3:1 from what is
behind it, and on a phone the dashboard, search and challenge pages put what matters first.
axe-core's findings on the admin pages are Wagtail's own markup: they are counted apart
("admin" in the summary), not failed on.
Screenshots of each page at both widths land in tests/artifacts/<page>-<width>.png and the
totals in tests/artifacts/axe-summary.json.
"""

import json

import pytest

from cms.models import ChallengePage, OpportunityListPage, ScenarioPage
from demo.builder import DEMO_PASSWORD
from scenarios.models import Bid
from tests.browser.audit import WIDTHS, audit_page, new_context, summarise
from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LITHIUM_BATTERY = "%E9%94%82%E7%94%B5%E6%B1%A0"  # 锂电池
TAB_STOPS = {"home": 25, "search-filtered": 25}


def top(page, selector):
    """Where the first match starts, in px from the top of the page; infinity when missing."""
    boxes = page.locator(selector).evaluate_all(
        "found => found.map((element) => element.getBoundingClientRect().top + window.scrollY)"
    )
    return boxes[0] if boxes else float("inf")


def dashboard_on_a_phone(page):
    """Each bid's opportunity gets a line of its own, not one character a line."""
    widths = [
        box["width"]
        for box in page.locator("table.bids td a").evaluate_all(
            "links => links.map((link) => link.getBoundingClientRect().toJSON())"
        )
    ]
    return [f"opportunity title squeezed to {w:.0f}px" for w in widths if w < 200]


def search_on_a_phone(page):
    """The first result comes before the filters, with a way to jump to them above it."""
    problems = []
    if top(page, ".result") > top(page, ".facets"):
        problems.append("the filters come before the first result")
    if not page.locator(".filters-jump a[href='#facets']").is_visible():
        problems.append("no link to the filters above the results")
    if top(page, ".result") > page.viewport_size["height"]:
        problems.append("the first result is below the first screen")
    return problems


def challenge_on_a_phone(page):
    """The bid panel and the bounty within the first screen and a half, before the body."""
    limit = 1.5 * page.viewport_size["height"]
    problems = []
    for label, selector in (("bid panel", ".bid-panel"), ("bounty", ".opportunity__key .money")):
        if top(page, selector) > limit:
            problems.append(f"the {label} starts at {top(page, selector):.0f}px (> {limit:.0f})")
    if top(page, ".bid-panel") > top(page, "#problem-heading"):
        problems.append("the bid panel comes after the problem statement")
    return problems


PHONE_CHECKS = {
    "dashboard": dashboard_on_a_phone,
    "my-bids": dashboard_on_a_phone,
    "search": search_on_a_phone,
    "challenge": challenge_on_a_phone,
}


def public_pages():
    listing = OpportunityListPage.objects.live().order_by("path").first()
    scenario = ScenarioPage.objects.live().order_by("path").first()
    challenge = ChallengePage.objects.live().open().order_by("path").first()
    return [
        ("home", "/"),
        ("all-lists", "/lists/"),
        ("publisher-section", listing.get_parent().url),
        ("list", listing.url),
        ("scenario", scenario.url),
        ("challenge", challenge.url),
        ("search", f"/search/?q={LITHIUM_BATTERY}"),
        # Every opportunity, one facet selected: counts of two digits, on white and on red.
        ("search-filtered", "/search/?kind=challenge"),
        ("search-empty", "/search/?q=zzqqxx"),
        ("login", "/account/login/"),
        ("signup", "/account/signup/"),
    ]


def company_owner_pages():
    draft = Bid.objects.get(created_by__username="company_a", status=Bid.Status.DRAFT)
    return [
        ("dashboard", "/account/"),
        ("profile", "/account/profile/"),
        ("members", "/account/members/"),
        ("tokens", "/account/tokens/"),
        ("notifications", "/account/notifications/"),
        ("my-bids", "/account/bids/"),
        ("bid-draft", f"/bids/{draft.pk}/"),
    ]


def reviewer_pages():
    """An expert reviewer's pages (their dashboard for now; add the review pages here)."""
    return [("reviewer-dashboard", "/account/")]


def editor_admin_pages():
    listing = OpportunityListPage.objects.live().order_by("path").first()
    challenge = ChallengePage.objects.live().order_by("path").first()
    scenario = ScenarioPage.objects.live().order_by("path").first()
    return [
        ("editor-admin-dashboard", "/admin/"),
        ("editor-admin-explorer", f"/admin/pages/{listing.pk}/"),
        ("editor-admin-list-edit", f"/admin/pages/{listing.pk}/edit/"),
        ("editor-admin-scenario-edit", f"/admin/pages/{scenario.pk}/edit/"),
        ("editor-admin-challenge-edit", f"/admin/pages/{challenge.pk}/edit/"),
    ]


def moderator_admin_pages():
    listing = OpportunityListPage.objects.live().order_by("path").first()
    return [
        ("moderator-admin-dashboard", "/admin/"),
        ("moderator-admin-explorer", f"/admin/pages/{listing.pk}/"),
        ("moderator-admin-organisations", "/admin/bidding/organisations/"),
        ("moderator-admin-audit", "/admin/bidding/audit/"),
        ("moderator-admin-bid-counts", "/admin/bidding/bid-counts/"),
        ("moderator-admin-workflows", "/admin/reports/workflow/"),
    ]


def log_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def crawl(browser, base, screenshot, pages, username=None):
    reports = []
    for width in WIDTHS:
        context = new_context(browser, width)
        page = context.new_page()
        if username:
            log_in(page, base, username)
        for name, path in pages:
            tab_stops = TAB_STOPS.get(name, 0) if width == 1366 else 0
            check = PHONE_CHECKS.get(name) if width == 390 else None
            reports.append(audit_page(page, base + path, name, width, screenshot, tab_stops, check))
        context.close()
    return reports


def admin_findings_apart(reports):
    """axe-core's totals over admin pages, their violations then left out of the reports (the
    images and the requests of those pages still count)."""
    totals, lines = summarise(reports)
    for report in reports:
        report.violations = []
    findings = [line for line in lines if ": axe " in line]
    return {**totals, "violations by rule": rule_counts(lines), "findings": findings}


def rule_counts(lines):
    counts = {}
    for line in lines:
        if ": axe " in line:
            rule = line.split(": axe ", 1)[1].split(" ", 1)[0]
            counts[rule] = counts.get(rule, 0) + 1
    return counts


# The demo takes minutes to load on the shared cores, then about 80 pages are opened.
@pytest.mark.timeout(1800)
def test_public_and_account_pages_load_every_image_and_pass_axe_at_both_widths(
    demo, live_server, browser, screenshot
):
    base = live_server.url
    public, owner, reviewer = public_pages(), company_owner_pages(), reviewer_pages()
    editor, moderator = editor_admin_pages(), moderator_admin_pages()
    reports = crawl(browser, base, screenshot, public)
    reports += crawl(browser, base, screenshot, owner, username="company_a")
    reports += crawl(browser, base, screenshot, [("publisher-desk", "/publisher/")], "publisher")
    reports += crawl(browser, base, screenshot, reviewer, username="reviewer_1")
    admin_reports = crawl(browser, base, screenshot, editor, username="editor")
    admin_reports += crawl(browser, base, screenshot, moderator, username="moderator")
    admin = admin_findings_apart(admin_reports)

    totals, problems = summarise(reports + admin_reports)
    (ARTIFACTS / "axe-summary.json").write_text(
        json.dumps({**totals, "admin": admin, "problems": problems}, ensure_ascii=False, indent=2)
    )
    ours = len(public) + len(owner) + 1 + len(reviewer)
    assert totals["pages"] == len(WIDTHS) * (ours + len(editor) + len(moderator))
    assert problems == []
