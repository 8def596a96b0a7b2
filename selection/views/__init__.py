"""Selection pages, one module per side (experts, the chair, the publisher, the public),
re-exported here."""

from .experts import assignments

__all__ = ["assignments"]
from .records import records_xlsx, sheet_print

__all__ += ["records_xlsx", "sheet_print"]
