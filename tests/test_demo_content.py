"""``load_demo`` builds a Chinese site from the seeds, idempotently, and every page of it answers."""

import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from alerts.models import Follow, SavedSearch
from cms.models import (
    ChallengePage,
    Domain,
    OpportunityListPage,
    OpportunityPage,
    Organization,
    Region,
    ScenarioPage,
    Status,
)
from demo.builder import DEMO_ACCOUNTS, DEMO_PASSWORD
from scenarios.models import AuditEvent, Bid, Company, CompanyCertificate
from selection.models import (
    Award,
    Expert,
    Objection,
    Panel,
    PanelMember,
    ResultNotice,
    ScoreSheet,
)
from selection.selectors import bids_for_expert, eligible_bids

HAN = re.compile(r"[\u4e00-\u9fff]")


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            *(Domain, Region, Organization, Page, Revision, ChallengePage, ScenarioPage),
            *(Company, CompanyCertificate, Bid),
            *(Expert, Panel, PanelMember, ScoreSheet, Award, ResultNotice, Objection),
            *(SavedSearch, Follow),
        )
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded twice in one transaction, rolled back when the module ends."""
    media = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
    )
    with media, django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        after_first = counts()
        call_command("load_demo", stdout=out)
        yield {"first": after_first, "second": counts(), "output": out.getvalue()}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The module fixture owns MEDIA_ROOT here (overrides the suite-wide fixture)."""


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_new(demo_site):
    assert demo_site["second"] == demo_site["first"]
    assert "scenarios: 0 created" in demo_site["output"]


@pytest.mark.django_db
def test_demo_has_the_lists_and_opportunities_the_seeds_describe(demo_site):
    assert OpportunityListPage.objects.live().count() >= 3
    assert OpportunityPage.objects.live().count() >= 60
    assert Domain.objects.filter(parent__isnull=False).exists()
    assert Region.objects.filter(name__contains="高新区").exists()
    assert {status for status in Status} == {page.status for page in OpportunityPage.objects.all()}
    assert ChallengePage.objects.filter(selection_mode="race").exists()
    for challenge in ChallengePage.objects.all():
        assert sum(row.weight for row in challenge.rubric_criteria.all()) == 100, challenge.ref
        assert challenge.targets.exists(), challenge.ref
    assert not Page.objects.filter(title__icontains="lorem").exists()


@pytest.mark.django_db
def test_every_demo_opportunity_has_a_cover_image_with_renditions(demo_site):
    for page in OpportunityPage.objects.select_related("cover_image"):
        assert page.cover_image is not None, page.ref
        assert page.cover_image.width == 1200


@pytest.mark.django_db
def test_demo_accounts_log_in_with_the_demo_password(demo_site, rf):
    # Log-ins are rate-limited per request (django-axes), so authenticate gets one.
    def login(username):
        return authenticate(rf.post("/account/login/"), username=username, password=DEMO_PASSWORD)

    for username, group, _role in DEMO_ACCOUNTS:
        user = login(username)
        assert user is not None, username
        if group not in (None, "superuser"):
            assert user.groups.filter(name=group).exists()
    assert login("admin").is_superuser


