"""Selection forms, one module per side, re-exported here."""

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
    "EligibilityForm",
    "InviteForm",
    "PanelForm",
    "RecusalForm",
    "RoadshowForm",
]
