"""Selection pages, one module per side (experts, the chair, the publisher, the public),
re-exported here."""

from .experts import assignments

__all__ = ["assignments"]
from .experts import (
    attachment_download,
    bid_detail,
    compare,
    invitation_respond,
    panel_detail,
    score_sheet,
)

__all__ += [
    "attachment_download",
    "bid_detail",
    "compare",
    "invitation_respond",
    "panel_detail",
    "score_sheet",
]
