"""Relevance evaluation: nDCG@k of the query service over a judged query set.

The judged set (tests/search/relevance_judgments.json) grades demo items by their `ref` for each
query: 3 exactly what is wanted, 2 clearly relevant, 1 marginal, unlisted 0.
"""

import json
import math
from collections import defaultdict
from pathlib import Path

from .params import SearchParams
from .queries import search_opportunities

JUDGMENTS_FILE = (
    Path(__file__).resolve().parent.parent / "tests" / "search" / "relevance_judgments.json"
)


def load_judgments(path=JUDGMENTS_FILE):
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def dcg(gains):
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(ranked_refs, judgments, k=10):
    """nDCG@k of one ranking against graded judgments ({ref: grade})."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([judgments.get(ref, 0) for ref in ranked_refs[:k]]) / ideal


def evaluate(backend, queries=None, k=10):
    """{query id: nDCG@k} for every judged query, run through the query service."""
    scores = {}
    for query in queries or load_judgments():
        results = search_opportunities(SearchParams(q=query["query"], page_size=k), backend=backend)
        scores[query["id"]] = ndcg_at_k([hit["ref"] for hit in results.hits], query["judgments"], k)
    return scores


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def by_kind(scores, queries=None):
    """Mean nDCG per query kind ("synonym", "long", ...)."""
    grouped = defaultdict(list)
    for query in queries or load_judgments():
        for kind in query["kinds"]:
            grouped[kind].append(scores[query["id"]])
    return {kind: mean(values) for kind, values in sorted(grouped.items())}
