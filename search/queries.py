"""The opportunity query service: parameters, synonym expansion, the Elasticsearch query body,
and `search_opportunities`, which the search page, the API and matching all call.

Both backends answer the same `SearchParams` with the same `SearchResults`; the Elasticsearch
body is built here (one class per use case) and the embedded backend builds its SQL from the same
`QueryTerms`.
"""

import difflib
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from elasticsearch.dsl import Q, Search

from cms.models import Status

from . import text

MAX_QUERY_LENGTH = 200
MAX_GROUPS = 40
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
FACETS = ("kind", "status", "domain", "region", "level", "list")
# More groups than this and a document need not match every one of them.
ALL_GROUPS_UP_TO = 3
# Of a longer query, at least this share of the groups (and two) must match: measured on the
# judged set (bench/search_relevance.py), 0.3 ranks long questions best (0.6: long 0.52 → 0.3: ~0.7).
LONG_QUERY_SHARE = 0.3

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "deadline": _("Deadline soonest"),
    "amount": _("Largest budget or bounty"),
}

# Field weights: a title or keyword match counts more than a body match.
FIELD_BOOSTS = {"title": 6, "keywords_text": 5, "summary": 2, "body": 1}
PHRASE_BOOST = 2.0


@dataclass
class SearchParams:
    q: str = ""
    kind: str = ""
    domain: str = ""
    region: str = ""
    status: str = ""
    level: str = ""
    list_id: int | None = None
    amount_min: float | None = None
    amount_max: float | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def filters(self):
        """The facet filters that are set, by facet name."""
        values = {
            "kind": self.kind,
            "status": self.status,
            "domain": self.domain,
            "region": self.region,
            "level": self.level,
            "list": self.list_id,
        }
        return {name: value for name, value in values.items() if value not in ("", None)}

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass
class QueryTerms:
    """The query as groups of interchangeable alternatives: one group per word of the query,
    each holding the word and its synonyms."""

    raw: str
    groups: list[list[str]]

    def __bool__(self):
        return bool(self.groups)

    def alternatives(self):
        return [alt for group in self.groups for alt in group]

    @property
    def required_groups(self):
        """How many groups a document must match: all of a short query, a share of a long one."""
        count = len(self.groups)
        return count if count <= ALL_GROUPS_UP_TO else max(2, round(count * LONG_QUERY_SHARE))


@dataclass
class SearchResults:
    total: int
    hits: list[dict]
    facets: dict[str, list[dict]]
    params: SearchParams
    suggestion: str = ""

    @property
    def pages(self):
        return max(1, -(-self.total // self.params.page_size))


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


def status_of(opens_at, deadline, now=None):
    """The derived status of an indexed record, as `OpportunityPage.status` derives it."""
    now = now or timezone.now()
    if opens_at and _as_datetime(opens_at) > now:
        return Status.UPCOMING
    if _as_datetime(deadline) < now:
        return Status.CLOSED
    return Status.OPEN


def _as_datetime(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


class OpportunitySearchQuery:
    """The Elasticsearch body for one `SearchParams`: text query, filters as a post_filter,
    each facet counted under every filter but its own, highlights, sort and page."""

    def __init__(self, params, terms, index, now=None, fields="both"):
        self.params = params
        self.terms = terms
        self.index = index
        self.now = now or timezone.now()
        self.fields = fields

    def build(self):
        search = Search(index=self.index).query(self.scored(self.text_query()))
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
    def text_query(self):
        if not self.terms:
            return Q("match_all")
        groups = [self.group_query(group) for group in self.terms.groups]
        required = self.terms.required_groups
        phrase = text.normalize(self.terms.raw)
        return Q(
            "bool",
            must=[Q("bool", should=groups, minimum_should_match=required)],
            should=[
                Q("match_phrase", **{name: {"query": phrase, "boost": boost * PHRASE_BOOST}})
                for name, boost in FIELD_BOOSTS.items()
                if self.fields != "words"
            ],
        )

    def group_query(self, alternatives):
        clauses = []
        for alternative in alternatives:
            if self.fields in ("both", "words"):
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
            if self.fields in ("both", "text") or (
                text.has_han(alternative) and len(alternative) == 1
            ):
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
    from .backends import get_backend

    backend = backend or get_backend()
    terms = expand_query(params.q)
    results = backend.search(params, terms)
    if not results.total and terms:
        results.suggestion = did_you_mean(params.q)
    return results
