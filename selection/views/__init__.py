"""Selection pages, one module per side (experts, the chair, the publisher, the public), re-exported here."""

from .consensus import consensus, consensus_save
from .decisions import decision, select, shortlist
from .experts import (
    assignments,
    attachment_download,
    bid_detail,
    compare,
    invitation_respond,
    panel_detail,
    score_sheet,
)
from .notices import (
    notice_create,
    notice_detail,
    notice_objections,
    objection_attachment,
    objection_create,
)

__all__ = [
    "assignments",
    "attachment_download",
    "bid_detail",
    "compare",
    "consensus",
    "consensus_save",
    "decision",
    "invitation_respond",
    "notice_create",
    "notice_detail",
    "notice_objections",
    "objection_attachment",
    "objection_create",
    "panel_detail",
    "score_sheet",
    "select",
    "shortlist",
]
