"""The publisher's services: pass marks when forming a panel, consensus waiting for every score
sheet, and roadshow slots (stage, eligibility, no overlap, the bidder told each time)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from scenarios.models import AuditEvent
from selection import services
from selection.models import Panel, PanelMember, RoadshowSlot, Round
from selection.selectors import scoring_progress

from .conftest import full_scores
from .factories_panelpub import (
    agree_on,
    consensus_panel,
    in_days,
    other_publisher,
    score_everything,
)

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
    for expert in experts[:3]:
        assert f"{expert.name} has not submitted 2 score sheets." in error.value.messages
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


def test_roadshow_waits_for_consensus(scoring_panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.roadshow_schedule(
            scoring_panel, bids[0], publisher, starts_at=in_days(3), minutes=20, place="301 会议室"
        )
    assert error.value.code == "wrong_stage"


def test_roadshow_slot_notifies_the_bidder_with_time_and_place(consensus_panel, bids, publisher):
    slot = services.roadshow_schedule(
        consensus_panel,
        bids[0],
        publisher,
        starts_at=in_days(3, 9, 30),
        minutes=20,
        place="科技局 301 会议室",
    )
    note = Notification.objects.get(user__username="company_a", subject__startswith="Roadshow")
    assert note.subject.startswith("Roadshow scheduled")
    assert f"{in_days(3, 9, 30):%Y-%m-%d} 09:30" in note.body
    assert "科技局 301 会议室" in note.body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROADSHOW_SCHEDULED).count() == 1
    assert slot.panel == consensus_panel


def test_moving_a_roadshow_slot_notifies_again(consensus_panel, bids, publisher):
    for hour in (9, 14):
        services.roadshow_schedule(
            consensus_panel, bids[0], publisher, starts_at=in_days(3, hour), minutes=20, place="A"
        )
    notes = Notification.objects.filter(
        user__username="company_a", subject__startswith="Roadshow"
    ).order_by("pk")
    assert [note.subject.split(":")[0] for note in notes] == [
        "Roadshow scheduled",
        "Roadshow moved",
    ]
    assert "14:00" in notes.last().body
    assert RoadshowSlot.objects.count() == 1


def test_overlapping_roadshow_slots_are_refused(consensus_panel, bids, publisher):
    services.roadshow_schedule(
        consensus_panel, bids[0], publisher, starts_at=in_days(3, 9), minutes=30, place="A"
    )
    with pytest.raises(ValidationError) as error:
        services.roadshow_schedule(
            consensus_panel, bids[1], publisher, starts_at=in_days(3, 9, 20), minutes=30, place="A"
        )
    assert "overlaps" in error.value.message_dict["starts_at"][0]
    assert (
        not Notification.objects.filter(user__username="company_b")
        .filter(subject__startswith="Roadshow")
        .exists()
    )
    back_to_back = services.roadshow_schedule(
        consensus_panel, bids[1], publisher, starts_at=in_days(3, 9, 30), minutes=30, place="A"
    )
    assert back_to_back.starts_at - in_days(3, 9) == timedelta(minutes=30)


def test_a_roadshow_in_the_past_names_the_time(consensus_panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.roadshow_schedule(
            consensus_panel, bids[0], publisher, starts_at=in_days(-1), minutes=20, place="A"
        )
    assert "starts_at" in error.value.message_dict


def test_only_an_eligible_bid_goes_to_the_roadshow(closed_panel, bids, experts, publisher):
    services.eligibility_mark(bids[0], publisher, eligible=True)
    services.eligibility_mark(bids[1], publisher, eligible=False, reason="缺少营业执照")
    for member in closed_panel.members.all():
        services.declaration_sign(member, member.expert.user)
    services.panel_advance(closed_panel, publisher, Panel.Stage.SCORING)
    for expert in experts[:3]:
        services.sheet_save(bids[0], expert.user, full_scores(closed_panel), submit=True)
    services.panel_advance(closed_panel, publisher, Panel.Stage.CONSENSUS)
    with pytest.raises(ValidationError) as error:
        services.roadshow_schedule(
            closed_panel, bids[1], publisher, starts_at=in_days(2), minutes=20, place="A"
        )
    assert "bid" in error.value.message_dict


def test_another_organisations_publisher_cannot_schedule(consensus_panel, bids, other_publisher):
    with pytest.raises(PermissionDenied):
        services.roadshow_schedule(
            consensus_panel, bids[0], other_publisher, starts_at=in_days(2), minutes=20, place="A"
        )


def test_a_chair_recused_from_the_opportunity_can_be_replaced(panel, experts, publisher):
    chair = panel.members.get(role=PanelMember.Role.CHAIR)
    services.recusal_record(chair, publisher, reason="与发榜单位存在合作关系")
    new_chair = services.member_invite(panel, experts[3], publisher, role=PanelMember.Role.CHAIR)
    assert new_chair.role == PanelMember.Role.CHAIR
    chair.refresh_from_db()
    assert (chair.role, chair.status) == (PanelMember.Role.MEMBER, PanelMember.Status.RECUSED)


def test_the_decision_waits_for_every_roadshow_sheet(consensus_panel, bids, experts, publisher):
    services.roadshow_schedule(
        consensus_panel, bids[0], publisher, starts_at=in_days(2), minutes=30, place="A"
    )
    services.panel_advance(consensus_panel, publisher, Panel.Stage.ROADSHOW)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(
            bids[1], experts[0].user, full_scores(consensus_panel), round=Round.ROADSHOW
        )
    assert error.value.code == "not_in_roadshow"
    services.sheet_save(
        bids[0], experts[0].user, full_scores(consensus_panel), submit=True, round=Round.ROADSHOW
    )
    with pytest.raises(ValidationError) as error:
        services.panel_advance(consensus_panel, publisher, Panel.Stage.DECISION)
    assert error.value.messages == [
        f"{experts[1].name} has not submitted 1 score sheets.",
        f"{experts[2].name} has not submitted 1 score sheets.",
        "1 bids have no roadshow consensus yet.",
    ]
    for expert in experts[1:3]:
        services.sheet_save(
            bids[0], expert.user, full_scores(consensus_panel), submit=True, round=Round.ROADSHOW
        )
    agree_on(consensus_panel, bids[0], experts[0], round=Round.ROADSHOW)
    panel = services.panel_advance(consensus_panel, publisher, Panel.Stage.DECISION)
    assert panel.stage == Panel.Stage.DECISION


def test_a_roadshow_stage_without_any_slot_cannot_reach_the_decision(consensus_panel, publisher):
    services.panel_advance(consensus_panel, publisher, Panel.Stage.ROADSHOW)
    with pytest.raises(ValidationError) as error:
        services.panel_advance(consensus_panel, publisher, Panel.Stage.DECISION)
    assert error.value.messages == ["No bid has a roadshow slot."]
