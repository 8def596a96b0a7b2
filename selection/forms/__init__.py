"""Selection forms, one module per side, re-exported here."""

from .experts import DeclarationForm, ScoreSheetForm, sheet_initial
from .publisher import (
    AdvanceForm,
    EligibilityForm,
    InviteForm,
    PanelForm,
    RecusalForm,
    RoadshowForm,
)

__all__ = [
    "AdvanceForm",
    "DeclarationForm",
    "EligibilityForm",
    "InviteForm",
    "PanelForm",
    "RecusalForm",
    "RoadshowForm",
    "ScoreSheetForm",
    "sheet_initial",
]
