"""The match between an organisation (or a bid) and an opportunity: one pure function, `match`,
that returns a score from 0 to 1 and the reasons for it (matched keywords and the synonym they
matched through, domain fit, region fit, and for a bid the targets it answers or leaves out).

Inputs are plain values (`Side`), built from the database by `matching.profiles`, so the score
can be tested, benchmarked and explained without a database.
"""

from dataclasses import dataclass, field

# How much each part weighs; for a bid, target coverage takes its share from the others.
KEYWORD_WEIGHT = 0.65
DOMAIN_WEIGHT = 0.25
REGION_WEIGHT = 0.10
BID_TARGET_WEIGHT = 0.30
# Covering this share of an opportunity's keyword weight is a full keyword fit.
FULL_KEYWORD_SHARE = 0.5
# A domain under the same parent domain fits this much of an exact domain.
NEAR_DOMAIN_FIT = 0.5
MAX_KEYWORD_REASONS = 8


@dataclass(frozen=True)
class Side:
    """One side of a match, as plain values.

    keywords: {preferred term: weight}; surface: {preferred term: the word as written};
    domains: {domain name: its parent's name, or ""}; regions: the region's name and its
    ancestors' (nearest first); targets: the technical targets' indicators (an opportunity's);
    answered: the indicators a bid commits a value to (a bid's, else None).
    """

    keywords: dict = field(default_factory=dict)
    surface: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)
    regions: tuple = ()
    targets: tuple = ()
    answered: frozenset | None = None


@dataclass(frozen=True)
class Reason:
    """One reason of a match. kind: keyword, domain, region, target_answered, target_missing.
    `term` is the shared keyword (or domain, region, indicator); `via` the word the profile
    wrote when it differs (a synonym or abbreviation); `weight` its share of the score."""

    kind: str
    term: str
    via: str = ""
    weight: float = 0.0


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple
    keyword_fit: float = 0.0
    domain_fit: float = 0.0
    region_fit: float = 0.0
    target_fit: float | None = None

    @property
    def percent(self):
        return round(self.score * 100)

    def of_kind(self, kind):
        return [reason for reason in self.reasons if reason.kind == kind]

    @property
    def matched_keywords(self):
        return self.of_kind("keyword")

    @property
    def answered_targets(self):
        return self.of_kind("target_answered")

    @property
    def missing_targets(self):
        return self.of_kind("target_missing")

    @property
    def target_count(self):
        return len(self.answered_targets) + len(self.missing_targets)


def _keyword_fit(profile, opportunity):
    total = sum(opportunity.keywords.values())
    shared = sorted(
        set(profile.keywords) & set(opportunity.keywords),
        key=lambda term: -opportunity.keywords[term] * profile.keywords[term],
    )
    if not total or not shared:
        return 0.0, []
    covered = sum(
        opportunity.keywords[term] * min(1.0, 2 * profile.keywords[term]) for term in shared
    )
    fit = min(1.0, covered / total / FULL_KEYWORD_SHARE)
    reasons = []
    for term in shared[:MAX_KEYWORD_REASONS]:
        shown = opportunity.surface.get(term, term)
        written = profile.surface.get(term, term)
        reasons.append(
            Reason(
                "keyword",
                shown,
                via=written if written != shown else "",
                weight=round(opportunity.keywords[term] / total, 3),
            )
        )
    return fit, reasons


def _domain_fit(profile, opportunity):
    exact = [name for name in opportunity.domains if name in profile.domains]
    if exact:
        return 1.0, [Reason("domain", name) for name in exact]
    parents = {parent or name for name, parent in profile.domains.items()}
    near = [name for name, parent in opportunity.domains.items() if (parent or name) in parents]
    if near:
        return NEAR_DOMAIN_FIT, [Reason("domain", name, weight=NEAR_DOMAIN_FIT) for name in near]
    return 0.0, []


def _region_fit(profile, opportunity):
    """The profile's region is the opportunity's, or lies within it (a district in its city)."""
    if profile.regions and opportunity.regions and opportunity.regions[0] in profile.regions:
        return 1.0, [Reason("region", opportunity.regions[0])]
    return 0.0, []


def _target_fit(profile, opportunity):
    if profile.answered is None or not opportunity.targets:
        return None, []
    reasons = [
        Reason("target_answered" if target in profile.answered else "target_missing", target)
        for target in opportunity.targets
    ]
    answered = sum(reason.kind == "target_answered" for reason in reasons)
    return answered / len(opportunity.targets), reasons


def match(profile, opportunity):
    """How well `profile` (an organisation's or a bid's Side) fits `opportunity`, explained."""
    keyword_fit, keyword_reasons = _keyword_fit(profile, opportunity)
    domain_fit, domain_reasons = _domain_fit(profile, opportunity)
    region_fit, region_reasons = _region_fit(profile, opportunity)
    target_fit, target_reasons = _target_fit(profile, opportunity)
    score = KEYWORD_WEIGHT * keyword_fit + DOMAIN_WEIGHT * domain_fit + REGION_WEIGHT * region_fit
    if target_fit is not None:
        score = (1 - BID_TARGET_WEIGHT) * score + BID_TARGET_WEIGHT * target_fit
    return Match(
        score=round(min(1.0, score), 4),
        reasons=tuple(keyword_reasons + domain_reasons + region_reasons + target_reasons),
        keyword_fit=round(keyword_fit, 4),
        domain_fit=domain_fit,
        region_fit=region_fit,
        target_fit=target_fit,
    )
