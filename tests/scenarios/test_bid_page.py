"""The bid page on the site: the submit button belongs to the edit form, so submitting saves what
was typed first, and a refused submission still keeps the saved edits."""

import pytest

from scenarios import services
from scenarios.models import Bid

from .conftest import complete_bid


def form_data(bid, **fields):
    """What the bid page posts: the proposal, one row per target, the milestones."""
    responses = list(bid.target_responses.all())
    milestones = list(bid.milestones.all())
    data = {
        "bid-summary": bid.summary,
        "bid-approach": bid.approach,
        "bid-team": bid.team,
        "bid-requested_funding_wan": bid.requested_funding_wan or "",
        "targets-TOTAL_FORMS": len(responses),
        "targets-INITIAL_FORMS": len(responses),
        "milestones-TOTAL_FORMS": len(milestones),
        "milestones-INITIAL_FORMS": 0,
    }
    for index, response in enumerate(responses):
        data[f"targets-{index}-id"] = response.pk
        data[f"targets-{index}-committed_value"] = response.committed_value
        data[f"targets-{index}-approach"] = response.approach
    for index, milestone in enumerate(milestones):
        data[f"milestones-{index}-month"] = milestone.month
        data[f"milestones-{index}-deliverable"] = milestone.deliverable
    data.update({f"bid-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def draft(company_a, challenge):
    company, user = company_a
    bid = services.bid_create(company, challenge, user, fields={"summary": "初稿"})
    return complete_bid(bid, user)


def test_submitting_from_the_bid_form_saves_the_unsaved_edits_first(client, company_a, draft):
    _company, user = company_a
    client.force_login(user)
    response = client.post(
        f"/bids/{draft.pk}/",
        {**form_data(draft, summary="改写后的方案摘要"), "action": "submit"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.summary == "改写后的方案摘要"
    assert draft.status == Bid.Status.SUBMITTED
    assert draft.receipt_number
    page = response.content.decode()
    assert page.count("message--success") == 1
    assert draft.receipt_number in page


def test_a_refused_submission_keeps_the_edits_it_saved(client, company_a, draft):
    _company, user = company_a
    client.force_login(user)
    response = client.post(
        f"/bids/{draft.pk}/",
        {**form_data(draft, summary="只改了摘要", approach=""), "action": "submit"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.summary == "只改了摘要"
    assert draft.status == Bid.Status.DRAFT
    page = response.content.decode()
    assert page.count("message--error") == 1
    assert "您的修改已保存，但申报未提交" in page


def test_saving_without_submitting_leaves_a_draft(client, company_a, draft):
    _company, user = company_a
    client.force_login(user)
    client.post(f"/bids/{draft.pk}/", form_data(draft, summary="还在修改"))
    draft.refresh_from_db()
    assert (draft.summary, draft.status) == ("还在修改", Bid.Status.DRAFT)
