"""Reads of matching: recommended opportunities for an organisation, likely solvers of an
opportunity, and a bid's coverage of its challenge, each with its `Match` (score and reasons).

Candidates come from the one query service (an OR query over the organisation's keywords, so it
scales with the index, not the table), then `match` scores and explains the best of them.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from cms.models import OpportunityPage
from scenarios.models import Bid, Company
from search import text
from search.backends import SearchUnavailable
from search.params import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SearchParams
from search.queries import search_opportunities

from .profiles import bid_side, opportunity_side, organisation_side
from .scoring import match

logger = logging.getLogger(__name__)

# Keywords of the organisation the candidate query asks for (heaviest first): each is a word
# group of the query service, whose cost grows with the groups (8 groups: ~1 s on a busy
# Elasticsearch, 15: ~4 s); the domain candidates and `match` do the rest.
QUERY_KEYWORDS = 8
# Below this score a match is not worth showing.
MIN_SCORE = 0.15
SOLVER_CANDIDATES = 300
SIDE_CACHE_SECONDS = 3600
CANDIDATES_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Scored:
    """An opportunity or an organisation with its match."""

    item: object
    match: object


def cached_opportunity_side(page):
    """The opportunity's side, kept per published revision and user dictionary."""
    key = f"matching:side:{page.pk}:{page.live_revision_id}:{text.dictionary_key()}"
    side = cache.get(key)
    if side is None:
        side = opportunity_side(page)
        cache.set(key, side, SIDE_CACHE_SECONDS)
    return side


def _open_pages(ids=None):
    pages = OpportunityPage.objects.live().open()
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    return pages.specific().select_related("region__parent").prefetch_related("keywords")


def keyword_query(side):
    """The OR query over a side's heaviest keywords (each a word group of its own)."""
    words, length = [], 0
    for term in sorted(side.keywords, key=lambda term: (-side.keywords[term], term)):
        word = side.surface.get(term, term).replace(" ", "")
        if length + len(word) + 1 > MAX_QUERY_LENGTH or len(words) >= QUERY_KEYWORDS:
            break
        words.append(word)
        length += len(word) + 1
    return " ".join(words)


def _candidate_ids(side, domain_ids, backend=None):
    """Open opportunities worth scoring: what the OR query over the side's keywords finds, and
    the open ones in its domains; None when search is down (then every open one is scored)."""
    ids = set()
    query = keyword_query(side)
    if query:
        try:
            ids |= _found_ids(query, backend)
        except SearchUnavailable:
            logger.warning("search unavailable: recommendations read the open pages instead")
            return None
    if domain_ids:
        in_domains = (
            OpportunityPage.objects.live()
            .open()
            .filter(Q(domains__in=domain_ids) | Q(domains__parent__in=domain_ids))
        )
        ids |= set(in_domains.values_list("pk", flat=True).distinct()[:MAX_PAGE_SIZE])
    return ids


def _found_ids(query, backend=None):
    """Ids of the open opportunities the query service finds for `query`, kept for
    CANDIDATES_CACHE_SECONDS (a dashboard is opened again and again; a new opportunity joins
    the candidates that much later, while the scores are always computed afresh)."""
    where = f"{settings.ELASTICSEARCH_URL} {settings.SEARCH_INDEX_ALIAS} {query}"
    key = "matching:found:" + hashlib.sha256(where.encode()).hexdigest()[:32]
    found = cache.get(key) if backend is None else None
    if found is None:
        params = SearchParams(q=query, status="open", page_size=MAX_PAGE_SIZE)
        found = {hit["id"] for hit in search_opportunities(params, backend=backend).hits}
        if backend is None:
            cache.set(key, found, CANDIDATES_CACHE_SECONDS)
    return found


def recommended_for_side(side, domain_ids, *, exclude=(), limit=5, backend=None):
    """Open opportunities best fitted to a side, best first (the evaluation calls this with
    profiles that are not in the database)."""
    ids = _candidate_ids(side, domain_ids, backend=backend)
    pages = _open_pages(ids).exclude(pk__in=exclude)
    scored = [Scored(page, match(side, cached_opportunity_side(page))) for page in pages]
    scored = [entry for entry in scored if entry.match.score >= MIN_SCORE]
    scored.sort(key=lambda entry: (-entry.match.score, entry.item.application_deadline))
    return scored[:limit]


def recommended_opportunities_for(company, limit=5, backend=None):
    """Open opportunities the organisation has not bid on, best match first."""
    bid_on = Bid.objects.active().filter(company=company).values_list("opportunity_id", flat=True)
    return recommended_for_side(
        organisation_side(company),
        list(company.domains.values_list("pk", flat=True)),
        exclude=list(bid_on),
        limit=limit,
        backend=backend,
    )


def match_for(company, page):
    """The organisation's match with one opportunity (the box on the opportunity's page)."""
    return match(organisation_side(company), cached_opportunity_side(page))


def likely_solvers_for(opportunity, limit=10):
    """Verified organisations best fitted to the opportunity, best first.

    Read by the publisher, so an organisation is described by its public profile only
    (capability keywords, description, domains, region): never by its bids, sealed or not, and
    whether it has bid here is not shown.
    """
    side = cached_opportunity_side(opportunity)
    domain_ids = [domain.pk for domain in opportunity.domains.all()]
    companies = (
        Company.objects.filter(verification=Company.Verification.VERIFIED)
        .annotate(
            shared=Count(
                "domains",
                filter=Q(domains__in=domain_ids) | Q(domains__parent__in=domain_ids),
            )
        )
        .order_by("-shared", "name")
        .select_related("region__parent")[:SOLVER_CANDIDATES]
    )
    scored = [
        Scored(company, match(organisation_side(company, past_bids=[]), side))
        for company in companies
    ]
    scored = [entry for entry in scored if entry.match.score >= MIN_SCORE]
    scored.sort(key=lambda entry: (-entry.match.score, entry.item.name))
    return scored[:limit]


def bid_coverage(bid):
    """How the bid covers its opportunity: the `Match` of the bid's own words and target
    responses against the opportunity (keyword_fit, target_fit and the reasons)."""
    page = bid.opportunity.specific
    return match(bid_side(bid), cached_opportunity_side(page))
