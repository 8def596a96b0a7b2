"""Selection pages, one module per side (experts, the chair, the publisher, the public),
re-exported here."""

from .experts import assignments

__all__ = ["assignments"]

from .publisher import (
    publisher_advance,
    publisher_eligibility,
    publisher_invite,
    publisher_panel,
    publisher_panel_create,
    publisher_panels,
    publisher_recuse,
    publisher_roadshow,
)

__all__ += [
    "publisher_advance",
    "publisher_eligibility",
    "publisher_invite",
    "publisher_panel",
    "publisher_panel_create",
    "publisher_panels",
    "publisher_recuse",
    "publisher_roadshow",
]