@pytest.mark.django_db
def test_every_demo_page_answers_200_in_chinese(demo_site, client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() >= 64
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert len(HAN.findall(response.content.decode())) > 50, page.url


@pytest.mark.django_db
def test_home_page_shows_newest_lists_open_challenges_and_counters(demo_site, client):
    response = client.get("/")
    html = response.content.decode()
    newest = OpportunityListPage.objects.live().order_by("-issued_on")[:3]
    for list_page in newest:
        assert list_page.title in html
    open_challenges = ChallengePage.objects.live().open()
    assert response.context["counters"]["open_challenges"] == open_challenges.count() > 0
    assert len(response.context["open_challenges"]) == min(6, open_challenges.count())
    assert "征集中的榜单" in html
    assert "正在征集的揭榜挂帅项目" in html


@pytest.mark.django_db
def test_english_is_available(demo_site, client):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Open technology challenges" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_demo_bids_are_sealed_from_every_other_demo_account(demo_site, client):
    """The demo's own accounts and bids: on the site, each bid is read by its organisation's
    members, and by the publisher and the site administrator (logged) once the deadline has
    passed; before it the administrator is sent to the break-glass form. The API serves an
    organisation its own bids only. Every other demo account gets a refusal that carries none of
    the bid's text."""
    bids = Bid.objects.select_related("company", "opportunity").order_by("pk")
    assert bids.count() == 12
    assert [company.certificates.count() for company in Company.objects.all()] == [1, 1, 1]
    # the deadlines have passed
    closed_references = ["JB-2026-309", "JB-2026-310", "JB-2026-311", "JB-2026-312"]
    readable_by_publisher = set(
        bids.filter(opportunity__ref__in=closed_references).values_list("pk", flat=True)
    )
    assert len(readable_by_publisher) == 9
    for username, _group, _role in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        for bid in bids:
            member = bid.company.memberships.filter(user=user).exists()
            expected = {
                f"/bids/{bid.pk}/": member
                or (username in ("admin", "publisher") and bid.pk in readable_by_publisher),
                f"/api/v1/bids/{bid.pk}": member,
            }
            for url, readable in expected.items():
                response = client.get(url)
                assert (response.status_code == 200) is readable, (username, url)
                if not readable:
                    assert bid.summary not in response.content.decode(), (username, url)
        client.logout()
    staff_openings = AuditEvent.objects.filter(action="bid_viewed_by_staff", actor_name="admin")
    assert set(staff_openings.values_list("bid_id", flat=True)) == readable_by_publisher


@pytest.mark.django_db
def test_demo_experts_cover_the_domains_of_the_demo_and_log_in(demo_site):
    experts = Expert.objects.prefetch_related("domains")
    assert experts.count() >= 8
    assert {"reviewer_1", "reviewer_2"} <= {expert.user.username for expert in experts}
    for expert in experts:
        assert expert.affiliation
        assert expert.title
        assert expert.keyword_list
        assert expert.domains.exists()
    parents = {domain.parent_id for expert in experts for domain in expert.domains.all()}
    assert len(parents) >= 5
    assert "reviewer_1  expert reviewer / panel chair" in demo_site["output"]


@pytest.mark.django_db
def test_reviewer_1_has_bids_left_to_score_in_the_scoring_demo(demo_site, client):
    member = PanelMember.objects.get(
        panel__opportunity__ref="JB-2026-309", expert__user__username="reviewer_1"
    )
    assert member.panel.stage == Panel.Stage.SCORING
    assert member.has_declared
    to_score = bids_for_expert(member)
    assert len(to_score) == 2
    assert not ScoreSheet.objects.filter(member=member, submitted_at__isnull=False).exists()
    others = ScoreSheet.objects.filter(member__panel=member.panel).exclude(member=member)
    assert others.filter(submitted_at__isnull=False).exists()
    assert others.filter(submitted_at__isnull=True).exists()  # a draft, too
    client.force_login(member.expert.user)
    assert member.panel.opportunity.title in client.get("/review/").content.decode()


@pytest.mark.django_db
def test_every_sheet_is_in_on_the_consensus_demo_panel_chaired_by_reviewer_1(demo_site):
    panel = Panel.objects.get(opportunity__ref="JB-2026-310")
    assert panel.stage == Panel.Stage.CONSENSUS
    chair = panel.members.get(role=PanelMember.Role.CHAIR)
    assert chair.expert.user.username == "reviewer_1"
    members = panel.members.filter(status=PanelMember.Status.ACCEPTED)
    bids = eligible_bids(panel)
    assert members.count() >= 3
    assert bids.count() >= 2
    sheets = ScoreSheet.objects.filter(member__panel=panel, submitted_at__isnull=False)
    assert sheets.count() == members.count() * bids.count()


@pytest.mark.django_db
def test_demo_publishers_edit_only_their_own_organisations_lists(demo_site, client):
    """The demo's publisher (海州区科学技术局) and editor (连云港高新区管委会) open the admin's edit
    page of their own organisation's opportunities and are sent away from every other city's;
    the moderator reviews everywhere."""
    organization_of = {"publisher": "haizhou-kjj", "editor": "lyg-hitech-committee"}
    users = get_user_model().objects
    for list_page in OpportunityListPage.objects.select_related("publisher"):
        assert list_page.get_parent().specific.organization == list_page.publisher
        opportunity = OpportunityPage.objects.child_of(list_page).first()
        edit = reverse("wagtailadmin_pages:edit", args=(opportunity.pk,))
        for username in ("publisher", "editor", "moderator"):
            client.force_login(users.get(username=username))
            own = organization_of.get(username, list_page.publisher.slug)
            expected = 200 if own == list_page.publisher.slug else 302
            assert client.get(edit).status_code == expected, (username, list_page.title)


@pytest.mark.django_db
def test_demo_experts_find_their_review_assignments_from_the_dashboard(demo_site, client):
    client.force_login(Expert.objects.get(user__username="reviewer_1").user)
    assert 'href="/review/"' in client.get("/account/").content.decode()
    assert client.get("/review/").status_code == 200


@pytest.mark.django_db
def test_the_notice_demo_panel_runs_its_notice_with_an_answered_objection(demo_site, client):
    panel = Panel.objects.get(opportunity__ref="JB-2026-311")
    assert panel.stage == Panel.Stage.NOTICE
    notice = panel.notices.get()
    assert notice.status == ResultNotice.Status.RUNNING
    assert notice.objection_deadline > timezone.now()
    objection = notice.objections.get()
    assert objection.status == Objection.Status.REJECTED
    assert objection.answer
    assert objection.answered_by.username == "publisher"
    award = panel.awards.get()
    assert award.bid.status == Bid.Status.SELECTED
    assert objection.company != award.bid.company
    assert objection.company.bids.get(opportunity=panel.opportunity).status == (
        Bid.Status.NOT_SELECTED
    )
    html = client.get(f"/review/notices/{notice.pk}/").content.decode()
    assert objection.answer in html
    assert award.bid.bidder_name in html


@pytest.mark.django_db
def test_the_final_demo_panel_splits_the_bounty_of_its_horse_race(demo_site, client):
    panel = Panel.objects.get(opportunity__ref="JB-2026-312")
    challenge = ChallengePage.objects.get(ref="JB-2026-312")
    assert challenge.selection_mode == "race"
    assert panel.stage == Panel.Stage.FINAL
    assert panel.notices.get().status == ResultNotice.Status.FINAL
    awards = list(panel.awards.order_by("rank"))
    assert len(awards) == challenge.winners_count == 2
    assert all(award.amount_wan > 0 for award in awards)
    assert sum(award.amount_wan for award in awards) <= challenge.bounty_wan
    statuses = sorted(Bid.objects.filter(opportunity=challenge).values_list("status", flat=True))
    assert statuses == [Bid.Status.NOT_SELECTED, Bid.Status.SELECTED, Bid.Status.SELECTED]
    assert {award.bid.status for award in awards} == {Bid.Status.SELECTED}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.RESULT_FINAL, opportunity=panel.opportunity
    ).exists()
    html = client.get(f"/review/notices/{panel.notices.get().pk}/").content.decode()
    for award in awards:
        assert award.bid.bidder_name in html
        assert f'<span class="money">{award.amount_wan.normalize():f}</span>' in html


@pytest.mark.django_db
def test_demo_enterprises_have_saved_searches_and_follow_a_challenge(demo_site, client):
    assert demo_site["first"]["SavedSearch"] == 2
    assert demo_site["first"]["Follow"] == 1
    client.force_login(get_user_model().objects.get(username="company_b"))
    page = client.get("/account/saved-searches/").content.decode()
    assert "新能源领域每日提醒" in page
