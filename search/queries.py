"""The opportunity query service: synonym expansion, the Elasticsearch query body (one class per
use case), and `search_opportunities`, which the search page, the API and matching all call.

The values a search is asked and answers (`SearchParams`, `QueryTerms`, `SearchResults`) live in
`search.params`, which the backends import; this module imports the backends, never the reverse.
"""

import difflib
import re

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Q, Search

from cms.models import Status

from . import text
from .backends import get_backend
from .params import (
    ALL_GROUPS_WEIGHT,
    COVERAGE_WEIGHT,
    FACETS,
    FIELD_BOOSTS,
    GROUP_SHARE,
    MAX_GROUPS,
    MAX_QUERY_LENGTH,
    PART_BOOST,
    RECALL_BOOST,
    RELATED_BOOST,
    QueryTerms,
    SearchParams,
)

# SearchParams is re-exported: callers that run a search (evaluation, benches) import both here.
# Han text and Latin/digit words, as a typed word splits into them (AI芯片: ai, 芯片).
_RUNS = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")
# A typed Han run with more content words than this is a sentence, not a word.
SENTENCE_WORDS = 2

__all__ = ["OpportunitySearchQuery", "SearchParams", "expand_query", "search_opportunities"]


def synonym_groups():
    """Every synonym group as normalised terms (an edit applies on the next search)."""
    return text.synonym_groups()


def related_terms():
    """{term: its narrower and associated terms}, normalised (read per search)."""
    from .models import RelatedTerms, split_terms

    return {
        text.normalize(term): [text.normalize(word) for word in split_terms(related)]
        for term, related in RelatedTerms.objects.values_list("term", "related")
    }


def expand_query(raw):
    """The query's word groups (each with its synonyms), the parts of a typed word jieba splits,
    and each group's related terms (narrower or associated: 低空经济 → 无人机).

    A typed word is a run between spaces, split further where Latin letters meet Han text
    (AI芯片: ai, 芯片) unless the whole run is a synonym term (3D打印). A synonym term that
    spans several jieba words (新能源汽车) stays one group. A Han run of more than
    SENTENCE_WORDS content words is a sentence: each content word is a group of its own.
    """
    query = text.normalize(raw)[:MAX_QUERY_LENGTH]
    if not query:
        return QueryTerms(raw="", groups=[])
    by_term = {term: group for group in synonym_groups() for term in group}
    groups, parts = [], []

    def alternatives(word):
        found = list(by_term.get(word, [word]))
        if word not in found:
            found.insert(0, word)
        return found

    def add(collection, word):
        group = alternatives(word)
        if group not in groups and group not in parts:
            collection.append(group)

    for chunk in query.split(" "):
        runs = [chunk] if chunk in by_term else _RUNS.findall(chunk) or [chunk]
        for run in runs:
            if run in by_term:
                add(groups, run)
                continue
            run_words = text.words(run, for_query=True)
            if not run_words:
                continue  # punctuation and operators: no word to look for
            content = [word for word in run_words if word not in text.QUERY_STOPWORDS]
            content = content or run_words
            if len(content) > SENTENCE_WORDS:
                for word in content:
                    add(groups, word)
                continue
            word = "".join(content) if content != run_words else run
            add(groups, word)
            for part in text.words(word):
                if part != word and (len(part) > 1 or not text.has_han(part)):
                    add(parts, part)
    groups = groups[:MAX_GROUPS]
    by_related = related_terms()
    related = []
    for group in groups:
        found = dict.fromkeys(
            word for term in group for word in by_related.get(term, []) if word not in group
        )
        if found:
            related.append(list(found))
    return QueryTerms(raw=query, groups=groups, parts=parts[:MAX_GROUPS], related=related)


HIGHLIGHTED = ("title", "summary", "body")


