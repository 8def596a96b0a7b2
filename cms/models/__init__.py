"""The CMS content model: snippets (taxonomy, regions, organisations) and pages."""

from .challenges import ChallengePage, ChallengeTarget, RubricCriterion
from .listings import HomePage, OpportunityListPage, PublisherSectionPage
from .opportunities import OpportunityKeyword, OpportunityPage, Status
from .scenarios import ScenarioPage
from .snippets import Domain, Organization, Region

__all__ = [
    "ChallengePage",
    "ChallengeTarget",
    "Domain",
    "HomePage",
    "OpportunityKeyword",
    "OpportunityListPage",
    "OpportunityPage",
    "Organization",
    "PublisherSectionPage",
    "Region",
    "RubricCriterion",
    "ScenarioPage",
    "Status",
]
