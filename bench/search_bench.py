"""Search engines side by side: indexing throughput, query latency and nDCG@10, like for like.

Usage: `make bench-search` (starts the services), or
`python bench/search_bench.py --sizes 10000 100000`.

For each corpus size, a corpus of generated opportunities (titles, keywords, sentences and
taxonomy of the demo content, recombined with a fixed seed) is indexed and queried by:
  - our Elasticsearch backend and our embedded backend (SQLite FTS5);
  - Wagtail's own search (modelsearch) with its database backend, on SQLite and on PostgreSQL;
  - modelsearch's Elasticsearch 8 backend, which cannot create its index on a core-only server
    (its index settings use ngram and asciifolding): the table says so instead of a figure.

Indexing, ours: the path `search_index --rebuild` runs, from `search.indexing.index_records`
(kept records read from IndexedRecord, the others built, segmented in the process pool and
kept) to the backend's `rebuild` (Elasticsearch bulk load, or the embedded file); the one step
replaced is the database read of pages (`page_fields`, Wagtail pages at 100k take too long to
create): `bench_fields(row)` gives the same fields from a corpus row. Timed twice: "segment
all" (nothing kept: every record segmented), and "kept" (every revision unchanged: what a
rebuild does after the first). Wagtail's: `add_bulk` of its database backend, the same text
(title, keywords + domain names, summary, body + region name) and the facets as filters.

Queries: the judged queries (words, synonyms, one character, mixed Chinese and English, long
questions), page size 10, the total and the hits, in two shapes per engine:
  - "text only": ours, the query service's text query with no aggregation, highlight or
    did-you-mean; Wagtail's, `search()` and `count()`;
  - "facets+hl": ours, the query service as the site calls it (six facets, highlights);
    Wagtail's, plus `facet()` of kind, domains and region (what it can count) and the same
    Python highlighter our embedded backend uses on its ten hits (Wagtail has none).
nDCG@10 beside each row is measured by the same request on the judged demo set (the demo pages,
indexed by each engine's real path; Wagtail's indexes its pages' own search fields).

The PostgreSQL phase (ours and Wagtail's on PostgreSQL; ours keep their records there) runs in
a child process with DATABASE_URL pointing at a scratch database; the SQLite phase runs
Wagtail's SQLite backend (and ours, when no PostgreSQL is given).
"""

import argparse
import io
import json
import os
import platform
import random
import sqlite3
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
from search.connection import server_version
from search.evaluation import load_judgments, mean, ndcg_at_k
from search.highlighting import highlight
from search.indexing import index_records, rebuild_index
from search.models import IndexedRecord
from search.queries import OpportunitySearchQuery, SearchParams, expand_query, search_opportunities

DEMO = json.loads((ROOT / "demo" / "content.json").read_text(encoding="utf-8"))
ROUNDS = 3
PAGE_SIZE = 10
# A slow engine stops sampling after this many seconds (at least MIN_SAMPLES queries): Wagtail's
# database backend on SQLite needs seconds per query at 100k, and three rounds would take an hour.
QUERY_BUDGET_S = float(os.environ.get("BENCH_QUERY_BUDGET_S", 90))
MIN_SAMPLES = 20
SHAPES = ("text only", "facets+hl")
WAGTAIL_FACETS = ("kind", "domains", "region")


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


