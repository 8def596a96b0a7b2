"""The expert pool in the Wagtail admin: moderators list, search, filter, add and edit experts
with the account chooser; editors reach neither the pool nor the account list."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from selection.models import Expert
from tests.factories import DomainFactory

from .conftest import make_expert

User = get_user_model()


def in_group(username, group):
    user = User.objects.create_user(username, password="pw-2025-long")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def moderator(db):
    return in_group("moderator", "Moderators")


@pytest.fixture
def editor(db):
    return in_group("editor", "Editors")


def test_a_moderator_lists_searches_and_filters_the_pool(moderator, client):
    domain = DomainFactory(name="智能制造")
    vision = make_expert("reviewer_1", "王建华", "南京理工大学", "机器视觉")
    vision.domains.add(domain)
    retired = make_expert("reviewer_2", "李敏", "江苏省产业技术研究院", "深度学习")
    Expert.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(moderator)
    page = client.get("/admin/selection/experts/")
    assert page.status_code == 200
    assert "王建华" in page.content.decode()
    found = client.get("/admin/selection/experts/?q=机器视觉").content.decode()
    assert "王建华" in found
    assert "李敏" not in found
    by_domain = client.get(f"/admin/selection/experts/?domains={domain.pk}").content.decode()
    assert "李敏" not in by_domain
    out_of_pool = client.get("/admin/selection/experts/?is_active=false").content.decode()
    assert "李敏" in out_of_pool
    assert "王建华" not in out_of_pool


def test_a_moderator_adds_an_expert_choosing_the_account(moderator, client):
    account = User.objects.create_user("reviewer_9", "r9@example.cn", "x")
    client.force_login(moderator)
    form = client.get("/admin/selection/experts/new/")
    assert "/admin/selection/accounts/" in form.content.decode()
    chooser = client.get("/admin/selection/accounts/?q=reviewer_9")
    assert chooser.status_code == 200
    assert "reviewer_9" in chooser.content.decode()
    response = client.post(
        "/admin/selection/experts/new/",
        {
            "user": account.pk,
            "name": "周敏",
            "affiliation": "河海大学",
            "affiliation_uscc": "",
            "title": "教授",
            "keywords": "港口、物流",
            "phone": "",
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Expert.objects.get(user=account).name == "周敏"


def test_an_editor_reaches_neither_the_pool_nor_the_accounts(editor, client):
    make_expert("reviewer_1", "王建华", "南京理工大学")
    client.force_login(editor)
    response = client.get("/admin/selection/experts/")
    assert response.status_code in (302, 403)
    assert "王建华" not in response.content.decode()
    assert client.get("/admin/selection/accounts/").status_code in (302, 403)
    assert "/admin/selection/experts/" not in client.get("/admin/").content.decode()
