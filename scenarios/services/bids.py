"""Bid workflows (揭榜申报): start a draft, edit it, submit it before the deadline, withdraw it,
and record an opening by someone outside the bidding organisation. The opening steps every change
repeats are in bid_change.py; the field checks there are the ones the site and the API share."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ChallengePage
from notifications.services import notify

from ..arrival import arrival_time
from ..audit import audit
from ..models import AuditEvent, Bid, BidMilestone, BidTargetResponse
from ..selectors import members_of
from .bid_change import (
    beijing,
    check_funding,
    clean_bid_fields,
    clean_milestones,
    clean_target_responses,
    ensure_accepting,
    ensure_member,
    ensure_verified,
    open_bid_for_change,
)

# Receipt numbers carry no sequence: they must not tell how many bids the platform holds.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_RANDOM_LENGTH = 10


@transaction.atomic
def bid_create(company, opportunity, actor, *, fields, request=None):
    """Start a draft bid. One active bid per organisation and opportunity."""
    ensure_member(company.pk, actor)
    ensure_verified(company)
    opportunity = opportunity.specific
    ensure_accepting(opportunity, arrival_time(request))
    fields = clean_bid_fields(fields)
    check_funding(opportunity, fields.get("requested_funding_wan"))
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                company=company, opportunity=opportunity, created_by=actor, **fields
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Your organisation already has a bid on this opportunity; open it from My bids."),
            code="duplicate",
        ) from error
    if isinstance(opportunity, ChallengePage):
        BidTargetResponse.objects.bulk_create(
            BidTargetResponse(
                bid=bid,
                target=target,
                indicator=target.indicator,
                target_value=f"{target.target_value}{target.unit}",
                sort_order=index,
            )
            for index, target in enumerate(opportunity.targets.all())
        )
    audit(AuditEvent.Action.BID_CREATED, actor, bid=bid, to_state=bid.status, request=request)
    return bid


@transaction.atomic
def bid_update(bid, actor, *, fields, target_responses=None, milestones=None, request=None):
    """Edit a draft or submitted bid before the deadline.

    target_responses: {response id: {"committed_value", "approach"}};
    milestones: [{"month", "deliverable"}] replacing the timeline.
    """
    change = open_bid_for_change(bid, actor, request)
    bid, opportunity = change.bid, change.opportunity
    fields = clean_bid_fields(fields)
    target_responses = clean_target_responses(target_responses)
    if milestones is not None:
        milestones = clean_milestones(milestones)
    check_funding(opportunity, fields.get("requested_funding_wan", bid.requested_funding_wan))
    for name, value in fields.items():
        setattr(bid, name, value)
    bid.full_clean(exclude=["company", "opportunity", "created_by"])
    bid.save()
    if target_responses:
        responses = {r.pk: r for r in bid.target_responses.filter(pk__in=target_responses)}
        unknown = sorted(set(target_responses) - set(responses))
        if unknown:
            raise ValidationError(
                {
                    f"target_responses[{pk}]": [_("This bid has no such target response.")]
                    for pk in unknown
                }
            )
        for pk, values in target_responses.items():
            for name, value in values.items():
                setattr(responses[pk], name, value)
            responses[pk].save()
    if milestones is not None:
        bid.milestones.all().delete()
        BidMilestone.objects.bulk_create(BidMilestone(bid=bid, **row) for row in milestones)
    if bid.status == Bid.Status.SUBMITTED:
        missing = _missing_for_submission(bid, opportunity)
        if missing:
            raise ValidationError(
                _("A submitted bid must stay complete; fill in: %(missing)s.")
                % {"missing": "、".join(missing)},
                code="incomplete",
            )
    audit(
        AuditEvent.Action.BID_UPDATED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        fields=sorted(fields),
    )
    return bid


def _missing_for_submission(bid, opportunity):
    missing = []
    if not bid.summary.strip():
        missing.append(_("summary"))
    if not bid.approach.strip():
        missing.append(_("technical approach"))
    if isinstance(opportunity, ChallengePage):
        unanswered = bid.target_responses.filter(committed_value="").count()
        if unanswered:
            missing.append(
                _("the committed value of %(count)d technical target(s)") % {"count": unanswered}
            )
    return missing


def new_receipt_number(now):
    """A receipt number: the day and a random part, no sequence (it must not tell how many bids
    the platform holds)."""
    token = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_RANDOM_LENGTH))
    return f"R{timezone.localdate(now):%Y%m%d}-{token}"


@transaction.atomic
def bid_submit(bid, actor, *, request=None):
    """Submit (or re-submit after an edit) before the deadline; the first submission gets the
    receipt number. Submitting twice is harmless: the second call changes nothing."""
    change = open_bid_for_change(bid, actor, request, editing=False)
    bid, opportunity, now = change.bid, change.opportunity, change.now
    if bid.status == Bid.Status.SUBMITTED:
        return bid
    if bid.status != Bid.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted; this bid is %(status)s.")
            % {"status": bid.get_status_display()},
            code="not_draft",
        )
    ensure_verified(bid.company)
    missing = _missing_for_submission(bid, opportunity)
    if missing:
        raise ValidationError(
            _("Before submitting, fill in: %(missing)s.") % {"missing": "、".join(missing)},
            code="incomplete",
        )
    before = bid.status
    bid.status = Bid.Status.SUBMITTED
    bid.submitted_at = now
    bid.bidder_name = bid.company.name
    bid.bidder_uscc = bid.company.uscc or ""
    if not bid.receipt_number:
        bid.receipt_number = new_receipt_number(now)
    bid.save()
    audit(
        AuditEvent.Action.BID_SUBMITTED,
        actor,
        bid=bid,
        from_state=before,
        to_state=bid.status,
        request=request,
        receipt=bid.receipt_number,
        at=now.isoformat(),
    )
    notify(
        members_of(bid.company),
        _("Bid received: %(receipt)s") % {"receipt": bid.receipt_number},
        _(
            "Your bid on “%(title)s” was received at %(at)s (Beijing time) with receipt number "
            "%(receipt)s. It can be edited or withdrawn until %(deadline)s."
        )
        % {
            "title": opportunity.title,
            "at": beijing(now),
            "receipt": bid.receipt_number,
            "deadline": beijing(opportunity.application_deadline),
        },
        url=reverse("bids:detail", args=[bid.pk]),
    )
    return bid


@transaction.atomic
def bid_withdraw(bid, actor, *, request=None):
    """Withdraw a draft or submitted bid before the deadline; a new one may be started after.
    An organisation being verified again may still withdraw."""
    change = open_bid_for_change(bid, actor, request, editing=False)
    bid = change.bid
    if bid.status not in (Bid.Status.DRAFT, Bid.Status.SUBMITTED):
        raise ValidationError(_("This bid cannot be withdrawn."), code="not_withdrawable")
    before = bid.status
    bid.status = Bid.Status.WITHDRAWN
    bid.withdrawn_at = change.now
    bid.save()
    audit(
        AuditEvent.Action.BID_WITHDRAWN,
        actor,
        bid=bid,
        from_state=before,
        to_state=bid.status,
        request=request,
    )
    return bid


def bid_opened(bid, actor, *, request=None):
    """Record that someone outside the bidding organisation opened a sealed bid."""
    action = (
        AuditEvent.Action.BID_OPENED_BY_PUBLISHER
        if hasattr(actor, "publisher_membership")
        else AuditEvent.Action.BID_VIEWED_BY_STAFF
    )
    audit(action, actor, bid=bid, from_state=bid.status, to_state=bid.status, request=request)
