"""Search engines side by side: bulk indexing throughput, query latency and nDCG@10.

Usage: `make bench-search` (starts the services), or
`python bench/search_bench.py --sizes 10000 100000`.

For each corpus size, a corpus of generated opportunities (titles, keywords, sentences and
taxonomy of the demo content, recombined with a fixed seed) is indexed and queried by:
  - our Elasticsearch backend (core-only analysis + jieba words), through the query service;
  - our embedded backend (SQLite FTS5), through the query service;
  - Wagtail's own search (modelsearch) with its database backend, on SQLite and on PostgreSQL;
  - modelsearch's Elasticsearch 8 backend, which cannot create its index on a core-only server
    (its index settings use ngram and asciifolding): the table says so instead of a figure.
Query latency is p50/p95 over a mixed query set (words, synonyms, one character, mixed Chinese
and English, long questions). nDCG@10 is measured on the judged set over the demo content.

The PostgreSQL phase runs in a child process with DATABASE_URL pointing at a scratch database.
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from tqdm import tqdm
from wagtail.search.backends import get_search_backend

from bench.corpus.models import BenchOpportunity
from cms.models import OpportunityPage
from search import text
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.documents import TEXT_FIELDS
from search.evaluation import load_judgments, mean, ndcg_at_k
from search.indexing import rebuild_index
from search.queries import SearchParams, search_opportunities

DEMO = json.loads((ROOT / "demo" / "content.json").read_text(encoding="utf-8"))
CHUNK = 1000
ROUNDS = 3
# A slow engine stops sampling after this many seconds (at least MIN_SAMPLES queries): Wagtail's
# database backend on SQLite needs seconds per query at 100k, and three rounds would take an hour.
QUERY_BUDGET_S = float(os.environ.get("BENCH_QUERY_BUDGET_S", 90))
MIN_SAMPLES = 20


# -- corpus --------------------------------------------------------------------------------------
def vocabulary():
    items = DEMO["scenarios"] + DEMO["challenges"]
    sentences = []
    for item in items:
        for block in item.get("description", []):
            if block["type"] == "paragraph":
                sentences.extend(s for s in block["value"].split("。") if len(s) > 8)
        for paragraph in item.get("problem", []):
            sentences.extend(s for s in paragraph.split("。") if len(s) > 8)
        sentences.extend(s for s in item.get("summary", "").split("。") if len(s) > 8)
    domains = [child["name"] for top in DEMO["domains"] for child in top.get("children", [])]
    return {
        "titles": [item["title"] for item in items],
        "keywords": sorted({keyword for item in items for keyword in item.get("keywords", [])}),
        "sentences": sentences,
        "domains": domains,
        "regions": [region["name"] for region in DEMO["regions"]],
    }


def generate(count, seed=2026):
    """`count` unsaved BenchOpportunity rows recombined from the demo's vocabulary."""
    rng, words, now = random.Random(seed), vocabulary(), timezone.now()
    rows = []
    for number in range(count):
        keywords = rng.sample(words["keywords"], 3)
        kind = rng.choice(["scenario", "challenge"])
        rows.append(
            BenchOpportunity(
                ref=f"{'JB' if kind == 'challenge' else 'CJ'}-B-{number:06d}",
                kind=kind,
                title=f"{keywords[0]}{rng.choice(words['titles'])}"[:255],
                summary="。".join(rng.sample(words["sentences"], 2)) + "。",
                body="。".join(rng.sample(words["sentences"], 6)) + "。",
                keywords=" ".join(keywords),
                domains=rng.choice(words["domains"]),
                region=rng.choice(words["regions"]),
                amount_wan=rng.choice([None, 50, 100, 200, 300, 500, 800]),
                deadline=now + timedelta(days=rng.randint(-60, 120)),
                published_at=now - timedelta(days=rng.randint(0, 365)),
            )
        )
    return rows


