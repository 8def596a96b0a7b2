"""Roadshows (路演答辩): the publisher gives each eligible bidder a time and a place to present
to the panel, at consensus or during the roadshow stage; slots never overlap, and the bidder is
told the time and place each time it is set or moved."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from scenarios.audit import audit
from scenarios.models import AuditEvent, Bid
from scenarios.selectors import members_of

from ..models import Panel, RoadshowSlot
from ..selectors import bids_before_panel, eligible_bids
from .common import lock_panel, require_manager, require_stage

# Further ahead than this is a typing error (and near the calendar's end, an overflow).
MAX_AHEAD = timedelta(days=366)


def _overlapping(panel, bid, starts_at, ends_at):
    """The panel's other slot that shares any minute with [starts_at, ends_at), or None."""
    for slot in panel.roadshow_slots.exclude(bid=bid):
        slot_ends_at = slot.starts_at + timedelta(minutes=slot.minutes)
        if slot.starts_at < ends_at and starts_at < slot_ends_at:
            return slot
    return None


@transaction.atomic
def roadshow_schedule(panel, bid, actor, *, starts_at, minutes, place, request=None):
    """Set (or move) the bid's roadshow slot. Only for a panel with a roadshow round, at
    consensus or roadshow, for an eligible bid, in the future, never overlapping another slot."""
    panel = lock_panel(panel)
    require_manager(actor, panel)
    require_stage(panel, Panel.Stage.CONSENSUS, Panel.Stage.ROADSHOW)
    if not panel.with_roadshow:
        raise ValidationError(_("This panel has no roadshow round."), code="no_roadshow")
    if not bids_before_panel(panel).filter(pk=bid.pk).exists():
        raise PermissionDenied(_("This bid is not before this panel."))
    if not eligible_bids(panel).filter(pk=bid.pk).exists():
        raise ValidationError(
            {"bid": _("Only a bid that passed the eligibility check goes to the roadshow.")},
            code="not_eligible",
        )
    bid = Bid.objects.select_related("company", "opportunity").get(pk=bid.pk)
    existing = RoadshowSlot.objects.filter(bid=bid).first()
    slot = existing or RoadshowSlot(panel=panel, bid=bid)
    before = (slot.starts_at, slot.minutes, slot.place) if existing else None
    slot.starts_at = starts_at
    slot.minutes = minutes
    slot.place = (place or "").strip()
    if starts_at is not None and timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    slot.full_clean()
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The roadshow must start in the future.")})
    if starts_at > timezone.now() + MAX_AHEAD:
        raise ValidationError({"starts_at": _("The roadshow must start within a year.")})
    clash = _overlapping(panel, bid, starts_at, starts_at + timedelta(minutes=minutes))
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        raise ValidationError(
            {
                "starts_at": _("This time overlaps another slot (%(start)s, %(minutes)d minutes).")
                % {"start": f"{local:%Y-%m-%d %H:%M}", "minutes": clash.minutes}
            },
            code="overlap",
        )
    if before == (slot.starts_at, slot.minutes, slot.place):
        return slot
    slot.save()
    audit(
        AuditEvent.Action.ROADSHOW_SCHEDULED,
        actor,
        bid=bid,
        request=request,
        starts_at=slot.starts_at.isoformat(),
        minutes=slot.minutes,
        place=slot.place,
        rescheduled=existing is not None,
    )
    local = timezone.localtime(slot.starts_at)
    values = {
        "title": bid.opportunity.title,
        "start": f"{local:%Y-%m-%d %H:%M}",
        "minutes": slot.minutes,
        "place": slot.place,
    }
    notify(
        members_of(bid.company),
        (
            _("Roadshow moved: %(title)s")
            if existing is not None
            else _("Roadshow scheduled: %(title)s")
        )
        % values,
        _(
            "Your roadshow for “%(title)s” is at %(start)s (Beijing time), "
            "%(minutes)d minutes, at %(place)s."
        )
        % values,
        url=reverse("bids:detail", args=[bid.pk]),
    )
    return slot
