"""Server-side render time and query count of the public pages, on whatever database the settings name.

Usage: `make bench` (embedded default, demo loaded first) or
`DATABASE_URL=... .venv/bin/python bench/page_render.py --rounds 100`.
Prints one row per page kind: median and p95 in milliseconds, the ratio of each median to the
home page's, and the number of SQL queries one render makes (a climbing count is an N+1).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import ChallengePage, HomePage, OpportunityListPage, ScenarioPage


def pages_to_render():
    """(label, path) of one page of each kind, the largest list, and that list filtered."""
    home = HomePage.objects.live().first()
    lists = OpportunityListPage.objects.live()
    largest = max(lists, key=lambda page: page.get_children().live().count(), default=None)
    scenario = ScenarioPage.objects.live().first()
    challenge = ChallengePage.objects.live().first()
    if not (home and largest and scenario and challenge):
        sys.exit("No demo content: run `python manage.py load_demo` first (make bench does).")
    return [
        ("home", home.url),
        ("list (largest)", largest.url),
        ("list ?status=open&kind=challenge", largest.url + "?status=open&kind=challenge"),
        ("scenario", scenario.url),
        ("challenge", challenge.url),
    ]


def measure(client, path, rounds):
    client.get(path)  # warm caches and renditions; not counted
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="renders per page (default 50)")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    rows = [(label, *measure(client, path, args.rounds)) for label, path in pages_to_render()]
    home_median = rows[0][1]

    print(f"database: {connection.vendor}, rounds per page: {args.rounds}, DEBUG={settings.DEBUG}")
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'× home':>7} {'queries':>8}")
    for label, median, p95, queries in rows:
        print(f"{label:<34} {median:>10.1f} {p95:>8.1f} {median / home_median:>7.2f} {queries:>8}")


if __name__ == "__main__":
    main()
