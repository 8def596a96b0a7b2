"""Relevance evaluation: nDCG@k of the query service, and of naive baselines, over judged sets.

Two judged sets grade items by their `ref` for each query (3 exactly what is wanted, 2 clearly
relevant, 1 marginal, unlisted 0):
- the demo set (tests/search/relevance_judgments.json) over the demo content, a regression test;
- the real set (tests/search/real_set/): 153 items from lists really published elsewhere and 88
  queries, split once into a `tune` half and a `report` half. Tune on the first, report the
  second; never move a query between them.

The naive baselines are plain BM25 on Elasticsearch over the same text fields, analysed into
single characters or characters + bigrams, queried with the raw text (any term may match): what
an engine with no Chinese word knowledge and no dictionary finds.
"""

import json
import math
import uuid
from collections import defaultdict
from pathlib import Path

from .documents import TEXT_FIELDS
from .params import SearchParams
from .queries import search_opportunities

TESTS_DIR = Path(__file__).resolve().parent.parent / "tests" / "search"
JUDGMENTS_FILE = TESTS_DIR / "relevance_judgments.json"
REAL_SET_DIR = TESTS_DIR / "real_set"
REAL_SET_ITEMS = REAL_SET_DIR / "items.json"
REAL_SET_QUERIES = REAL_SET_DIR / "queries.json"
REAL_SET_LIST_TITLE = "真实清单评测集"
HALVES = ("tune", "report")


def load_judgments(path=JUDGMENTS_FILE, half=None):
    """The judged queries of a set, or of one half of it (the real set's `tune` or `report`)."""
    queries = json.loads(Path(path).read_text(encoding="utf-8"))["queries"]
    if half is not None:
        queries = [query for query in queries if query.get("half") == half]
    return queries


def load_real_set(half):
    return load_judgments(REAL_SET_QUERIES, half=half)


def import_real_set():
    """Import the real set's items as published opportunities under a list of their own."""
    from cms.importing import import_opportunities, read_rows

    report = import_opportunities(
        read_rows(REAL_SET_ITEMS), list_title=REAL_SET_LIST_TITLE, publish=True
    )
    if report.errors:
        raise ValueError(f"the real set did not import cleanly: {report.errors[:3]}")
    return report


def dcg(gains):
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(ranked_refs, judgments, k=10):
    """nDCG@k of one ranking against graded judgments ({ref: grade})."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([judgments.get(ref, 0) for ref in ranked_refs[:k]]) / ideal


def service_refs(backend):
    """A ranking function: the refs the query service returns on `backend`."""

    def ranked(raw, k):
        results = search_opportunities(SearchParams(q=raw, page_size=k), backend=backend)
        return [hit["ref"] for hit in results.hits]

    return ranked


def evaluate(backend, queries=None, k=10, ranked=None):
    """{query id: nDCG@k} for every judged query, through the query service on `backend` (or
    through another ranking function `ranked(raw, k) -> [ref, ...]`)."""
    ranked = ranked or service_refs(backend)
    return {
        query["id"]: ndcg_at_k(ranked(query["query"], k), query["judgments"], k)
        for query in (queries or load_judgments())
    }


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def by_kind(scores, queries=None, primary=False):
    """Mean nDCG per query kind ("synonym", "long", ...); with `primary`, each query counts
    only under its first kind."""
    grouped = defaultdict(list)
    for query in queries or load_judgments():
        for kind in query["kinds"][:1] if primary else query["kinds"]:
            grouped[kind].append(scores[query["id"]])
    return {kind: mean(values) for kind, values in sorted(grouped.items())}


class NaiveBaseline:
    """Plain BM25 over the text fields on a throwaway Elasticsearch index: `analyzer` is
    "standard" (single Han characters) or "zh_bigram" (characters + bigrams). Built from the same
    records the site indexes; the raw query is matched with no words, synonyms or boosts."""

    def __init__(self, client, analyzer, records):
        from .backends.elasticsearch import ZH_BIGRAM

        self.client = client
        self.index = f"naive-baseline-{analyzer.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}
        if analyzer == "zh_bigram":
            settings["analysis"] = ZH_BIGRAM.get_analysis_definition()
        client.indices.create(
            index=self.index,
            settings=settings,
            mappings={
                "properties": {
                    **{name: {"type": "text", "analyzer": analyzer} for name in TEXT_FIELDS},
                    "ref": {"type": "keyword"},
                }
            },
        )
        for record in records:
            client.index(
                index=self.index,
                id=str(record["id"]),
                document={"ref": record["ref"], **{name: record[name] for name in TEXT_FIELDS}},
            )
        client.indices.refresh(index=self.index)

    def ranked(self, raw, k):
        from . import text

        response = self.client.search(
            index=self.index,
            query={"multi_match": {"query": text.normalize(raw), "fields": list(TEXT_FIELDS)}},
            size=k,
            source=["ref"],
        )
        return [hit["_source"]["ref"] for hit in response["hits"]["hits"]]

    def drop(self):
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
