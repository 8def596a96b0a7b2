"""Finding things: the home page leads to every list, a page lists them all, list pages show open
opportunities first, filters offer 全部 and group child domains under their parent, and the
company profile groups its domain checkboxes the same way."""

import pytest
from django.contrib.auth import get_user_model

from cms.models import Domain
from scenarios.models import Company, Membership
from scenarios.validators import make_uscc
from tests.factories import (
    ChallengePageFactory,
    DomainFactory,
    OpportunityListPageFactory,
    ScenarioPageFactory,
    days_from_now,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def domains():
    city = DomainFactory(name="智慧城市", slug="smart-city", sort_order=1)
    DomainFactory(name="智慧交通", slug="smart-transport", parent=city)
    materials = DomainFactory(name="新材料", slug="new-materials", sort_order=2)
    DomainFactory(name="硅基材料", slug="silicon", parent=materials)
    return city, materials


def test_home_page_links_the_page_of_all_lists(client, home_page):
    lists = [OpportunityListPageFactory(parent=home_page) for _ in range(5)]
    html = client.get("/").content.decode()
    assert 'href="/lists/"' in html
    assert "查看全部 5 份机会清单" in html
    page = client.get("/lists/")
    assert page.status_code == 200
    assert {item.pk for item in page.context["page_obj"].object_list} == {p.pk for p in lists}
    for list_page in lists:
        assert list_page.url in page.content.decode()


def test_the_page_of_all_lists_paginates_and_leaves_out_unpublished_ones(client, home_page):
    for _ in range(21):
        OpportunityListPageFactory(parent=home_page)
    OpportunityListPageFactory(parent=home_page, live=False)
    first = client.get("/lists/")
    assert first.context["page_obj"].paginator.count == 21
    assert len(first.context["page_obj"].object_list) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/lists/?page=2").context["page_obj"].object_list) == 1


def test_a_list_shows_open_opportunities_before_upcoming_and_closed_ones(client, home_page):
    list_page = OpportunityListPageFactory(parent=home_page)
    closed_long_ago = ChallengePageFactory(
        parent=list_page, application_deadline=days_from_now(-30)
    )
    closed_lately = ScenarioPageFactory(parent=list_page, application_deadline=days_from_now(-2))
    upcoming = ChallengePageFactory(
        parent=list_page, application_opens=days_from_now(5), application_deadline=days_from_now(9)
    )
    open_later = ScenarioPageFactory(parent=list_page, application_deadline=days_from_now(20))
    open_soon = ChallengePageFactory(parent=list_page, application_deadline=days_from_now(3))
    shown = [item.pk for item in client.get(list_page.url).context["page_obj"].object_list]
    assert shown == [
        open_soon.pk,
        open_later.pk,
        upcoming.pk,
        closed_lately.pk,
        closed_long_ago.pk,
    ]


def test_list_filters_offer_all_instead_of_dashes_and_group_domains_by_parent(
    client, home_page, domains
):
    list_page = OpportunityListPageFactory(parent=home_page)
    html = client.get(list_page.url).content.decode()
    assert "---------" not in html
    assert html.count('<option value="" selected>全部</option>') == 5
    assert '<optgroup label="智慧城市">' in html
    city_group = html.split('<optgroup label="智慧城市">')[1].split("</optgroup>")[0]
    assert 'value="smart-city"' in city_group
    assert "智慧城市（全部）" in city_group
    assert 'value="smart-transport"' in city_group
    assert 'value="silicon"' not in city_group


def test_choosing_a_parent_domain_in_the_grouped_filter_still_filters(client, home_page, domains):
    city, _materials = domains
    list_page = OpportunityListPageFactory(parent=home_page)
    tagged = ScenarioPageFactory(
        parent=list_page, domains=[Domain.objects.get(slug="smart-transport")]
    )
    ChallengePageFactory(parent=list_page, domains=[Domain.objects.get(slug="silicon")])
    response = client.get(list_page.url, {"domain": city.slug})
    assert [item.pk for item in response.context["page_obj"].object_list] == [tagged.pk]


def test_company_profile_groups_domain_checkboxes_under_their_parent(client, domains):
    user = get_user_model().objects.create_user("owner", "owner@example.cn", "x")
    company = Company.objects.create(
        name="连云港云眸智能视觉科技有限公司", uscc=make_uscc("91320706", "MA1Y7K3Q")
    )
    Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
    client.force_login(user)
    response = client.get("/account/profile/")
    assert response.context["form"].fields["domains"].choices == [
        ("智慧城市", [(Domain.objects.get(slug="smart-transport").pk, "智慧交通")]),
        ("新材料", [(Domain.objects.get(slug="silicon").pk, "硅基材料")]),
    ]
    html = response.content.decode()
    assert html.index("智慧城市") < html.index("智慧交通") < html.index("新材料")
