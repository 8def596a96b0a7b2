"""The publisher's services: pass marks when forming a panel, consensus waiting for every score
sheet, and roadshow slots (stage, eligibility, no overlap, the bidder told each time)."""

import pytest
from django.core.exceptions import ValidationError

from selection import services
from selection.models import Panel
from selection.selectors import scoring_progress

from .factories_panelpub import consensus_panel, other_publisher, score_everything

pytestmark = pytest.mark.usefixtures("messages_in_english")
__all__ = ["consensus_panel", "other_publisher"]


def test_pass_marks_are_stored_on_the_criteria(rubric, publisher):
    panel = services.panel_create(rubric, publisher, pass_marks={0: "30", 2: "10.5"})
    assert [c.pass_mark for c in panel.criteria.all()] == [30, None, 10.5]


def test_a_pass_mark_above_the_criterion_maximum_names_it(rubric, publisher):
    with pytest.raises(ValidationError) as error:
        services.panel_create(rubric, publisher, min_members=0, pass_marks={1: "31"})
    assert set(error.value.message_dict) == {"min_members", "pass_mark_1"}
    assert not Panel.objects.exists()


def test_consensus_waits_for_every_expected_score_sheet(scoring_panel, bids, experts, publisher):
    services.sheet_save(bids[0], experts[0].user, {}, submit=False)
    with pytest.raises(ValidationError) as error:
        services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS)
    assert f"Bid {bids[0].receipt_number}: 0 of 3 score sheets submitted." in error.value.messages
    assert f"Bid {bids[1].receipt_number}: 0 of 3 score sheets submitted." in error.value.messages
    score_everything(scoring_panel, bids, experts)
    assert (
        services.panel_advance(scoring_panel, publisher, Panel.Stage.CONSENSUS).stage
        == Panel.Stage.CONSENSUS
    )


def test_a_recused_expert_is_not_expected_to_score(scoring_panel, bids, experts, publisher):
    member = scoring_panel.members.get(expert=experts[2])
    services.recusal_record(member, publisher, bid=bids[0], reason="曾为该单位顾问")
    for expert in experts[:2]:
        services.sheet_save(bids[0], expert.user, {}, submit=False)
    assert [(row["expected"], row["submitted"]) for row in scoring_progress(scoring_panel)] == [
        (2, 0),
        (3, 0),
    ]