def record(row):
    """The index record of a corpus row, shaped as search.documents.opportunity_record."""
    data = {
        "id": row.pk,
        "revision": 1,
        "ref": row.ref,
        "kind": row.kind,
        "title": text.fold(row.title),
        "display_title": row.title,
        "summary": text.fold(row.summary),
        "body": text.fold(f"{row.body} {row.region}"),
        "keywords": row.keywords.split(),
        "keywords_text": text.fold(f"{row.keywords} {row.domains}"),
        "organization": "",
        "organization_slug": "",
        "domains": [row.domains],
        "region": row.region,
        "region_name": row.region,
        "list_id": 1,
        "list_title": "",
        "level": "",
        "opens_at": None,
        "deadline": row.deadline.isoformat(),
        "amount_wan": row.amount_wan,
        "published_at": row.published_at.isoformat(),
        "url": f"/bench/{row.pk}/",
    }
    for name in TEXT_FIELDS:
        data[f"{name}_words"] = text.words_text(data[name])
    return data


def query_set():
    """A mixed query set: every judged query (words, synonyms, single characters, mixed, long)."""
    return [query["query"] for query in load_judgments()]


# -- measuring -----------------------------------------------------------------------------------
def percentiles(timings):
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)
    ]


def time_queries(run, queries):
    """(p50, p95, samples): ROUNDS rounds over the query set after a warm-up query, or fewer
    when the engine is slow (QUERY_BUDGET_S)."""
    run(queries[0])  # warm-up: caches, connections, the tokenizer's dictionary
    timings, started_all = [], time.perf_counter()
    for _ in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            run(query)
            timings.append((time.perf_counter() - started) * 1000)
            if len(timings) >= MIN_SAMPLES and time.perf_counter() - started_all > QUERY_BUDGET_S:
                return (*percentiles(timings), len(timings))
    return (*percentiles(timings), len(timings))


def our_backend_row(label, backend, rows, queries):
    progress = tqdm(
        total=len(rows), unit="doc", desc=f"{label} index", file=sys.stderr, leave=False
    )
    chunks = ([record(row) for row in rows[i : i + CHUNK]] for i in range(0, len(rows), CHUNK))
    started = time.perf_counter()
    backend.rebuild(chunks, version=1, progress=progress.update)
    backend.refresh()
    seconds = time.perf_counter() - started
    progress.close()
    p50, p95, samples = time_queries(
        lambda q: search_opportunities(SearchParams(q=q, page_size=10), backend=backend), queries
    )
    return {
        "engine": label,
        "docs": len(rows),
        "docs_per_s": len(rows) / seconds,
        "p50": p50,
        "p95": p95,
        "samples": samples,
    }


def modelsearch_row(label, rows, queries):
    backend = get_search_backend()
    backend.reset_indexes()
    started = time.perf_counter()
    for start in tqdm(
        range(0, len(rows), CHUNK), desc=f"{label} index", file=sys.stderr, leave=False
    ):
        backend.add_bulk(BenchOpportunity, rows[start : start + CHUNK])
    seconds = time.perf_counter() - started
    p50, p95, samples = time_queries(
        lambda q: list(backend.search(q, BenchOpportunity.objects.all())[:10]), queries
    )
    return {
        "engine": label,
        "docs": len(rows),
        "docs_per_s": len(rows) / seconds,
        "p50": p50,
        "p95": p95,
        "samples": samples,
    }


def modelsearch_ndcg(queries):
    backend = get_search_backend()
    scores = []
    for query in queries:
        hits = list(backend.search(query["query"], OpportunityPage.objects.live())[:10])
        scores.append(ndcg_at_k([hit.ref for hit in hits], query["judgments"]))
    return mean(scores)


def our_ndcg(backend, queries):
    rebuild_index(backend)
    backend.refresh()
    return mean(
        ndcg_at_k(
            [
                hit["ref"]
                for hit in search_opportunities(SearchParams(q=q["query"]), backend=backend).hits
            ],
            q["judgments"],
        )
        for q in queries
    )


def modelsearch_elasticsearch_status():
    """Whether modelsearch's Elasticsearch 8 backend can create its index on this server."""
    from modelsearch.backends import get_search_backend as modelsearch_backend

    try:
        backend = modelsearch_backend(
            "modelsearch.backends.elasticsearch8",
            URLS=[settings.ELASTICSEARCH_URL],
            INDEX_PREFIX="bench-modelsearch-",
        )
        index = backend.get_index_for_model(BenchOpportunity)
        index.reset()
        index.delete()
        return "creates its index"
    except Exception as error:  # the point is to report what the server says
        return f"cannot create its index: {str(error)[:150]}"


