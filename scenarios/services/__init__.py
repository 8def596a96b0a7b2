"""Workflows of organisations, bids and clarifications, one module per entity. Views, forms, the
API and tasks call these; each one checks its own rules on the server, writes its audit line and
its notifications in the same transaction, and raises ValidationError naming what is wrong."""

from .amendments import opportunity_amended
from .attachments import MAX_ATTACHMENTS_PER_BID, attachment_add, attachment_remove
from .bid_change import BID_FIELDS
from .bids import bid_create, bid_opened, bid_submit, bid_update, bid_withdraw
from .clarifications import question_answer, question_ask
from .companies import (
    MAX_CERTIFICATES_PER_COMPANY,
    certificate_add,
    certificate_remove,
    company_register,
    company_update,
    company_verify,
    member_add,
    member_remove,
    ownership_transfer,
)
from .publishers import publisher_scopes_sync
from .sealing import bid_break_glass_open
from .tokens import token_create, token_revoke

__all__ = [
    "BID_FIELDS",
    "MAX_ATTACHMENTS_PER_BID",
    "MAX_CERTIFICATES_PER_COMPANY",
    "attachment_add",
    "attachment_remove",
    "bid_break_glass_open",
    "bid_create",
    "bid_opened",
    "bid_submit",
    "bid_update",
    "bid_withdraw",
    "certificate_add",
    "certificate_remove",
    "company_register",
    "company_update",
    "company_verify",
    "member_add",
    "member_remove",
    "opportunity_amended",
    "ownership_transfer",
    "publisher_scopes_sync",
    "question_answer",
    "question_ask",
    "token_create",
    "token_revoke",
]
