"""Forming a panel and reaching expert scoring: defaults, criteria copied from the rubric,
invitations, the stage rules, declarations and automatic conflicts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scenarios.models import AuditEvent
from selection import selectors, services
from selection.models import Panel, PanelMember, Recusal

from .conftest import make_expert

pytestmark = pytest.mark.usefixtures("messages_in_english")


def test_panel_copies_the_rubric_and_takes_the_challenge_defaults(panel):
    assert [(c.name, c.max_score) for c in panel.criteria.all()] == [
        ("技术方案", 50),
        ("团队能力", 30),
        ("实施计划", 20),
    ]
    assert panel.with_roadshow is True
    assert panel.min_members == 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PANEL_FORMED).count() == 1


def test_only_the_publisher_of_the_opportunity_forms_its_panel(rubric, experts):
    with pytest.raises(PermissionDenied):
        services.panel_create(rubric, experts[0].user)


def test_a_second_chair_is_refused(panel, experts, publisher):
    with pytest.raises(ValidationError):
        services.member_invite(panel, experts[3], publisher, role=PanelMember.Role.CHAIR)


def test_eligibility_check_waits_for_the_deadline(panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.panel_advance(panel, publisher, Panel.Stage.ELIGIBILITY)
    assert "deadline" in str(error.value)


def test_scoring_needs_every_bid_checked(closed_panel, bids, publisher):
    services.eligibility_mark(bids[0], publisher, eligible=True)
    with pytest.raises(ValidationError) as error:
        services.panel_advance(closed_panel, publisher, Panel.Stage.SCORING)
    assert "1 bids have not been checked" in str(error.value)


def test_an_ineligible_bid_needs_a_reason(closed_panel, bids, publisher):
    with pytest.raises(ValidationError) as error:
        services.eligibility_mark(bids[0], publisher, eligible=False)
    assert "reason" in error.value.message_dict


def test_expert_reads_no_bid_before_declaring(closed_panel, bids, publisher, experts):
    for bid in bids:
        services.eligibility_mark(bid, publisher, eligible=True)
    services.panel_advance(closed_panel, publisher, Panel.Stage.SCORING)
    member = selectors.membership_of(experts[1].user, closed_panel)
    assert selectors.why_expert_may_not_read(member, bids[0]) == "not_declared"
    services.declaration_sign(member, experts[1].user)
    member.refresh_from_db()
    assert selectors.why_expert_may_not_read(member, bids[0]) is None


def test_an_expert_employed_by_a_bidder_is_recused_from_that_bid(
    closed_panel, bids, publisher, company_a
):
    company, _user = company_a
    insider = make_expert("insider", "周工", company.name, uscc=company.uscc)
    member = services.member_invite(closed_panel, insider, publisher)
    services.invitation_respond(member, insider.user, accept=True)
    services.declaration_sign(member, insider.user)
    recusal = Recusal.objects.get(member=member)
    assert recusal.bid == bids[0]
    assert recusal.source == Recusal.Source.AFFILIATION
    member.refresh_from_db()
    assert selectors.why_expert_may_not_read(member, bids[0]) == "recused"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPERT_RECUSED, bid=bids[0]).exists()


def test_an_expert_named_on_the_team_is_recused(closed_panel, bids, publisher):
    named = make_expert("zhangsan", "张三", "某大学")
    member = services.member_invite(closed_panel, named, publisher)
    services.invitation_respond(member, named.user, accept=True)
    services.declaration_sign(member, named.user)
    assert set(Recusal.objects.filter(member=member).values_list("source", flat=True)) == {
        Recusal.Source.TEAM
    }


def test_suggestions_leave_out_experts_of_the_issuer(panel, publisher, rubric):
    issuer = rubric.issuer
    make_expert("issuer_expert", "孙工", issuer.name, keywords="缺陷检测")
    names = [row["expert"].name for row in services.expert_suggestions(panel)]
    assert "孙工" not in names
    assert "赵晓东" in names
