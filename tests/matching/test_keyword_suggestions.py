"""Keyword suggestions in the Wagtail editor: accepted into a new draft, rejected for good."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from matching.suggestions import keyword_suggestions_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(challenge):
    challenge.problem = (
        "<p>压铸件表面缺陷的机器视觉检测：小样本学习，缺陷样本少，需要边缘计算设备上实时推理。</p>"
    )
    challenge.keywords.add("缺陷检测")
    challenge.save_revision().publish()
    challenge.refresh_from_db()
    return challenge


def test_the_editor_accepts_a_suggestion_into_a_new_draft_and_rejects_another_for_good(
    client, admin, draft, dictionary
):
    client.force_login(admin)
    url = reverse("matching_keyword_suggestions", args=[draft.pk])
    page = client.get(url).content.decode()
    suggestions = keyword_suggestions_for(draft)
    assert "边缘计算" in suggestions
    assert "边缘计算" in page
    assert "缺陷检测" not in suggestions  # already a keyword
    assert client.post(url, {"word": "边缘计算", "decision": "accept"}).status_code == 302
    draft.refresh_from_db()
    latest = draft.get_latest_revision_as_object()
    assert "边缘计算" in {tag.name for tag in latest.keywords.all()}
    assert "边缘计算" not in keyword_suggestions_for(draft)
    rejected = keyword_suggestions_for(draft)[0]
    client.post(url, {"word": rejected, "decision": "reject"})
    assert rejected not in keyword_suggestions_for(draft)


def test_an_account_that_cannot_edit_the_page_gets_no_suggestions(client, draft, dictionary):
    outsider = get_user_model().objects.create_user("outsider", "x@example.cn", "x")
    client.force_login(outsider)
    url = reverse("matching_keyword_suggestions", args=[draft.pk])
    response = client.post(url, {"word": "边缘计算", "decision": "accept"})
    assert response.status_code == 302
    draft.refresh_from_db()
    latest = draft.get_latest_revision_as_object()
    assert "边缘计算" not in {tag.name for tag in latest.keywords.all()}
