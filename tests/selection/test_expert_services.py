"""The expert's services: answering an invitation, and saving a sheet whose figures did not
change."""

import pytest
from django.core.exceptions import ValidationError

from scenarios.models import AuditEvent
from selection import services
from selection.models import PanelMember
from tests.scenarios.conftest import close

from .conftest import full_scores

pytestmark = pytest.mark.usefixtures("messages_in_english")


def test_declining_an_invitation_needs_a_reason(rubric, publisher, experts):
    panel = services.panel_create(rubric, publisher)
    member = services.member_invite(panel, experts[3], publisher)
    with pytest.raises(ValidationError) as error:
        services.invitation_respond(member, experts[3].user, accept=False, reason="  ")
    assert "reason" in error.value.message_dict
    member.refresh_from_db()
    assert member.status == PanelMember.Status.INVITED
    services.invitation_respond(member, experts[3].user, accept=False, reason="出差在外")
    member.refresh_from_db()
    assert (member.status, member.declined_reason) == (PanelMember.Status.DECLINED, "出差在外")


def test_saving_a_submitted_sheet_with_the_same_figures_is_not_a_change(
    scoring_panel, bids, experts
):
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel), submit=True)
    services.sheet_save(bids[0], experts[1].user, full_scores(scoring_panel))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SCORE_CHANGED).exists()


def test_the_declaration_waits_for_the_arrival_queue_window(panel, bids, experts):
    """Bids still in the arrival queue just after the deadline are not yet before the panel: a
    declaration signed then would not name them."""
    close(panel.opportunity, seconds_ago=1)
    member = panel.members.get(expert=experts[1])
    with pytest.raises(ValidationError):
        services.declaration_sign(member, experts[1].user)
