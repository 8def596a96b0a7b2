"""Pages of the company and publisher side, one module per entity: organisations (companies),
the account's own pages, bids, clarifications and the publisher's desk."""

from .account import dashboard, notifications, token_revoke, tokens
from .bids import (
    attachment_add,
    attachment_download,
    attachment_remove,
    bid_break_glass,
    bid_detail,
    bid_start,
    bid_submit,
    bid_withdraw,
    my_bids,
)
from .clarifications import question_answer, question_ask
from .companies import (
    certificate_add,
    certificate_download,
    certificate_remove,
    member_make_owner,
    member_remove,
    members,
    profile,
    signup,
)
from .publisher import publisher_desk

__all__ = [
    "attachment_add",
    "attachment_download",
    "attachment_remove",
    "bid_break_glass",
    "bid_detail",
    "bid_start",
    "bid_submit",
    "bid_withdraw",
    "certificate_add",
    "certificate_download",
    "certificate_remove",
    "dashboard",
    "member_make_owner",
    "member_remove",
    "members",
    "my_bids",
    "notifications",
    "profile",
    "publisher_desk",
    "question_answer",
    "question_ask",
    "signup",
    "token_revoke",
    "tokens",
]
