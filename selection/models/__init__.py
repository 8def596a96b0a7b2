"""Selection models, one module per entity, re-exported here."""

from .awards import Award
from .conflicts import Recusal
from .consensus import Consensus, ConsensusCriterion
from .eligibility import EligibilityCheck
from .experts import Expert
from .notices import Objection, ObjectionAttachment, ResultNotice
from .panels import Panel, PanelCriterion, PanelMember
from .roadshows import RoadshowSlot
from .scores import CriterionScore, Round, ScoreSheet

__all__ = [
    "Award",
    "Consensus",
    "ConsensusCriterion",
    "CriterionScore",
    "EligibilityCheck",
    "Expert",
    "Objection",
    "ObjectionAttachment",
    "Panel",
    "PanelCriterion",
    "PanelMember",
    "Recusal",
    "ResultNotice",
    "RoadshowSlot",
    "Round",
    "ScoreSheet",
]