def bench_fields(row):
    """The fields `search.documents.opportunity_fields` gives a page, for a corpus row (what
    `page_fields` reads from the database in `search_index --rebuild`)."""
    keywords = sorted(row.keywords.split())
    return {
        "id": row.pk,
        "revision": 1,
        "ref": row.ref,
        "kind": row.kind,
        "title": text.fold(row.title),
        "display_title": row.title,
        "summary": text.fold(row.summary),
        "body": text.fold(f"{row.body} {row.region}"),
        "keywords": keywords,
        "keywords_text": text.fold(" ".join([*keywords, row.domains])),
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


def query_set():
    """A mixed query set: every judged query (words, synonyms, single characters, mixed, long)."""
    return [query["query"] for query in load_judgments()]


# -- the requests, in two shapes -----------------------------------------------------------------
def ours_full(backend):
    """The query service as the site calls it: (total, refs)."""

    def run(q):
        found = search_opportunities(SearchParams(q=q, page_size=PAGE_SIZE), backend=backend)
        return found.total, [hit["ref"] for hit in found.hits]

    return run


def ours_text_only(backend):
    """The query service's text query and page of hits, without facets, highlights or
    did-you-mean: the same call as the site's, told to count and mark nothing."""

    def run(q):
        params, terms = SearchParams(q=q, page_size=PAGE_SIZE), expand_query(q)
        found = backend.search(
            OpportunitySearchQuery(params, terms, facets=False, highlights=False)
        )
        return found.total, [hit["ref"] for hit in found.hits]

    return run


def wagtail_request(model, queryset, shape):
    """Wagtail's search of `model`: total and ten hits; with facets and highlights, plus the
    facets it can count and our Python highlighter on the hits."""
    backend = get_search_backend()

    def run(q):
        found = backend.search(q, queryset)
        hits = list(found[:PAGE_SIZE])
        total = found.count()
        if shape == "facets+hl":
            if model is BenchOpportunity:
                for name in WAGTAIL_FACETS:
                    found.facet(name)
            terms = expand_query(q)
            for hit in hits:
                highlight(
                    {
                        "title": hit.title,
                        "summary": hit.summary,
                        "body": getattr(hit, "body", "") or "",
                    },
                    terms,
                )
        return total, [hit.ref for hit in hits]

    return run


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


def ndcg(run, judged):
    return mean(ndcg_at_k(run(query["query"])[1], query["judgments"]) for query in judged)


def latency_rows(engine, size, requests, queries, scores):
    rows = []
    for shape in SHAPES:
        p50, p95, samples = time_queries(requests[shape], queries)
        rows.append(
            {
                "engine": engine,
                "shape": shape,
                "docs": size,
                "p50": p50,
                "p95": p95,
                "samples": samples,
                "ndcg": scores[shape],
            }
        )
    return rows


def our_requests(backend):
    return {"text only": ours_text_only(backend), "facets+hl": ours_full(backend)}


def our_ndcg(backend, judged):
    """nDCG@10 of both request shapes on the demo pages, indexed by `search_index --rebuild`."""
    rebuild_index(backend)
    backend.refresh()
    scores = {shape: ndcg(run, judged) for shape, run in our_requests(backend).items()}
    backend.clear()
    return scores


def our_index(label, backend, rows, segment_all=True):
    """Index the corpus through `index_records` and the backend's `rebuild`: with nothing kept
    (every record segmented, in the pool), then with every record kept. {docs/s by kind}."""
    by_id = {row.pk: row for row in rows}
    live = dict.fromkeys(by_id, 1)

    def build(ids):
        return [bench_fields(by_id[page_id]) for page_id in ids]

    figures = {}
    for kind in ("segment all", "kept") if segment_all else ("kept",):
        if kind == "segment all":
            IndexedRecord.objects.all().delete()
        text.reset_tokenizer()
        progress = tqdm(
            total=len(rows), unit="doc", desc=f"{label} {kind}", file=sys.stderr, leave=False
        )
        started = time.perf_counter()
        backend.rebuild(index_records(live, build), version=1, progress=progress.update)
        backend.refresh()
        figures[kind] = len(rows) / (time.perf_counter() - started)
        progress.close()
    return figures


def wagtail_index(label, rows):
    backend = get_search_backend()
    backend.reset_indexes()
    started = time.perf_counter()
    for start in tqdm(range(0, len(rows), 1000), desc=label, file=sys.stderr, leave=False):
        backend.add_bulk(BenchOpportunity, rows[start : start + 1000])
    return len(rows) / (time.perf_counter() - started)


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
    wagtail = f"wagtail modelsearch ({vendor})"
    out = {"vendor": vendor, "latency": [], "indexing": []}
    wagtail_scores = {
        shape: ndcg(wagtail_request(OpportunityPage, OpportunityPage.objects.live(), shape), judged)
        for shape in SHAPES
    }
    ours = {}
    if with_ours:
        ours["ours: elasticsearch"] = (
            ElasticsearchBackend(alias="bench-opportunities"),
            our_ndcg(ElasticsearchBackend(alias="bench-ndcg"), judged),
        )
        embedded = EmbeddedBackend(path=ROOT / "var" / "bench-search.sqlite3")
        ours["ours: embedded"] = (
            embedded,
            our_ndcg(EmbeddedBackend(path=ROOT / "var" / "bench-ndcg.sqlite3"), judged),
        )
        out["modelsearch_elasticsearch"] = modelsearch_elasticsearch_status()
    for size in sizes:
        BenchOpportunity.objects.all().delete()
        BenchOpportunity.objects.bulk_create(generate(size), batch_size=2000)
        rows = list(BenchOpportunity.objects.order_by("pk"))
        out["indexing"].append(
            {"engine": wagtail, "docs": size, "add_bulk": wagtail_index(wagtail, rows)}
        )
        out["latency"] += latency_rows(
            wagtail,
            size,
            {
                shape: wagtail_request(BenchOpportunity, BenchOpportunity.objects.all(), shape)
                for shape in SHAPES
            },
            queries,
            wagtail_scores,
        )
        for label, (backend, scores) in ours.items():
            backend.clear()
            figures = our_index(label, backend, rows, segment_all=label == "ours: elasticsearch")
            out["indexing"].append({"engine": label, "docs": size, **figures})
            out["latency"] += latency_rows(label, size, our_requests(backend), queries, scores)
            backend.clear()
        BenchOpportunity.objects.all().delete()
        IndexedRecord.objects.all().delete()
    out["database"] = (
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        if vendor == "postgresql"
        else f"SQLite {sqlite3.sqlite_version}"
    )
    print(json.dumps(out, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--phase", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--with-ours", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.sizes, with_ours=args.with_ours)
        return
    if not settings.ELASTICSEARCH_URL:
        sys.exit("ELASTICSEARCH_URL is not set: run `make services` and eval its env first.")
    postgres_url = os.environ.get("BENCH_POSTGRES_URL")
    if not postgres_url:
        print("BENCH_POSTGRES_URL not set: skipping the PostgreSQL phase", file=sys.stderr)
    machine = machine_line()
    results = []
    for name, database_url in (("sqlite", None), ("postgres", postgres_url)):
        if name == "postgres" and not database_url:
            continue
        env = {**os.environ}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        else:
            (ROOT / "var" / "bench.sqlite3").unlink(missing_ok=True)
        # Ours keep their records in PostgreSQL, as deployed; in SQLite when that is all there is.
        with_ours = name == "postgres" or not postgres_url
        command = [sys.executable, __file__, "--phase", name, "--sizes", *map(str, args.sizes)]
        command += ["--with-ours"] if with_ours else []
        completed = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    print(machine)
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print_tables(results)


def machine_line():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    return (
        f"machine: {os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
        f"Elasticsearch {server_version()}, load average before: "
        f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )


def print_tables(results):
    print(f"databases: {', '.join(result['database'] for result in results)}")
    print()
    print("indexing, docs/s (ours: segment all = nothing kept; kept = every revision unchanged)")
    print(f"{'engine':<32} {'docs':>7} {'segment all':>12} {'kept':>9} {'add_bulk':>9}")
    indexing = [row for result in results for row in result["indexing"]]
    for row in sorted(indexing, key=lambda row: row["docs"]):
        cells = [
            f"{row[kind]:>{width}.0f}" if kind in row else f"{'':>{width}}"
            for kind, width in (("segment all", 12), ("kept", 9), ("add_bulk", 9))
        ]
        print(f"{row['engine']:<32} {row['docs']:>7} {' '.join(cells)}")
    print()
    print(
        f"latency, ms: {len(query_set())} queries per round, up to {ROUNDS} rounds or "
        f"{QUERY_BUDGET_S:.0f} s per row (n = queries timed); × es = ratio to ours: "
        "elasticsearch, same shape; nDCG@10 on the judged demo set, same request"
    )
    print(
        f"{'engine':<32} {'shape':<10} {'docs':>7} {'p50':>8} {'p95':>8} {'n':>4} "
        f"{'p50 × es':>9} {'p95 × es':>9} {'nDCG@10':>8}"
    )
    latency = [row for result in results for row in result["latency"]]
    for size in sorted({row["docs"] for row in latency}):
        for shape in SHAPES:
            rows = [row for row in latency if row["docs"] == size and row["shape"] == shape]
            reference = next((row for row in rows if row["engine"] == "ours: elasticsearch"), None)
            for row in rows:
                ratios = (
                    f"{row['p50'] / reference['p50']:>9.2f} {row['p95'] / reference['p95']:>9.2f}"
                    if reference
                    else f"{'':>9} {'':>9}"
                )
                print(
                    f"{row['engine']:<32} {shape:<10} {size:>7} {row['p50']:>8.1f} "
                    f"{row['p95']:>8.1f} {row['samples']:>4} {ratios} {row['ndcg']:>8.3f}"
                )
    for result in results:
        if "modelsearch_elasticsearch" in result:
            print(f"wagtail modelsearch (elasticsearch 8): {result['modelsearch_elasticsearch']}")


if __name__ == "__main__":
    main()
