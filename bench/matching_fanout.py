"""Fan-out of one publication: how long reverse matching (`matching_saved_searches`) takes to
find every saved search a newly published opportunity matches, against 10k and 100k saved
searches, on the Elasticsearch subscriptions index and on the embedded SQLite one.

Usage: `make bench-matching`, or
`python bench/matching_fanout.py --sizes 10000 100000 --publications 30`.

Saved searches are bulk-created (no service, no per-account limit) from the demo's keywords,
domains and regions with a fixed seed, in the shapes people save: one or two words (70%), words
and a filter (15%), filters only (10%), words and a budget floor (5%, checked after the index
answers). The shipped search dictionary is loaded, so synonym groups are real. Publications are
records generated from the demo's titles, keywords and sentences (as bench/search_bench.py
does), analysed by the same code a real publication goes through; each is matched once after
three warm-up matches. The database is a scratch SQLite file; the Elasticsearch index and the
embedded file are the bench's own.
"""

import argparse
import os
import random
import statistics
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
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from alerts.models import SavedSearch
from alerts.subscriptions import matching_saved_searches
from alerts.subscriptions.analysis import ANY, KEYWORD_FILTERS, required_terms
from alerts.subscriptions.elasticsearch import ElasticsearchSubscriptions
from alerts.subscriptions.embedded import EmbeddedSubscriptions
from bench.search_bench import DEMO, vocabulary
from search import text
from search.connection import server_version
from search.documents import with_words

WARM_UP = 3
ES_INDEX = "bench-matching-subscriptions"
EMBEDDED_PATH = ROOT / "var" / "bench-matching-subscriptions.sqlite3"


def taxonomy():
    return {
        "domains": [child["slug"] for top in DEMO["domains"] for child in top.get("children", [])],
        "regions": [region["slug"] for region in DEMO["regions"]],
    }


def saved_search_rows(start, count, user, rng, words, places):
    """`count` unsaved SavedSearch rows, numbered from `start`."""
    rows = []
    for number in range(start, start + count):
        shape = rng.random()
        keywords = rng.sample(words["keywords"], rng.choice([1, 1, 2]))
        query, filters = " ".join(keywords), {}
        if shape >= 0.70 and shape < 0.85:
            filters = rng.choice(
                [
                    {"domain": rng.choice(places["domains"])},
                    {"region": rng.choice(places["regions"])},
                    {"kind": rng.choice(["scenario", "challenge"])},
                ]
            )
        elif shape >= 0.85 and shape < 0.95:
            query = ""
            filters = rng.choice(
                [
                    {"domain": rng.choice(places["domains"])},
                    {"region": rng.choice(places["regions"]), "kind": "challenge"},
                ]
            )
        elif shape >= 0.95:
            filters = {"amount_min": float(rng.choice([50, 100, 300]))}
        rows.append(
            SavedSearch(
                user=user, name=f"bench-{number}", query=query, filters=filters, index_pending=False
            )
        )
    return rows


def documents(saved_searches, cache):
    for saved in saved_searches:
        if saved.query not in cache:
            cache[saved.query] = required_terms(saved.query)
        yield {
            "id": saved.pk,
            "version": saved.version,
            "terms": cache[saved.query],
            **{name: str(saved.filters.get(name) or ANY) for name in KEYWORD_FILTERS},
            "checked": "amount_min" in saved.filters,
        }


def publications(count, rng, words, places):
    now = timezone.now()
    records = []
    for number in range(count):
        keywords = rng.sample(words["keywords"], 3)
        fields = {
            "id": 10_000_000 + number,
            "revision": 1,
            "ref": f"JB-M-{number:04d}",
            "kind": rng.choice(["scenario", "challenge"]),
            "title": text.fold(f"{keywords[0]}{rng.choice(words['titles'])}"),
            "display_title": f"{keywords[0]}{rng.choice(words['titles'])}",
            "summary": text.fold("。".join(rng.sample(words["sentences"], 2))),
            "body": text.fold("。".join(rng.sample(words["sentences"], 6))),
            "keywords": sorted(keywords),
            "keywords_text": text.fold(" ".join(keywords)),
            "organization": "",
            "organization_slug": "",
            "domains": [rng.choice(places["domains"])],
            "region": rng.choice(places["regions"]),
            "region_name": "",
            "list_id": 1,
            "list_title": "",
            "level": "",
            "opens_at": None,
            "deadline": (now + timedelta(days=rng.randint(5, 90))).isoformat(),
            "amount_wan": rng.choice([None, 50, 100, 200, 300, 500]),
            "published_at": now.isoformat(),
            "url": f"/bench/{number}/",
        }
        records.append(with_words(fields))
    return records


def timed(index, records):
    for record in records[:WARM_UP]:
        matching_saved_searches(record, index=index)
    times, matched = [], []
    for record in records:
        started = time.perf_counter()
        found = matching_saved_searches(record, index=index)
        times.append((time.perf_counter() - started) * 1000)
        matched.append(found)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "matched": statistics.mean(len(found) for found in matched),
        "found": matched,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--publications", type=int, default=30)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("load_search_dictionary", verbosity=0)
    text.reset_tokenizer()
    SavedSearch.objects.all().delete()
    user, _created = get_user_model().objects.get_or_create(username="bench-matching")
    rng, words, places = random.Random(2026), vocabulary(), taxonomy()
    records = publications(args.publications, random.Random(7), words, places)
    indices = {"embedded": EmbeddedSubscriptions(path=EMBEDDED_PATH)}
    if settings.ELASTICSEARCH_URL:
        indices["elasticsearch"] = ElasticsearchSubscriptions(index=ES_INDEX)
    for index in indices.values():
        index.clear()

    cache, rows, loaded = {}, [], 0
    for size in sorted(args.sizes):
        batch = saved_search_rows(loaded, size - loaded, user, rng, words, places)
        created = SavedSearch.objects.bulk_create(batch, batch_size=5000)
        loaded = size
        docs = list(documents(created, cache))
        for index in indices.values():
            started = time.perf_counter()
            index.put_many(docs)
            load_s = time.perf_counter() - started
            figures = timed(index, records)
            rows.append((size, index.name, load_s, figures))
            print(
                f"  {index.name} at {size}: loaded +{len(docs)} in {load_s:.1f}s, "
                f"median {figures['median']:.1f} ms",
                file=sys.stderr,
            )

    version = f"Elasticsearch {server_version()}" if settings.ELASTICSEARCH_URL else "no ES"
    print(
        f"\nFan-out of one publication ({args.publications} publications, {version}, "
        f"SQLite {__import__('sqlite3').sqlite_version})\n"
    )
    print(
        f"{'saved searches':>15} | {'backend':<13} | {'median ms':>9} | {'p95 ms':>8} | "
        f"{'matched (mean)':>14} | {'× ES median':>11}"
    )
    print("-" * 86)
    medians = {(size, name): figures["median"] for size, name, _load, figures in rows}
    for size, name, _load, figures in rows:
        es = medians.get((size, "elasticsearch"))
        ratio = f"{figures['median'] / es:.2f}" if es else "—"
        print(
            f"{size:>15,} | {name:<13} | {figures['median']:>9.1f} | {figures['p95']:>8.1f} | "
            f"{figures['matched']:>14.1f} | {ratio:>11}"
        )
    for size in sorted(args.sizes):
        found = [figures["found"] for row_size, _name, _load, figures in rows if row_size == size]
        same = all(answer == found[0] for answer in found)
        print(f"{size:,}: both backends find the same saved searches: {'yes' if same else 'NO'}")
    for index in indices.values():
        index.clear()


if __name__ == "__main__":
    main()
