"""The models of companies, bids, clarifications and the audit trail."""

from .audit import AuditEvent
from .bids import Bid, BidAttachment, BidMilestone, BidTargetResponse
from .clarifications import Clarification, ClarificationAnswerRevision
from .companies import Company, CompanyCertificate, Membership, PublisherMembership

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
    "PublisherMembership",
]
