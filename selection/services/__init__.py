"""Selection services, one module per entity, re-exported here."""

from .conflicts import (
    DECLARATION_TEXT,
    automatic_conflicts,
    declaration_sign,
    flag_automatic_conflicts,
    recusal_record,
)
from .consensus import consensus_figures, consensus_record, stage_entry_check
from .decisions import decision_return, decision_select, decision_shortlist
from .eligibility import eligibility_mark
from .notices import (
    decision_reopen,
    notice_publish,
    notices_finalise,
    objection_answer,
    objection_file,
)
from .panels import (
    SCENARIO_CRITERIA,
    expert_suggestions,
    invitation_respond,
    member_invite,
    panel_advance,
    panel_create,
)
from .ranking import panel_ranking
from .reading import bid_open_by_expert
from .scoring import clean_scores, sheet_save

__all__ = [
    "DECLARATION_TEXT",
    "SCENARIO_CRITERIA",
    "automatic_conflicts",
    "bid_open_by_expert",
    "clean_scores",
    "consensus_figures",
    "consensus_record",
    "decision_reopen",
    "decision_return",
    "decision_select",
    "decision_shortlist",
    "declaration_sign",
    "eligibility_mark",
    "expert_suggestions",
    "flag_automatic_conflicts",
    "invitation_respond",
    "member_invite",
    "notice_publish",
    "notices_finalise",
    "objection_answer",
    "objection_file",
    "panel_advance",
    "panel_create",
    "panel_ranking",
    "recusal_record",
    "sheet_save",
    "stage_entry_check",
]
