"""The models of companies, bids, clarifications, notifications and the audit trail."""

from .audit import AuditEvent
from .bids import Bid, BidAttachment, BidMilestone, BidTargetResponse
from .clarifications import Clarification, ClarificationAnswerRevision
from .companies import Company, CompanyCertificate, Membership, PublisherMembership
from .notifications import Notification

__all__ = [
    "AuditEvent",
    "Bid",
    "BidAttachment",
    "BidMilestone",
    "BidTargetResponse",
    "Clarification",
    "ClarificationAnswerRevision",
    "Company",
    "CompanyCertificate",
    "Membership",
    "Notification",
    "PublisherMembership",
]
