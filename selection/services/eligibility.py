"""The eligibility check (形式审查): the publisher marks each bid before the panel eligible or
not, with a reason that is sent to the bidder."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid
from scenarios.selectors import members_of

from ..models import EligibilityCheck, Panel
from ..selectors import bids_before_panel
from .common import lock_panel, require_manager, require_stage


@transaction.atomic
def eligibility_mark(bid, actor, *, eligible, reason="", request=None):
    """Record the check of one bid; a bid found ineligible needs a reason, and its organisation
    is told the result either way."""
    panel = Panel.objects.filter(opportunity_id=bid.opportunity_id).first()
    if panel is None:
        raise PermissionDenied(_("This opportunity has no review panel."))
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.ELIGIBILITY)
    if not bids_before_panel(panel).filter(pk=bid.pk).exists():
        raise PermissionDenied(_("This bid is not before this panel."))
    reason = (reason or "").strip()
    if not eligible and not reason:
        raise ValidationError({"reason": _("Say why the bid is not eligible.")}, code="required")
    if len(reason) > 1000:
        raise ValidationError({"reason": _("At most 1000 characters.")}, code="max_length")
    bid = Bid.objects.select_related("company", "opportunity").get(pk=bid.pk)
    check, _created = EligibilityCheck.objects.update_or_create(
        bid=bid, defaults={"eligible": eligible, "reason": reason, "checked_by": actor}
    )
    audit(
        AuditEvent.Action.ELIGIBILITY_MARKED,
        actor,
        bid=bid,
        request=request,
        eligible=eligible,
        reason=reason,
    )
    title = bid.opportunity.title
    notify(
        members_of(bid.company),
        (
            _("Your bid passed the eligibility check: %(title)s")
            if eligible
            else _("Your bid did not pass the eligibility check: %(title)s")
        )
        % {"title": title},
        reason or _("Your bid goes on to the expert review."),
        url=reverse("bids:detail", args=[bid.pk]),
    )
    return check
