"""The two sides of a match built from the database: an organisation's or a bid's `Side`, and an
opportunity's. What goes in is what that party wrote itself (an organisation's profile reads its
own bids, never another's)."""

from cms.models import ChallengePage

from .keywords import bid_keywords, opportunity_keywords, organisation_keywords
from .scoring import Side


def _domains(domains):
    return {domain.name: domain.parent.name if domain.parent_id else "" for domain in domains}


def _regions(region):
    names = []
    while region is not None and len(names) < 10:
        names.append(region.name)
        region = region.parent
    return tuple(names)


def opportunity_side(page):
    """An opportunity (specific page) as a match side: keywords, domains, region, targets."""
    keywords = opportunity_keywords(page)
    targets = ()
    if isinstance(page, ChallengePage):
        targets = tuple(target.indicator for target in page.targets.all())
    return Side(
        keywords=keywords.weights,
        surface=keywords.surface,
        domains=_domains(page.domains.select_related("parent")),
        regions=_regions(page.region),
        targets=targets,
    )


def organisation_side(company, past_bids=None):
    keywords = organisation_keywords(company, past_bids=past_bids)
    return Side(
        keywords=keywords.weights,
        surface=keywords.surface,
        domains=_domains(company.domains.select_related("parent")),
        regions=_regions(company.region),
    )


def bid_side(bid):
    """A bid as a match side: its own words, its organisation's domains and region, and the
    targets it commits a value to."""
    keywords = bid_keywords(bid)
    company = bid.company
    answered = frozenset(
        response.indicator
        for response in bid.target_responses.all()
        if response.committed_value.strip()
    )
    return Side(
        keywords=keywords.weights,
        surface=keywords.surface,
        domains=_domains(company.domains.select_related("parent")),
        regions=_regions(company.region),
        answered=answered,
    )
