"""Selection services, one module per entity, re-exported here."""

from .conflicts import (
    DECLARATION_TEXT,
    automatic_conflicts,
    declaration_sign,
    flag_automatic_conflicts,
    recusal_record,
)
from .eligibility import eligibility_mark
from .panels import (
    SCENARIO_CRITERIA,
    expert_suggestions,
    invitation_respond,
    member_invite,
    panel_advance,
    panel_create,
)
from .scoring import clean_scores, sheet_save

__all__ = [
    "DECLARATION_TEXT",
    "SCENARIO_CRITERIA",
    "automatic_conflicts",
    "clean_scores",
    "declaration_sign",
    "eligibility_mark",
    "expert_suggestions",
    "flag_automatic_conflicts",
    "invitation_respond",
    "member_invite",
    "panel_advance",
    "panel_create",
    "recusal_record",
    "sheet_save",
]

from .notices import (
    decision_reopen,
    notice_publish,
    notices_finalise,
    objection_answer,
    objection_file,
)

__all__ += [
    "decision_reopen",
    "notice_publish",
    "notices_finalise",
    "objection_answer",
    "objection_file",
]
