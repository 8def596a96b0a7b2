"""Bid attachments: a file checked by its content joins an editable bid, or leaves it, before
the deadline; each change is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit
from ..models import AuditEvent, BidAttachment
from ..uploads import check_attachment
from .bid_change import open_bid_for_change

MAX_ATTACHMENTS_PER_BID = 10


@transaction.atomic
def attachment_add(bid, actor, upload, *, request=None):
    """Check an uploaded file by its content and attach it to an editable bid."""
    bid = open_bid_for_change(bid, actor, request).bid
    if bid.attachments.count() >= MAX_ATTACHMENTS_PER_BID:
        raise ValidationError(
            _("A bid has at most %(count)d attachments.") % {"count": MAX_ATTACHMENTS_PER_BID},
            code="too_many",
        )
    checked = check_attachment(upload)
    attachment = BidAttachment(bid=bid, kind=checked.kind).store(checked, actor)
    audit(
        AuditEvent.Action.BID_ATTACHMENT_ADDED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        file=checked.name,
        sha256=checked.sha256,
    )
    return attachment


@transaction.atomic
def attachment_remove(attachment, actor, *, request=None):
    """Remove a file from an editable bid (not from a withdrawn one) before the deadline."""
    bid = open_bid_for_change(attachment.bid, actor, request).bid
    attachment = BidAttachment.objects.get(pk=attachment.pk, bid=bid)
    name = attachment.original_name
    # The file goes once the row is gone for good, not before a rollback could revive it.
    transaction.on_commit(lambda: attachment.file.delete(save=False))
    attachment.delete()
    audit(
        AuditEvent.Action.BID_ATTACHMENT_REMOVED,
        actor,
        bid=bid,
        from_state=bid.status,
        to_state=bid.status,
        request=request,
        file=name,
    )
