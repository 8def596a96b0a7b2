"""Selection pages, one module per side (experts, the chair, the publisher, the public),
re-exported here."""

from .experts import assignments

__all__ = ["assignments"]

from .notices import (
    notice_create,
    notice_detail,
    notice_objections,
    objection_attachment,
    objection_create,
)

__all__ += [
    "notice_create",
    "notice_detail",
    "notice_objections",
    "objection_attachment",
    "objection_create",
]
