"""The content model's rules: page hierarchy, rubric weights, dates, derived status and list filters."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail_factories import ImageFactory

from cms.forms import check_rubric_weights
from cms.models import (
    ChallengePage,
    HomePage,
    OpportunityListPage,
    OpportunityPage,
    PublisherSectionPage,
    ScenarioPage,
    Status,
)
from tests.factories import (
    ChallengePageFactory,
    DomainFactory,
    OpportunityListPageFactory,
    RegionFactory,
    ScenarioPageFactory,
    days_from_now,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def list_page(home_page):
    return OpportunityListPageFactory(parent=home_page)


class TestPageHierarchy(WagtailPageTestCase):
    def test_home_takes_sections_sections_take_lists_and_lists_take_opportunities(self):
        self.assertAllowedSubpageTypes(HomePage, {PublisherSectionPage})
        self.assertAllowedSubpageTypes(PublisherSectionPage, {OpportunityListPage})
        self.assertAllowedParentPageTypes(OpportunityListPage, {PublisherSectionPage})
        self.assertAllowedSubpageTypes(OpportunityListPage, {ScenarioPage, ChallengePage})
        self.assertAllowedParentPageTypes(ChallengePage, {OpportunityListPage})
        self.assertAllowedParentPageTypes(ScenarioPage, {OpportunityListPage})

    def test_sections_are_made_by_the_scope_service_not_in_the_admin(self):
        assert not PublisherSectionPage.is_creatable

    def test_the_shared_opportunity_base_cannot_be_created(self):
        assert not OpportunityPage.is_creatable
        self.assertCanNotCreateAt(OpportunityListPage, OpportunityPage)


class TestRubricWeights:
    def test_weights_adding_up_to_100_are_accepted(self):
        check_rubric_weights([40, 30, 20, 10])

    def test_an_empty_rubric_is_accepted(self):
        check_rubric_weights([])

    @pytest.mark.parametrize("weights", [[40, 30, 20], [50, 60], [100, 1]])
    def test_weights_not_adding_up_to_100_are_refused_with_the_total(self, weights):
        with pytest.raises(ValidationError) as caught:
            check_rubric_weights(weights)
        assert str(sum(weights)) in caught.value.messages[0]
        assert "100" in caught.value.messages[0]


class TestDates:
    def test_applications_must_open_before_the_deadline(self, list_page):
        page = ChallengePageFactory.build(
            application_opens=days_from_now(10), application_deadline=days_from_now(5)
        )
        with pytest.raises(ValidationError) as caught:
            page.clean()
        assert "application_opens" in caught.value.message_dict

    def test_deadline_must_follow_the_scheduled_publication(self, list_page):
        page = ScenarioPageFactory.build(
            go_live_at=days_from_now(20), application_deadline=days_from_now(5)
        )
        with pytest.raises(ValidationError) as caught:
            page.clean()
        assert "application_deadline" in caught.value.message_dict

    def test_budget_range_must_not_be_inverted(self):
        page = ScenarioPageFactory.build(budget_min_wan=500, budget_max_wan=100)
        with pytest.raises(ValidationError) as caught:
            page.clean()
        assert "budget_max_wan" in caught.value.message_dict

    def test_horse_race_needs_at_least_two_winners(self):
        page = ChallengePageFactory.build(selection_mode="race", winners_count=1)
        with pytest.raises(ValidationError) as caught:
            page.clean()
        assert "winners_count" in caught.value.message_dict

    def test_single_winner_selection_has_one_winner(self):
        page = ChallengePageFactory.build(selection_mode="single", winners_count=3)
        with pytest.raises(ValidationError) as caught:
            page.clean()
        assert "winners_count" in caught.value.message_dict


class TestDerivedStatus:
    @pytest.mark.parametrize(
        ("opens", "deadline", "expected"),
        [
            (None, 5, Status.OPEN),
            (-5, 5, Status.OPEN),
            (3, 10, Status.UPCOMING),
            (-20, -1, Status.CLOSED),
            (None, -1, Status.CLOSED),
        ],
    )
    def test_status_follows_the_application_window(self, opens, deadline, expected):
        page = ChallengePageFactory.build(
            application_opens=days_from_now(opens) if opens is not None else None,
            application_deadline=days_from_now(deadline),
        )
        assert page.status == expected

    def test_status_labels_are_chinese_by_default(self):
        page = ChallengePageFactory.build(application_deadline=days_from_now(-1))
        assert page.status_label == "已截止"

    def test_database_status_filter_agrees_with_the_property(self, list_page):
        pages = [
            ChallengePageFactory(parent=list_page, application_deadline=days_from_now(5)),
            ChallengePageFactory(
                parent=list_page,
                application_opens=days_from_now(2),
                application_deadline=days_from_now(9),
            ),
            ScenarioPageFactory(parent=list_page, application_deadline=days_from_now(-2)),
        ]
        for status in Status:
            in_db = set(OpportunityPage.objects.with_status(status).values_list("pk", flat=True))
            by_property = {page.pk for page in pages if page.status == status}
            assert in_db == by_property, status

    def test_a_deadline_one_second_ago_is_closed(self):
        page = ChallengePageFactory.build(
            application_deadline=timezone.now() - timedelta(seconds=1)
        )
        assert page.status == Status.CLOSED


class TestListFilters:
    @pytest.fixture
    def populated_list(self, list_page):
        self.smart_city = DomainFactory(name="智慧城市", slug="smart-city")
        self.transport = DomainFactory(
            name="智慧交通", slug="smart-transport", parent=self.smart_city
        )
        self.materials = DomainFactory(name="新材料", slug="new-materials")
        self.haizhou = RegionFactory(name="海州区", slug="haizhou")
        self.scenario = ScenarioPageFactory(
            parent=list_page,
            region=self.haizhou,
            level=ScenarioPage.Level.FIRST,
            domains=[self.transport],
        )
        self.challenge = ChallengePageFactory(parent=list_page, domains=[self.materials])
        self.closed = ChallengePageFactory(
            parent=list_page, domains=[self.smart_city], application_deadline=days_from_now(-3)
        )
        return list_page

    def titles(self, client, page, **params):
        response = client.get(page.url, params)
        assert response.status_code == 200
        return {item.title for item in response.context["page_obj"].object_list}

    def test_unfiltered_list_shows_every_live_opportunity(self, client, populated_list):
        assert self.titles(client, populated_list) == {
            self.scenario.title,
            self.challenge.title,
            self.closed.title,
        }

    def test_kind_filter(self, client, populated_list):
        assert self.titles(client, populated_list, kind="scenario") == {self.scenario.title}

    def test_domain_filter_includes_child_domains(self, client, populated_list):
        assert self.titles(client, populated_list, domain="smart-city") == {
            self.scenario.title,
            self.closed.title,
        }

    def test_region_filter(self, client, populated_list):
        assert self.titles(client, populated_list, region="haizhou") == {self.scenario.title}

    def test_status_filter(self, client, populated_list):
        assert self.titles(client, populated_list, status="closed") == {self.closed.title}

    def test_level_filter(self, client, populated_list):
        assert self.titles(client, populated_list, level="first") == {self.scenario.title}

    def test_unknown_filter_value_is_reported_and_ignored(self, client, populated_list):
        response = client.get(populated_list.url, {"status": "bogus"})
        assert response.status_code == 200
        assert response.context["filter"].errors["status"]
        assert len(response.context["page_obj"].object_list) == 3

    def test_filters_that_match_nothing_show_an_empty_state(self, client, populated_list):
        response = client.get(populated_list.url, {"kind": "scenario", "status": "closed"})
        assert "没有符合筛选条件的机会" in response.content.decode()

    def test_draft_opportunities_are_not_listed(self, client, populated_list):
        self.challenge.unpublish()
        assert self.challenge.title not in self.titles(client, populated_list)

    def test_listing_paginates_twelve_per_page(self, client, list_page):
        for _ in range(14):
            ScenarioPageFactory(parent=list_page)
        first = client.get(list_page.url)
        second = client.get(list_page.url, {"page": 2})
        assert len(first.context["page_obj"].object_list) == 12
        assert len(second.context["page_obj"].object_list) == 2

    def test_listing_queries_do_not_grow_with_the_cards_shown(self, client, list_page):
        def add_opportunities(count):
            domain, region = DomainFactory(), RegionFactory()
            for index in range(count):
                factory = ScenarioPageFactory if index % 2 else ChallengePageFactory
                page = factory(parent=list_page, region=region, cover_image=ImageFactory())
                page.domains.add(domain)
                page.save_revision().publish()

        def queries_for_listing():
            client.get(list_page.url)  # renditions are made on the first view
            with CaptureQueriesContext(connection) as queries:
                client.get(list_page.url)
            return len(queries)

        add_opportunities(2)
        with_two = queries_for_listing()
        add_opportunities(8)
        assert queries_for_listing() == with_two
