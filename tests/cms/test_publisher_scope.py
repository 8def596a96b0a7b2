"""Publisher scope: each publishing organisation writes in its own section of the page tree, through
its own group, and a publisher of one organisation cannot reach another's pages in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permissions import policy_registry

from cms.models import OpportunityListPage, Organization, PublisherSectionPage
from cms.services import publisher_section_sync
from scenarios.models import PublisherMembership
from scenarios.services import publisher_scopes_sync
from tests.factories import (
    ChallengePageFactory,
    OpportunityListPageFactory,
    OrganizationFactory,
    ScenarioPageFactory,
)

pytestmark = pytest.mark.django_db


def _organization_with_a_list(name):
    organization = OrganizationFactory(name=name)
    list_page = OpportunityListPageFactory(
        parent=publisher_section_sync(organization), publisher=organization
    )
    scenario = ScenarioPageFactory(parent=list_page, publisher=organization, ref=f"CJ-{name}")
    challenge = ChallengePageFactory(parent=list_page, ref=f"JB-{name}")
    draft = ScenarioPageFactory(parent=list_page, publisher=organization, live=False)
    return {
        "organization": organization,
        "list": list_page,
        "scenario": scenario,
        "challenge": challenge,
        "draft": draft,
    }


def _publisher_of(organization, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.cn", "x")
    PublisherMembership.objects.create(user=user, organization=organization)
    return user


@pytest.fixture
def org_a(postgres, home_page):
    return _organization_with_a_list("海州区科学技术局")


@pytest.fixture
def org_b(postgres, home_page):
    return _organization_with_a_list("大连高新区管委会")


@pytest.fixture
def publisher_a(org_a):
    return _publisher_of(org_a["organization"], "publisher_a")


@pytest.fixture
def moderator(postgres):
    user = get_user_model().objects.create_user("moderator", "moderator@example.cn", "x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def page_doors(world):
    """The admin views that write a page or one under it, by name, for the pages of one
    organisation. (Publishing, unpublishing and deleting a live page are the moderators'.)"""
    list_page, scenario, challenge = world["list"], world["scenario"], world["challenge"]
    section = list_page.get_parent()
    return {
        "edit list": reverse("wagtailadmin_pages:edit", args=(list_page.pk,)),
        "edit scenario": reverse("wagtailadmin_pages:edit", args=(scenario.pk,)),
        "edit challenge": reverse("wagtailadmin_pages:edit", args=(challenge.pk,)),
        "delete draft": reverse("wagtailadmin_pages:delete", args=(world["draft"].pk,)),
        "add child to list": reverse("wagtailadmin_pages:add_subpage", args=(list_page.pk,)),
        "add scenario to list": reverse(
            "wagtailadmin_pages:add", args=("cms", "scenariopage", list_page.pk)
        ),
        "add list to section": reverse(
            "wagtailadmin_pages:add", args=("cms", "opportunitylistpage", section.pk)
        ),
        "revisions of scenario": reverse("wagtailadmin_pages:history", args=(scenario.pk,)),
    }


def test_a_publisher_opens_every_door_to_its_own_pages(client, org_a, publisher_a):
    client.force_login(publisher_a)
    for name, url in page_doors(org_a).items():
        assert client.get(url).status_code == 200, name
    client.post(reverse("wagtailadmin_pages:lock", args=(org_a["scenario"].pk,)))
    org_a["scenario"].refresh_from_db()
    assert org_a["scenario"].locked


def test_a_publisher_of_another_organisation_is_refused_at_every_door(
    client, org_a, org_b, publisher_a
):
    client.force_login(publisher_a)
    for name, url in page_doors(org_b).items():
        response = client.get(url)
        # Wagtail refuses a page it will not let the account write with a redirect to the
        # admin's home and the message "Sorry, you do not have permission to access this area."
        assert response.status_code == 302, name
        assert response.url == reverse("wagtailadmin_home"), name


def test_a_publisher_cannot_change_or_delete_another_organisations_page(
    client, org_a, org_b, publisher_a
):
    scenario = org_b["scenario"]
    client.force_login(publisher_a)
    for action in ("delete", "unpublish", "lock"):
        response = client.post(reverse(f"wagtailadmin_pages:{action}", args=(scenario.pk,)))
        assert response.status_code == 302, action
    refusals = [
        client.post(reverse("wagtailadmin_pages:delete", args=(org_b["draft"].pk,))),
        client.post(
            reverse("wagtailadmin_pages:edit", args=(scenario.pk,)),
            {"title": "改过的标题", "slug": scenario.slug},
        ),
        client.post(
            reverse("wagtailadmin_pages:add", args=("cms", "scenariopage", org_b["list"].pk)),
            {"title": "越权场景", "slug": "intruder"},
        ),
    ]
    assert [response.url for response in refusals] == [reverse("wagtailadmin_home")] * 3
    scenario.refresh_from_db()
    assert scenario.live
    assert not scenario.locked
    assert not scenario.revisions.filter(content__title="改过的标题").exists()
    assert Page.objects.filter(pk=org_b["draft"].pk).exists()
    assert not Page.objects.filter(slug="intruder").exists()


def test_a_publisher_deletes_its_own_draft_but_not_its_own_live_page(client, org_a, publisher_a):
    client.force_login(publisher_a)
    live = client.get(reverse("wagtailadmin_pages:delete", args=(org_a["scenario"].pk,)))
    assert live.status_code == 302  # deleting a live page unpublishes it: a moderator's act
    client.post(reverse("wagtailadmin_pages:delete", args=(org_a["draft"].pk,)))
    assert not Page.objects.filter(pk=org_a["draft"].pk).exists()


def test_a_publisher_submits_for_review_but_does_not_publish_its_own_pages(org_a, publisher_a):
    permissions = org_a["scenario"].permissions_for_user(publisher_a)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()


def test_the_explorer_and_admin_search_show_only_the_publishers_own_pages(
    client, org_a, org_b, publisher_a
):
    client.force_login(publisher_a)
    home = client.get(reverse("wagtailadmin_explore_root"))
    # The explorer starts at the organisation's own section, the closest page it may write.
    assert home.status_code == 302
    assert home.url == reverse("wagtailadmin_explore", args=(org_a["list"].get_parent().pk,))
    listing = client.get(home.url).content.decode()
    assert org_a["list"].title in listing
    assert org_b["list"].title not in listing
    other_section = org_b["list"].get_parent()
    assert client.get(reverse("wagtailadmin_explore", args=(other_section.pk,))).status_code in (
        302,
        403,
        404,
    )
    found = client.get(reverse("wagtailadmin_pages:search"), {"q": "智慧路灯"})
    assert found.status_code == 200
    results = found.content.decode()
    assert org_a["scenario"].title in results
    assert org_b["scenario"].title not in results


def test_moderators_keep_site_wide_review_rights(client, org_a, org_b, moderator):
    client.force_login(moderator)
    for world in (org_a, org_b):
        assert client.get(page_doors(world)["edit scenario"]).status_code == 200
        assert world["scenario"].permissions_for_user(moderator).can_publish()


def test_taxonomy_snippets_stay_with_the_moderators(client, org_a, publisher_a, moderator):
    organization = org_a["organization"]
    client.force_login(publisher_a)
    for url in (
        reverse("wagtailsnippets_cms_organization:add"),
        reverse("wagtailsnippets_cms_organization:edit", args=(organization.pk,)),
        reverse("wagtailsnippets_cms_domain:add"),
        reverse("wagtailsnippets_cms_region:add"),
    ):
        assert client.get(url).status_code in (302, 403), url
    client.force_login(moderator)
    assert client.get(reverse("wagtailsnippets_cms_organization:add")).status_code == 200


def test_the_editors_group_holds_no_site_wide_rights():
    editors = Group.objects.get(name="Editors")
    assert not GroupPagePermission.objects.filter(group=editors).exists()
    assert not editors.permissions.filter(
        content_type__app_label="cms", codename__regex=r"^(add|change)_"
    ).exists()


def test_a_new_organisation_and_its_account_get_their_own_section_and_group(client, home_page):
    organization = Organization.objects.create(
        name="新设的发布单位", slug="new-publisher", kind=Organization.Kind.PARK
    )
    user = _publisher_of(organization, "newcomer")

    section = PublisherSectionPage.objects.get(organization=organization)
    assert section.get_parent().specific == home_page
    assert list(user.groups.all()) == [section.group]
    assert section.group.name == "发布单位：新设的发布单位"
    rights = GroupPagePermission.objects.filter(group=section.group)
    assert {right.page_id for right in rights} == {section.pk}
    assert {right.permission.codename for right in rights} == {
        "add_page",
        "change_page",
        "lock_page",
    }
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    add_list = reverse("wagtailadmin_pages:add", args=("cms", "opportunitylistpage", section.pk))
    assert client.get(add_list).status_code == 200


def test_a_list_added_in_the_admin_is_published_by_the_sections_organisation(
    client, org_a, org_b, publisher_a
):
    section = org_a["list"].get_parent()
    client.force_login(publisher_a)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("cms", "opportunitylistpage", section.pk)),
        {
            "title": "2026年第二批机会清单",
            "slug": "2026-batch-2",
            "issued_on": "2026-03-01",
            "introduction": '{"blocks": [], "entityMap": {}}',
            "attachments-count": "0",
            # a forged field is ignored: the form has no publisher field
            "publisher": org_b["organization"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = OpportunityListPage.objects.get(slug="2026-batch-2")
    assert created.publisher == org_a["organization"]
    assert created.get_parent().pk == section.pk


def test_an_account_serves_one_organisation_at_a_time(org_a, org_b, publisher_a):
    def fresh():  # Wagtail caches page permissions on the user object
        return get_user_model().objects.get(pk=publisher_a.pk)

    membership = publisher_a.publisher_membership
    membership.organization = org_b["organization"]
    membership.save()
    assert list(fresh().groups.all()) == [org_b["organization"].section.group]
    assert not org_a["scenario"].permissions_for_user(fresh()).can_edit()
    assert org_b["scenario"].permissions_for_user(fresh()).can_edit()

    membership.delete()
    assert not fresh().groups.exists()
    assert not org_b["scenario"].permissions_for_user(fresh()).can_edit()


def test_each_organisations_images_are_its_own(org_a, org_b, publisher_a):
    own = org_a["list"].get_parent().specific.collection
    other = org_b["list"].get_parent().specific.collection
    assert own != other
    assert own.get_parent() == Collection.get_first_root_node()
    images = policy_registry.get_by_type(get_image_model())
    editable = set(images.collections_user_has_permission_for(publisher_a, "add"))
    assert editable == {own}
    assert (
        GroupCollectionPermission.objects.filter(collection=other)
        .exclude(group=other.publisher_section.group)
        .count()
        == 0
    )


def test_syncing_moves_lists_into_the_section_and_changes_nothing_the_second_time(
    client, home_page
):
    organization = OrganizationFactory(name="老数据里的发布单位")
    old_list = OpportunityListPageFactory(parent=home_page, publisher=organization, slug="old")
    scenario = ScenarioPageFactory(parent=old_list, publisher=organization)
    old_url = scenario.url
    _publisher_of(OrganizationFactory(), "someone_else")

    assert publisher_scopes_sync() == (2, 1)
    counts = (
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
    )
    assert publisher_scopes_sync() == (2, 1)
    assert counts == (
        Page.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
    )
    old_list.refresh_from_db()
    assert old_list.get_parent().specific == organization.section
    scenario.refresh_from_db()
    assert scenario.url != old_url
    # Wagtail's redirects app keeps the old address working after the move.
    assert client.get(old_url).status_code == 301
