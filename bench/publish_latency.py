"""Publish to searchable: how long after an editor publishes a page it is found by search.

Usage: `make bench-publish` (starts the services, uses a scratch PostgreSQL database), or, with
DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL set, `python bench/publish_latency.py --pages 50`.

The real path: a Celery worker is started as a subprocess (`celery -A config worker`, prefork, two
children, as deploy/ runs it) on the Redis of REDIS_URL; the demo is loaded and indexed
(`search_index --rebuild`); then N challenges, copied as drafts from a demo challenge with a
title naming a token of their own, are published one after another as an editor does
(`save_revision()` then `publish()`: the outbox row is written in the publish's transaction and
the task queued after commit). Timed for each page: from the start of `save_revision()` to the
first answer of the query service (`search_opportunities`, polled every 20 ms) that lists it.
The next page is published once the previous one is found. Prints median, p95 and max.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("SEARCH_INDEX_ALIAS", "bench-publish")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections

from cms.models import ChallengePage
from search.connection import server_version
from search.indexing import apply_pending, rebuild_index
from search.models import IndexOperation
from search.queries import SearchParams, search_opportunities

POLL_S = 0.02
GIVE_UP_S = 60


def start_worker(log_path):
    log = open(log_path, "ab")  # noqa: SIM115  (closed with the process, by stop_worker)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "prefork", "--concurrency", "2", "--loglevel", "WARNING"),
            *("--hostname", f"bench-publish-{uuid.uuid4().hex[:8]}@%h"),
            *("--without-gossip", "--without-mingle"),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


def found(ref, token):
    results = search_opportunities(SearchParams(q=token, page_size=10))
    return any(hit["ref"] == ref for hit in results.hits)


def publish_and_wait(template, number, run, give_up_s=GIVE_UP_S):
    """Seconds from the editor's publish to the page being found, for one new page."""
    token = f"pub{run}n{number:04d}"
    ref = f"JB-P-{run}-{number:04d}"
    page = template.copy(
        to=template.get_parent(),
        keep_live=False,
        update_attrs={
            "title": f"{template.title} {token}",
            "slug": f"{template.slug}-{token}",
            "ref": ref,
        },
    ).specific
    started = time.perf_counter()
    page.save_revision().publish()
    while not found(ref, token):
        if time.perf_counter() - started > give_up_s:
            raise SystemExit(f"{ref} not searchable after {give_up_s} s: is the worker running?")
        time.sleep(POLL_S)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    if not (settings.ELASTICSEARCH_URL and settings.REDIS_URL):
        sys.exit("Set ELASTICSEARCH_URL and REDIS_URL (make bench-publish does).")
    call_command("migrate", verbosity=0)
    if not ChallengePage.objects.live().exists():
        call_command("load_demo", verbosity=0)
    rebuild_index()
    apply_pending()  # what loading the demo queued is applied: the worker starts with no-ops
    template = ChallengePage.objects.live().order_by("pk").first()
    load_before = os.getloadavg()
    log_path = ROOT / "var" / "bench-publish-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    worker = start_worker(log_path)
    run = uuid.uuid4().hex[:6]
    try:
        # Warm-up: the worker starts its children and works through what is queued before.
        publish_and_wait(template, 0, run, give_up_s=10 * GIVE_UP_S)
        timings = []
        for number in range(1, args.pages + 1):
            timings.append(publish_and_wait(template, number, run) * 1000)
            close_old_connections()
    finally:
        stop_worker(worker)
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    pending = IndexOperation.objects.pending().count()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Elasticsearch {server_version()}, Celery worker prefork ×2 on Redis; "
        f"load average before: {' '.join(f'{load:.2f}' for load in load_before)}, "
        f"after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}"
    )
    print(
        "publish → searchable (save_revision + publish, to the first search that lists it), "
        f"{len(timings)} pages one after another, ms; pending outbox rows after: {pending}"
    )
    print(f"{'median':>8} {'p95':>8} {'max':>8} {'min':>8}")
    print(f"{statistics.median(ordered):>8.0f} {p95:>8.0f} {ordered[-1]:>8.0f} {ordered[0]:>8.0f}")


if __name__ == "__main__":
    main()
