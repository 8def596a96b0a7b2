"""An expert reading a bid: only as the sealing-through-review rule allows, and each expert's
first opening of each bid is written to the audit trail."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from scenarios.audit import audit
from scenarios.models import AuditEvent

from ..models import Panel, PanelMember
from ..selectors import why_expert_may_not_read


@transaction.atomic
def bid_open_by_expert(bid, actor, *, request=None):
    """The actor's seat when it may read the bid, else PermissionDenied. The first opening by
    this expert is audited (BID_OPENED_BY_EXPERT); later readings add nothing."""
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    member = None
    if panel is not None and actor.is_authenticated:
        # Locked, so two first openings at once write one line.
        member = (
            PanelMember.objects.select_for_update(of=("self",))
            .select_related("expert", "panel__opportunity")
            .filter(panel=panel, expert__user=actor)
            .first()
        )
    if why_expert_may_not_read(member, bid) is not None:
        raise PermissionDenied(_("You may not read this bid."))
    opened = AuditEvent.objects.filter(
        action=AuditEvent.Action.BID_OPENED_BY_EXPERT, actor=actor, bid=bid
    ).exists()
    if not opened:
        audit(
            AuditEvent.Action.BID_OPENED_BY_EXPERT,
            actor,
            bid=bid,
            from_state=bid.status,
            to_state=bid.status,
            request=request,
            expert=member.expert.name,
        )
    return member
