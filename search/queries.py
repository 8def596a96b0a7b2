"""The opportunity query service: synonym expansion, the Elasticsearch query body (one class per
use case), and `search_opportunities`, which the search page, the API and matching all call.

The values a search is asked and answers (`SearchParams`, `QueryTerms`, `SearchResults`) live in
`search.params`, which the backends import; this module imports the backends, never the reverse.
"""

import difflib

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Q, Search

from cms.models import Status

from . import text
from .backends import get_backend
from .params import (
    FACETS,
    FIELD_BOOSTS,
    MAX_GROUPS,
    MAX_QUERY_LENGTH,
    PHRASE_BOOST,
    QueryTerms,
    SearchParams,
)

# SearchParams is re-exported: callers that run a search (evaluation, benches) import both here.
__all__ = ["OpportunitySearchQuery", "SearchParams", "expand_query", "search_opportunities"]


def synonym_groups():
    """Every synonym group as normalised terms (read per search: an edit applies at once)."""
    from .models import Synonym

    return [
        [text.normalize(term) for term in synonym.term_list()] for synonym in Synonym.objects.all()
    ]


def expand_query(raw):
    """Split the query into words (jieba, precise mode) and add each word's synonyms.

    A synonym term that spans several words (新能源汽车) is recognised before splitting.
    """
    query = text.normalize(raw)[:MAX_QUERY_LENGTH]
    if not query:
        return QueryTerms(raw="", groups=[])
    by_term = {term: group for group in synonym_groups() for term in group}
    result = []
    for chunk in query.split(" "):
        if chunk in by_term:
            result.append(list(by_term[chunk]))
            continue
        chunk_words = text.words(chunk, for_query=True)
        content_words = [word for word in chunk_words if word not in text.QUERY_STOPWORDS]
        for word in content_words or chunk_words:
            alternatives = list(by_term.get(word, [word]))
            if word not in alternatives:
                alternatives.insert(0, word)
            if alternatives not in result:
                result.append(alternatives)
    return QueryTerms(raw=query, groups=result[:MAX_GROUPS])


