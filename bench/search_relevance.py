"""nDCG@10 of every search variant and of the naive baselines, on both halves of the real judged
set and on the demo set.

Usage: `make bench-relevance` (starts the services; needs Elasticsearch). Each judged set has a
scratch SQLite database of its own under var/ (`--set real` imports tests/search/real_set and the
shipped dictionary, `--set demo` loads the demo), so neither set's items compete with the other's.
For each variant a fresh index is built under an alias of its own, and nDCG@10 is printed per
half (real set) and per primary query kind, with the naive baselines (plain BM25 over single
characters, and over characters + bigrams, no dictionary) beside them.

The real set's `report` half is never tuned on: read its row, do not tune against it.
"""

import argparse
import io
import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from cms.models import OpportunityListPage, OpportunityPage
from search import text
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.connection import get_client, server_version
from search.documents import opportunity_queryset, opportunity_record
from search.evaluation import (
    HALVES,
    REAL_SET_LIST_TITLE,
    NaiveBaseline,
    by_kind,
    evaluate,
    import_real_set,
    load_judgments,
    load_real_set,
    mean,
)
from search.indexing import rebuild_index
from search.models import Synonym

# (label, Elasticsearch analyzer or None for the embedded backend, query fields, dictionary)
VARIANTS = [
    ("es zh_bigram + jieba words (default)", "zh_bigram", "both", True),
    ("es zh_bigram + jieba words, no dictionary", "zh_bigram", "both", False),
    ("es standard (characters) + jieba words", "standard", "both", True),
    ("es zh_bigram text fields only", "zh_bigram", "text", True),
    ("es jieba words only", "zh_bigram", "words", True),
    ("embedded FTS5 (words + bigrams) (default)", None, None, True),
    ("embedded FTS5, no dictionary", None, None, False),
]
BASELINES = [
    ("naive BM25, characters", "standard"),
    ("naive BM25, characters + bigrams", "zh_bigram"),
]


@contextmanager
def dictionary(enabled):
    """The site's synonym groups as they are, or (rolled back afterwards) none at all."""
    if enabled:
        yield
        return
    with transaction.atomic():
        Synonym.objects.all().delete()
        text.reset_tokenizer()
        try:
            yield
        finally:
            transaction.set_rollback(True)
    text.reset_tokenizer()


def variant_scores(analyzer, fields, queries):
    if analyzer is None:
        backend = EmbeddedBackend(path=Path(settings.BASE_DIR) / "var" / "bench-relevance.fts")
        backend.clear()
        rebuild_index(backend)
        try:
            return evaluate(backend, queries)
        finally:
            backend.clear()
    settings.SEARCH_ELASTICSEARCH_ANALYZER = analyzer
    settings.SEARCH_QUERY_FIELDS = fields
    backend = ElasticsearchBackend(alias=f"bench-relevance-{uuid.uuid4().hex[:8]}")
    rebuild_index(backend)
    backend.refresh()
    try:
        return evaluate(backend, queries)
    finally:
        backend.clear()


def baseline_scores(analyzer, queries):
    records = [opportunity_record(page) for page in opportunity_queryset()]
    baseline = NaiveBaseline(get_client(), analyzer, records)
    try:
        return evaluate(None, queries, ranked=baseline.ranked)
    finally:
        baseline.drop()


def prepare(judged_set):
    call_command("migrate", verbosity=0)
    if judged_set == "real":
        if not OpportunityListPage.objects.filter(title=REAL_SET_LIST_TITLE).exists():
            print("importing the real set (about a minute)...", file=sys.stderr)
            import_real_set()
        call_command("load_search_dictionary", stdout=io.StringIO())
    elif not OpportunityPage.objects.exists():
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the demo's mail
        call_command("load_demo", stdout=io.StringIO())
    text.reset_tokenizer()


def halves(judged_set):
    if judged_set == "real":
        return {half: load_real_set(half) for half in HALVES}
    return {"demo": load_judgments()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["real", "demo"], default="real")
    judged_set = parser.parse_args().set
    if not settings.ELASTICSEARCH_URL:
        sys.exit("ELASTICSEARCH_URL is not set: run `make services` and eval its env first.")
    prepare(judged_set)
    sets = halves(judged_set)
    every = [query for queries in sets.values() for query in queries]
    rows = []
    for label, analyzer in BASELINES:
        scores = baseline_scores(analyzer, every)
        rows.append((label, scores))
    for label, analyzer, fields, with_dictionary in VARIANTS:
        with dictionary(with_dictionary):
            rows.append((label, variant_scores(analyzer, fields, every)))
    documents = OpportunityPage.objects.live().count()
    print(
        f"nDCG@10, {judged_set} judged set: {documents} documents, "
        f"{Synonym.objects.count()} synonym groups, Elasticsearch {server_version()}"
    )
    for half, queries in sets.items():
        kinds = sorted({query["kinds"][0] for query in queries})
        counts = {kind: sum(q["kinds"][0] == kind for q in queries) for kind in kinds}
        print(f"\n{half}: {len(queries)} queries (per primary kind: number of queries)")
        print(
            f"{'variant':<44} {'all':>6} "
            + " ".join(f"{kind[:8] + ' ' + str(counts[kind]):>11}" for kind in kinds)
        )
        for label, scores in rows:
            half_scores = {query["id"]: scores[query["id"]] for query in queries}
            per_kind = by_kind(half_scores, queries, primary=True)
            print(
                f"{label:<44} {mean(half_scores.values()):>6.3f} "
                + " ".join(f"{per_kind.get(kind, 0):>11.3f}" for kind in kinds)
            )


if __name__ == "__main__":
    main()
