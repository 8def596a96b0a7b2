"""Scoring a bid: within each criterion's maximum, a comment below the threshold, nobody reads
another expert's scores before submitting, and changes after submission are audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scenarios.models import AuditEvent
from selection import selectors, services

from .conftest import full_scores

pytestmark = pytest.mark.usefixtures("messages_in_english")


def test_a_score_above_the_criterion_maximum_names_the_criterion(scoring_panel, bids, experts):
    criterion = scoring_panel.criteria.first()
    entries = full_scores(scoring_panel)
    entries[criterion.pk]["score"] = criterion.max_score + 1
    with pytest.raises(ValidationError) as error:
        services.sheet_save(bids[0], experts[1].user, entries, submit=True)
    assert f"score_{criterion.pk}" in error.value.message_dict


def test_a_low_score_needs_a_comment_on_submit(scoring_panel, bids, experts):
    entries = full_scores(scoring_panel, fraction=0.3, comment="")
    services.sheet_save(bids[0], experts[1].user, entries)  # a draft may wait for comments
    with pytest.raises(ValidationError) as error:
        services.sheet_save(bids[0], experts[1].user, entries, submit=True)
    assert all(key.startswith("comment_") for key in error.value.message_dict)


def test_other_scores_stay_hidden_until_the_own_sheet_is_submitted(scoring_panel, bids, experts):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    member = selectors.membership_of(experts[2].user, scoring_panel)
    assert not selectors.sheets_visible_to(member, bids[0]).exists()
    services.sheet_save(bids[0], experts[2].user, full_scores(scoring_panel, 0.7), submit=True)
    assert selectors.sheets_visible_to(member, bids[0]).count() == 1


def test_changing_a_submitted_score_is_audited_with_both_figures(scoring_panel, bids, experts):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel, 0.9))
    change = AuditEvent.objects.get(action=AuditEvent.Action.SCORE_CHANGED)
    assert change.detail["before"] != change.detail["after"]


def test_an_expert_outside_the_panel_cannot_score(scoring_panel, bids, experts):
    with pytest.raises(PermissionDenied):
        services.sheet_save(bids[0], experts[3].user, full_scores(scoring_panel))


def test_the_bidder_never_reads_who_scored_its_bid(client, scoring_panel, bids, experts, company_a):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    _company, owner = company_a
    client.force_login(owner)
    page = client.get(f"/bids/{bids[0].pk}/").content.decode()
    assert experts[1].user.username not in page
    assert AuditEvent.objects.filter(bid=bids[0], actor=experts[1].user).exists()


def test_saving_a_submitted_sheet_again_unchanged_is_not_a_score_change(
    scoring_panel, bids, experts
):
    entries = {
        criterion.pk: {"score": str(criterion.max_score * 4 // 5), "comment": "理由充分"}
        for criterion in scoring_panel.criteria.all()
    }
    services.sheet_save(bids[0], experts[1].user, entries, submit=True)
    services.sheet_save(bids[0], experts[1].user, entries)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SCORE_CHANGED).exists()
