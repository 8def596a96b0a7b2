"""Publishers edit in the Wagtail admin: clear errors for bad rubrics and dates, and review before publication."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Task, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import ChallengePage
from cms.services import publisher_access_grant, publisher_section_sync
from tests.factories import DomainFactory, OpportunityListPageFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DEADLINE = "2030-06-30 17:00:00"


@pytest.fixture
def list_page(home_page):
    organization = OrganizationFactory()
    return OpportunityListPageFactory(
        parent=publisher_section_sync(organization), publisher=organization
    )


@pytest.fixture
def editor(list_page):
    """An account of the list's publishing organisation."""
    user = User.objects.create_user("editor", password="pw-editor-2025")
    publisher_access_grant(user, list_page.publisher)
    return user


@pytest.fixture
def moderator():
    user = User.objects.create_user("moderator", password="pw-moderator-2025")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def challenge_form(*, rubric, deadline=DEADLINE, action=None):
    issuer = OrganizationFactory(kind="enterprise")
    domain = DomainFactory()
    data = {
        "title": "港口集装箱智能理货技术攻关",
        "slug": "container-tally",
        "summary": "集装箱箱号与残损识别准确率不足，需要新的视觉识别方案。",
        "issuer": issuer.pk,
        "ref": "JB-2030-001",
        "keywords": "机器视觉, 智慧港口",
        "problem": rich_text("<p>夜间与雨雾天气识别率显著下降。</p>"),
        "targets": inline_formset(
            [{"indicator": "箱号识别准确率", "target_value": "≥99.5", "unit": "%"}]
        ),
        "qualifications": rich_text("<p>具备港口视觉项目经验。</p>"),
        "bounty_wan": "300",
        "implementation_months": "12",
        "selection_mode": "single",
        "winners_count": "1",
        "rubric_criteria": inline_formset(
            [{"criterion": criterion, "weight": weight} for criterion, weight in rubric]
        ),
        "application_deadline": deadline,
        "attachments": streamfield([]),
    }
    if action:
        data[action] = "1"
    return {**nested_form_data(data), "domains": [domain.pk]}


def add_url(list_page):
    return reverse("wagtailadmin_pages:add", args=("cms", "challengepage", list_page.pk))


def test_rubric_weights_not_adding_up_to_100_are_refused_by_name(client, admin_user, list_page):
    client.force_login(admin_user)
    response = client.post(
        add_url(list_page), challenge_form(rubric=[("技术方案", 60), ("团队实力", 30)])
    )
    assert response.status_code == 200
    assert not ChallengePage.objects.exists()
    assert "评审标准各项权重之和为 90，应为 100" in response.content.decode()


def test_first_publication_with_a_past_deadline_is_refused(client, admin_user, list_page):
    client.force_login(admin_user)
    response = client.post(
        add_url(list_page),
        challenge_form(
            rubric=[("技术方案", 100)], deadline="2020-01-01 17:00:00", action="action-publish"
        ),
    )
    assert response.status_code == 200
    assert not ChallengePage.objects.exists()
    assert "申报截止时间已过" in response.content.decode()


def test_a_past_deadline_can_still_be_saved_as_a_draft(client, admin_user, list_page):
    client.force_login(admin_user)
    response = client.post(
        add_url(list_page),
        challenge_form(rubric=[("技术方案", 100)], deadline="2020-01-01 17:00:00"),
    )
    assert response.status_code == 302
    assert ChallengePage.objects.get().live is False


def test_editor_submits_for_review_and_moderator_publishes(client, editor, moderator, list_page):
    client.force_login(editor)
    response = client.post(
        add_url(list_page),
        challenge_form(
            rubric=[("技术方案", 50), ("团队实力", 30), ("报价", 20)], action="action-submit"
        ),
    )
    assert response.status_code == 302
    page = ChallengePage.objects.get()
    assert page.live is False
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    task_state = state.current_task_state
    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.pk, "approve", task_state.pk),
        ),
        {"comment": "同意发布"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert [row.weight for row in page.rubric_criteria.all()] == [50, 30, 20]
    assert page.targets.get().indicator == "箱号识别准确率"


def test_editor_cannot_publish_directly(client, editor, list_page):
    client.force_login(editor)
    client.post(
        add_url(list_page), challenge_form(rubric=[("技术方案", 100)], action="action-publish")
    )
    page = ChallengePage.objects.get()
    assert page.live is False


def test_the_moderation_workflow_and_its_task_are_named_in_chinese():
    assert Workflow.objects.filter(name="审核发布", active=True).exists()
    assert Task.objects.filter(name="审核发布").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
