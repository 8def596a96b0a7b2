"""The CMS content model: snippets (taxonomy, regions, organisations) and pages."""

from .pages import (
    ChallengePage,
    ChallengeTarget,
    HomePage,
    OpportunityKeyword,
    OpportunityListPage,
    OpportunityPage,
    PublisherSectionPage,
    RubricCriterion,
    ScenarioPage,
    Status,
)
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