class OpportunitySearchQuery:
    """One search of opportunities: its `SearchParams` and `QueryTerms`, and its Elasticsearch
    body (text query, filters as a post_filter, each facet counted under every filter but its
    own, highlights, sort and page). A backend is handed this object: Elasticsearch runs
    `build()`, the embedded backend writes its SQL from `params` and `terms`. Without `facets`
    or `highlights` (a caller that shows neither) no backend counts or marks them."""

    def __init__(self, params, terms, now=None, facets=True, highlights=True):
        self.params = params
        self.terms = terms
        self.now = now or timezone.now()
        self.facets = facets
        self.highlights = highlights

    def build(self, index, fields="both"):
        """The body for `index`, matching the text fields, their jieba-word twins, or both."""
        search = Search(index=index).query(self.scored(self.text_query(fields)))
        filters = self.filter_clauses()
        if filters:
            search = search.post_filter("bool", filter=list(filters.values()))
        for name in FACETS if self.facets else ():
            others = [clause for facet, clause in filters.items() if facet != name]
            bucket = search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))
            self.facet_agg(bucket, name)
        search = self.sorted(search)
        if self.terms and self.highlights:
            search = (
                search.highlight_options(
                    pre_tags=["<mark>"],
                    post_tags=["</mark>"],
                    encoder="html",
                    fragment_size=80,
                    number_of_fragments=2,
                    no_match_size=0,
                    highlight_query=self.highlight_query().to_dict(),
                )
                .highlight("title", number_of_fragments=0)
                .highlight("summary")
                .highlight("body")
            )
        start = self.params.offset
        return search.extra(track_total_hits=True)[start : start + self.params.page_size]

    def highlight_query(self):
        """What is marked in the hits: the alternatives of the query and their words, as
        phrases, as the embedded backend marks them (the ranking query is far larger, and
        marking by it costs more)."""
        values = [
            value
            for alternative in self.terms.alternatives()
            for value in [alternative, *text.words(alternative, for_query=True)]
        ]
        return Q(
            "bool",
            should=[
                Q("match_phrase", **{name: value})
                for value in dict.fromkeys(values)
                if value
                for name in HIGHLIGHTED
            ],
        )

    # -- text --------------------------------------------------------------------------------
    def text_query(self, fields="both"):
        """Recall first, then rank. Found: every document sharing a word, a synonym or a pair of
        characters with the query. Ranked: documents matching every group first, then by the
        number of groups matched, then by BM25 (field-weighted) of each group's best
        alternative, of the parts of the words jieba splits, and of the raw text."""
        if not self.terms:
            return Q("match_all")
        groups, should = self.terms.groups, []
        matches = [self.group_match(group, fields) for group in groups]
        if len(matches) > 1:
            should.append(
                Q("constant_score", filter=Q("bool", filter=matches), boost=ALL_GROUPS_WEIGHT)
            )
        should += [Q("constant_score", filter=match, boost=COVERAGE_WEIGHT) for match in matches]
        should += [self.group_score(group, fields) for group in groups]
        should += [self.group_score(part, fields, PART_BOOST) for part in self.terms.parts]
        should += [self.group_score(terms, fields, RELATED_BOOST) for terms in self.terms.related]
        if fields != "words":
            should.append(self.text_match(text.normalize(self.terms.raw), RECALL_BOOST))
        return Q("bool", filter=[self.found()], should=should)

    def found(self):
        """What a document must share with the query to be found: a pair of characters (or a
        single-character query's character), or all the words, of the raw text or of an
        alternative, part or related term. A shared character alone finds nothing."""
        values = [text.normalize(self.terms.raw), *self.terms.alternatives()]
        clauses = [self.text_match(value, pairs=True) for value in values]
        clauses += [words for value in values[1:] if (words := self.words_match(value))]
        return Q("bool", should=clauses, minimum_should_match=1)

    @staticmethod
    def text_match(value, boost=1.0, pairs=False, share=None):
        """BM25 of any character or pair of `value` in the best of the text fields (with
        `pairs`, of its pairs only)."""
        extra = {}
        if pairs and len(value) > 1 and settings.SEARCH_ELASTICSEARCH_ANALYZER == "zh_bigram":
            # The pairs zh_bigram indexes, built here and matched as they are, so an index
            # built before this query needs no new analyzer.
            value = " ".join(text.pairs(value))
            extra["analyzer"] = "whitespace"
        if share:
            extra["minimum_should_match"] = share
        return Q(
            "multi_match",
            query=value,
            fields=[f"{name}^{weight * boost:g}" for name, weight in FIELD_BOOSTS.items()],
            type="best_fields",
            **extra,
        )

    @staticmethod
    def words_match(value, boost=1.0):
        """BM25 of every jieba word of `value` in the best of the word fields."""
        words = text.words_text(value, for_query=True)
        if not words:
            return None
        return Q(
            "multi_match",
            query=words,
            fields=[f"{name}_words^{weight * boost:g}" for name, weight in FIELD_BOOSTS.items()],
            type="best_fields",
            operator="and",
        )

    def group_score(self, alternatives, fields="both", boost=1.0):
        """The BM25 of a group: its best alternative, by characters and pairs (of which it
        must share GROUP_SHARE: a few shared pairs are the raw text's business) or by words."""
        clauses = []
        for alternative in alternatives:
            if fields != "words":
                clauses.append(self.text_match(alternative, share=GROUP_SHARE))
            if fields != "text" and (words := self.words_match(alternative)):
                clauses.append(words)
        return Q("dis_max", queries=clauses, tie_breaker=0.3, boost=boost)

    def group_match(self, alternatives, fields="both"):
        """Whether a document holds the group: any alternative as a phrase or as all its
        words (a filter: it counts coverage, not score)."""
        clauses = []
        for alternative in alternatives:
            if fields != "text" and (words := self.words_match(alternative)):
                clauses.append(words)
            if fields != "words" or (text.has_han(alternative) and len(alternative) == 1):
                clauses.extend(Q("match_phrase", **{name: alternative}) for name in FIELD_BOOSTS)
        return Q("bool", should=clauses, minimum_should_match=1)

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


def search_opportunities(params, backend=None, facets=True, highlights=True):
    """Run one search on the configured backend (Elasticsearch, or the embedded one); without
    `facets` or `highlights`, none are counted or marked."""
    backend = backend or get_backend()
    terms = expand_query(params.q)
    results = backend.search(
        OpportunitySearchQuery(params, terms, facets=facets, highlights=highlights)
    )
    if not results.total and terms:
        results.suggestion = did_you_mean(params.q)
    return results
