"""Breaking the seal of a bid before its deadline. Nobody outside the bidding organisation reads
a sealed bid; platform staff who must (a support case the bidder raised, a suspected fraud) state
why, and that reason is written to the audit trail, told to the bidder, and grants that one
account that one bid for a short while (settings.BID_BREAK_GLASS_MINUTES)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify

from ..audit import audit
from ..models import AuditEvent, Bid
from ..selectors import (
    bid_is_sealed,
    break_glass_validity,
    is_staff_reader,
    may_break_glass,
    members_of,
)
from .bid_change import beijing

BREAK_GLASS_REASON_MIN_LENGTH = 20
BREAK_GLASS_REASON_MAX_LENGTH = 1000


def _clean_reason(reason):
    reason = (reason or "").strip()
    if "\x00" in reason:
        raise ValidationError({"reason": [_("Null characters are not allowed.")]})
    if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _(
                        "State why you must read this sealed bid, in at least %(count)d "
                        "characters; the bidder will read it."
                    )
                    % {"count": BREAK_GLASS_REASON_MIN_LENGTH}
                ]
            },
            code="reason_too_short",
        )
    if len(reason) > BREAK_GLASS_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("At most %(count)d characters.") % {"count": BREAK_GLASS_REASON_MAX_LENGTH}
                ]
            }
        )
    return reason


@transaction.atomic
def bid_break_glass_open(bid, actor, *, reason, request=None):
    """Let a staff account read a sealed bid for BID_BREAK_GLASS_MINUTES, for a stated reason:
    audited with the reason and told to every account of the bidding organisation. Returns the
    audit line, which is the grant (selectors.break_glass_grant)."""
    bid = Bid.objects.select_related("company", "opportunity").get(pk=bid.pk)
    now = timezone.now()
    if not is_staff_reader(actor):
        raise PermissionDenied
    if not bid_is_sealed(bid, now):
        raise ValidationError(
            _("The deadline has passed: this bid is no longer sealed."), code="not_sealed"
        )
    if not may_break_glass(actor, bid, now):
        raise PermissionDenied  # the bidder's own accounts read it without breaking anything
    reason = _clean_reason(reason)
    valid_until = now + break_glass_validity()
    grant = audit(
        AuditEvent.Action.BID_BREAK_GLASS,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        reason=reason,
        valid_until=valid_until.isoformat(),
    )
    opportunity = bid.opportunity
    notify(
        members_of(bid.company),
        _("Platform staff opened your sealed bid on “%(title)s”") % {"title": opportunity.title},
        _(
            "%(actor)s, of the platform's staff, opened your bid on “%(title)s” before its "
            "deadline, at %(at)s (Beijing time), giving this reason:\n\n%(reason)s\n\n"
            "The access ends at %(until)s and is recorded in the audit trail. If you did not "
            "expect it, contact the platform."
        )
        % {
            "actor": actor.get_username(),
            "title": opportunity.title,
            "at": beijing(now),
            "reason": reason,
            "until": beijing(valid_until),
        },
        url=reverse("bids:detail", args=[bid.pk]),
    )
    return grant