class OpportunitySearchQuery:
    """One search of opportunities: its `SearchParams` and `QueryTerms`, and its Elasticsearch
    body (text query, filters as a post_filter, each facet counted under every filter but its
    own, highlights, sort and page). A backend is handed this object: Elasticsearch runs
    `build()`, the embedded backend writes its SQL from `params` and `terms`."""

    def __init__(self, params, terms, now=None):
        self.params = params
        self.terms = terms
        self.now = now or timezone.now()

    def build(self, index, fields="both"):
        """The body for `index`, matching the text fields, their jieba-word twins, or both."""
        search = Search(index=index).query(self.scored(self.text_query(fields)))
        filters = self.filter_clauses()
        if filters:
            search = search.post_filter("bool", filter=list(filters.values()))
        for name in FACETS:
            others = [clause for facet, clause in filters.items() if facet != name]
            bucket = search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))
            self.facet_agg(bucket, name)
        search = self.sorted(search)
        if self.terms:
            search = (
                search.highlight_options(
                    pre_tags=["<mark>"],
                    post_tags=["</mark>"],
                    encoder="html",
                    fragment_size=80,
                    number_of_fragments=2,
                    no_match_size=0,
                )
                .highlight("title", number_of_fragments=0)
                .highlight("summary")
                .highlight("body")
            )
        start = self.params.offset
        return search.extra(track_total_hits=True)[start : start + self.params.page_size]

    # -- text --------------------------------------------------------------------------------
    def text_query(self, fields="both"):
        if not self.terms:
            return Q("match_all")
        groups = [self.group_query(group, fields) for group in self.terms.groups]
        required = self.terms.required_groups
        phrase = text.normalize(self.terms.raw)
        return Q(
            "bool",
            must=[Q("bool", should=groups, minimum_should_match=required)],
            should=[
                Q("match_phrase", **{name: {"query": phrase, "boost": boost * PHRASE_BOOST}})
                for name, boost in FIELD_BOOSTS.items()
                if fields != "words"
            ],
        )

    def group_query(self, alternatives, fields="both"):
        clauses = []
        for alternative in alternatives:
            if fields in ("both", "words"):
                words = text.words_text(alternative, for_query=True)
                if words:
                    clauses.append(
                        Q(
                            "multi_match",
                            query=words,
                            fields=[
                                f"{name}_words^{boost}" for name, boost in FIELD_BOOSTS.items()
                            ],
                            type="best_fields",
                            operator="and",
                        )
                    )
            if fields in ("both", "text") or (text.has_han(alternative) and len(alternative) == 1):
                clauses.extend(
                    Q("match_phrase", **{name: {"query": alternative, "boost": boost}})
                    for name, boost in FIELD_BOOSTS.items()
                )
        return Q("dis_max", queries=clauses, tie_breaker=0.3)

    def scored(self, query):
        """For the deadline sort, the score only says whether the deadline is still ahead
        (no scripts on the core server): those come first, each group soonest first."""
        if self.params.sort != "deadline":
            return query
        ahead = Q("constant_score", filter=Q("range", deadline={"gte": self.now.isoformat()}))
        return Q("bool", filter=[query], should=[ahead])

    # -- filters and facets ------------------------------------------------------------------
    def filter_clauses(self):
        params, clauses = self.params, {}
        if params.kind:
            clauses["kind"] = Q("term", kind=params.kind)
        if params.domain:
            clauses["domain"] = Q("term", domains=params.domain)
        if params.region:
            clauses["region"] = Q("term", region=params.region)
        if params.level:
            clauses["level"] = Q("term", level=params.level)
        if params.list_id:
            clauses["list"] = Q("term", list_id=params.list_id)
        if params.status:
            clauses["status"] = self.status_clause(params.status)
        amount = {}
        if params.amount_min is not None:
            amount["gte"] = params.amount_min
        if params.amount_max is not None:
            amount["lte"] = params.amount_max
        if amount:
            clauses["amount"] = Q("range", amount_wan=amount)
        deadline = {}
        if params.deadline_from:
            deadline["gte"] = params.deadline_from.isoformat()
        if params.deadline_to:
            deadline["lte"] = params.deadline_to.isoformat()
        if deadline:
            clauses["deadline"] = Q("range", deadline=dict(deadline, time_zone=settings.TIME_ZONE))
        return clauses

    def status_clause(self, status):
        now = self.now.isoformat()
        if status == Status.UPCOMING:
            return Q("range", opens_at={"gt": now})
        if status == Status.CLOSED:
            return Q("range", deadline={"lt": now})
        return Q(
            "bool",
            filter=[Q("range", deadline={"gte": now})],
            must_not=[Q("range", opens_at={"gt": now})],
        )

    def facet_agg(self, bucket, name):
        if name == "status":
            bucket.bucket(
                "values",
                "filters",
                filters={status.value: self.status_clause(status) for status in Status},
            )
            return
        field_name = {"domain": "domains", "list": "list_id"}.get(name, name)
        bucket.bucket("values", "terms", field=field_name, size=100)

    # -- order -------------------------------------------------------------------------------
    def sorted(self, search):
        sort = self.params.sort
        if sort == "newest":
            return search.sort({"published_at": "desc"}, {"id": "desc"})
        if sort == "amount":
            return search.sort({"amount_wan": {"order": "desc", "missing": "_last"}}, {"id": "asc"})
        if sort == "deadline":
            return search.sort("_score", {"deadline": "asc"}, {"id": "asc"})
        if not self.terms:
            return search.sort({"published_at": "desc"}, {"id": "desc"})
        return search.sort("_score", {"published_at": "desc"}, {"id": "desc"})


def did_you_mean(raw, vocabulary=None):
    """The term of the vocabulary (domains, keywords, synonyms) closest to a query that found
    nothing, or ""."""
    query = text.normalize(raw)
    if not query or len(query) > 30:
        return ""
    vocabulary = text.dictionary_words() if vocabulary is None else vocabulary
    matches = difflib.get_close_matches(query, sorted(vocabulary), n=1, cutoff=0.5)
    return matches[0] if matches and matches[0] != query else ""


def search_opportunities(params, backend=None):
    """Run one search on the configured backend (Elasticsearch, or the embedded one)."""
    backend = backend or get_backend()
    terms = expand_query(params.q)
    results = backend.search(OpportunitySearchQuery(params, terms))
    if not results.total and terms:
        results.suggestion = did_you_mean(params.q)
    return results
