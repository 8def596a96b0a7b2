"""Selection pages, one module per side (experts, the chair, the publisher, the public),
re-exported here."""

from .experts import assignments

__all__ = ["assignments"]