# -- phases --------------------------------------------------------------------------------------
def prepare_database():
    call_command("migrate", verbosity=0)
    call_command("migrate", "--run-syncdb", verbosity=0)
    if not OpportunityPage.objects.exists():
        call_command("load_demo", stdout=io.StringIO())
        call_command("update_index", stdout=io.StringIO())
    text.reset_tokenizer()


def phase(sizes, with_ours):
    """Measure on the database the settings name; print one JSON object per row."""
    prepare_database()
    vendor = connection.vendor
    queries = query_set()
    judged = load_judgments()
    out = {"vendor": vendor, "rows": [], "ndcg": {}}
    out["ndcg"][f"wagtail modelsearch ({vendor})"] = modelsearch_ndcg(judged)
    if with_ours:
        out["ndcg"]["ours: elasticsearch"] = our_ndcg(
            ElasticsearchBackend(alias="bench-ndcg"), judged
        )
        ElasticsearchBackend(alias="bench-ndcg").clear()
        embedded = EmbeddedBackend(path=ROOT / "var" / "bench-ndcg.sqlite3")
        out["ndcg"]["ours: embedded"] = our_ndcg(embedded, judged)
        embedded.clear()
        out["modelsearch_elasticsearch"] = modelsearch_elasticsearch_status()
    for size in sizes:
        BenchOpportunity.objects.all().delete()
        BenchOpportunity.objects.bulk_create(generate(size), batch_size=2000)
        rows = list(BenchOpportunity.objects.order_by("pk"))
        out["rows"].append(modelsearch_row(f"wagtail modelsearch ({vendor})", rows, queries))
        if with_ours:
            es = ElasticsearchBackend(alias="bench-opportunities")
            out["rows"].append(our_backend_row("ours: elasticsearch", es, rows, queries))
            es.clear()
            embedded = EmbeddedBackend(path=ROOT / "var" / "bench-search.sqlite3")
            embedded.clear()
            out["rows"].append(
                our_backend_row("ours: embedded (sqlite fts5)", embedded, rows, queries)
            )
            embedded.clear()
        BenchOpportunity.objects.all().delete()
    print(json.dumps(out, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--phase", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.sizes, with_ours=args.phase == "sqlite")
        return
    if not settings.ELASTICSEARCH_URL:
        sys.exit("ELASTICSEARCH_URL is not set: run `make services` and eval its env first.")
    postgres_url = os.environ.get("BENCH_POSTGRES_URL")
    results = []
    for name, database_url in (("sqlite", None), ("postgres", postgres_url)):
        if name == "postgres" and not database_url:
            print("BENCH_POSTGRES_URL not set: skipping the PostgreSQL phase", file=sys.stderr)
            continue
        env = {**os.environ}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        else:
            (ROOT / "var" / "bench.sqlite3").unlink(missing_ok=True)
        command = [sys.executable, __file__, "--phase", name, "--sizes", *map(str, args.sizes)]
        completed = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    print_table(results)


def print_table(results):
    rows = [row for result in results for row in result["rows"]]
    ndcg = {name: value for result in results for name, value in result["ndcg"].items()}
    print(
        f"queries per round: {len(query_set())}, up to {ROUNDS} rounds or {QUERY_BUDGET_S:.0f} s "
        "per engine (n = queries timed); nDCG@10 on the judged demo set"
    )
    print(
        f"{'engine':<32} {'docs':>7} {'index docs/s':>13} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'n':>4} {'p50 × es':>9} {'nDCG@10':>8}"
    )
    for size in sorted({row["docs"] for row in rows}):
        reference = next(
            (
                row["p50"]
                for row in rows
                if row["docs"] == size and row["engine"] == "ours: elasticsearch"
            ),
            None,
        )
        for row in (row for row in rows if row["docs"] == size):
            ratio = f"{row['p50'] / reference:>9.2f}" if reference else f"{'':>9}"
            label = row["engine"].replace(" (sqlite fts5)", "")
            score = ndcg.get(label, ndcg.get(row["engine"]))
            print(
                f"{row['engine']:<32} {size:>7} {row['docs_per_s']:>13.0f} {row['p50']:>8.1f} "
                f"{row['p95']:>8.1f} {row['samples']:>4} {ratio} "
                f"{score if score is None else f'{score:>8.3f}'}"
            )
    for result in results:
        if "modelsearch_elasticsearch" in result:
            print(f"wagtail modelsearch (elasticsearch 8): {result['modelsearch_elasticsearch']}")


if __name__ == "__main__":
    main()
