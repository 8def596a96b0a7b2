"""nDCG@10 of every search variant on the judged set over the demo content.

Usage: `make bench-relevance` (needs Elasticsearch: `make services` first). Loads the demo into
the configured database if it is not there, then for each variant builds a fresh index under an
alias of its own and prints overall and per-kind nDCG@10 side by side.
"""

import io
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command

from cms.models import OpportunityPage
from search import text
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.evaluation import by_kind, evaluate, load_judgments, mean
from search.indexing import rebuild_index

# (label, Elasticsearch analyzer or None for the embedded backend, query fields)
VARIANTS = [
    ("es standard (characters), text fields", "standard", "text"),
    ("es zh_bigram, text fields", "zh_bigram", "text"),
    ("es jieba words only", "zh_bigram", "words"),
    ("es standard + jieba words", "standard", "both"),
    ("es zh_bigram + jieba words (default)", "zh_bigram", "both"),
    ("embedded FTS5 (words + bigrams)", None, None),
]


def run_variant(analyzer, fields, queries):
    if analyzer is None:
        backend = EmbeddedBackend(path=Path(settings.BASE_DIR) / "var" / "bench-relevance.sqlite3")
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


def main():
    if not settings.ELASTICSEARCH_URL:
        sys.exit("ELASTICSEARCH_URL is not set: run `make services` and eval its env first.")
    if not OpportunityPage.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=io.StringIO())
    text.reset_tokenizer()
    queries = load_judgments()
    kinds = sorted({kind for query in queries for kind in query["kinds"]})
    rows = []
    for label, analyzer, fields in VARIANTS:
        scores = run_variant(analyzer, fields, queries)
        rows.append((label, mean(scores.values()), by_kind(scores, queries)))
    print(
        f"nDCG@10 over {len(queries)} judged queries, {OpportunityPage.objects.live().count()} documents"
    )
    header = f"{'variant':<40} {'all':>6} " + " ".join(f"{kind[:8]:>8}" for kind in kinds)
    print(header)
    for label, overall, per_kind in rows:
        print(
            f"{label:<40} {overall:>6.3f} " + " ".join(f"{per_kind.get(k, 0):>8.3f}" for k in kinds)
        )


if __name__ == "__main__":
    main()
