"""Latency and throughput of bid submission through gunicorn (4 sync workers, as deploy/ runs
it) on PostgreSQL, at rising numbers of concurrent clients: what a deadline rush costs.

Usage: `make bench-bids` (creates the database `bench_bids` on the test PostgreSQL), or
`BENCH_POSTGRES_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/bid_submit.py`.
Each level submits fresh complete drafts through the JSON API with bearer tokens; a row gives
the median and p95 answer time, the submissions written per second, and each median's ratio to
the single-client one. Also prints how many SQL queries one submission makes.

By default the server runs the production settings (config.settings.production: persistent
database connections, the default password hasher, Celery on Redis) with a real Celery worker
sending the receipt e-mails, as deploy/ runs it; `--settings test` runs the suite's settings
(Celery eager: the e-mail is sent inside the request) for comparison. The table names which.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
if "BENCH_POSTGRES_URL" not in os.environ:
    sys.exit("Set BENCH_POSTGRES_URL to an empty PostgreSQL database (make bench-bids does).")
os.environ["DATABASE_URL"] = os.environ["BENCH_POSTGRES_URL"]

import django

django.setup()

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import APIToken

from cms.models import ChallengeTarget, HomePage
from scenarios import services
from tests.celery_worker import celery_worker
from tests.factories import ChallengePageFactory, OpportunityListPageFactory
from tests.gunicorn import gunicorn_serving
from tests.scenarios.conftest import complete_bid, make_company

LEVELS = (1, 4, 16, 64)
WORKERS = 4
# Production settings on loopback: no TLS in front, mails to the worker's log.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
}


def percentile(sorted_values, share):
    return sorted_values[min(len(sorted_values) - 1, round(share * len(sorted_values)) - 1)]


def prepare(count):
    """A challenge open for a day and `count` verified organisations with complete drafts."""
    call_command("migrate", verbosity=0)
    moderator = get_user_model().objects.filter(username="bench-admin").first()
    moderator = moderator or get_user_model().objects.create_superuser("bench-admin", "", "x")
    challenge = ChallengePageFactory(
        parent=OpportunityListPageFactory(parent=HomePage.objects.get()),
        title="基准测试榜",
        application_deadline=timezone.now() + timedelta(days=1),
        bounty_wan=120,
    )
    ChallengeTarget.objects.create(
        page=challenge, indicator="检测准确率", target_value="≥99", unit="%"
    )
    bidders = []
    for number in tqdm(range(count), desc="drafts", unit="bid"):
        company, user = make_company(f"基准单位{number:05d}", f"bench{number}", moderator=moderator)
        bid = services.bid_create(company, challenge, user, fields={"summary": ""})
        complete_bid(bid, user)
        bidders.append((bid.pk, APIToken.create_token(user=user, name="bench")[1]))
    return bidders


def queries_per_submit(bid_id, key):
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            f"/api/v1/bids/{bid_id}/submit", headers={"Authorization": f"Bearer {key}"}
        )
    assert response.status_code == 200, response.content
    return len(queries)


def run_level(url, bidders, clients):
    """Submit every bid in `bidders` with `clients` threads; (latencies in ms, wall seconds)."""
    queue, latencies, lock = list(bidders), [], threading.Lock()

    def client():
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                bid_id, key = queue.pop()
            started = time.perf_counter()
            response = session.post(
                f"{url}/api/v1/bids/{bid_id}/submit",
                headers={"Authorization": f"Bearer {key}"},
                timeout=60,
            )
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), time.perf_counter() - started


@contextmanager
def serving(settings_name, database_url):
    """The server's URL (and, with production settings, a Celery worker on REDIS_URL)."""
    if settings_name == "test":
        with gunicorn_serving(database_url, workers=WORKERS) as url:
            yield url
        return
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        sys.exit("Production settings need REDIS_URL (make bench-bids sets it).")
    # The tokens were hashed with this process's key: the server must check them with it.
    environment = {
        **PRODUCTION,
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    log = Path(tempfile.gettempdir()) / "bench-bids-worker.log"
    with (
        celery_worker(redis_url, log, **environment),
        gunicorn_serving(database_url, workers=WORKERS, **environment) as url,
    ):
        yield url


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-level", type=int, default=100, help="submissions per level")
    parser.add_argument("--settings", choices=("production", "test"), default="production")
    args = parser.parse_args()
    bidders = prepare(args.per_level * len(LEVELS) + 1)
    print(f"SQL queries per submission: {queries_per_submit(*bidders.pop())}")
    rows = []
    with serving(args.settings, os.environ["DATABASE_URL"]) as url:
        for index, clients in enumerate(LEVELS):
            batch = bidders[index * args.per_level : (index + 1) * args.per_level]
            latencies, wall = run_level(url, batch, clients)
            rows.append((clients, len(latencies), latencies, wall))
    base = statistics.median(rows[0][2])
    print(f"\nbid submission through gunicorn ({WORKERS} workers), {os.cpu_count()} CPUs")
    if args.settings == "production":
        print(
            "settings: config.settings.production (persistent connections, default hasher), "
            "Celery on Redis with a real worker (prefork, 2 children) sending the receipts"
        )
    else:
        print(
            "settings: config.settings.test: Celery eager (the receipt e-mail is sent inside "
            "the request, no broker), MD5 password hasher, no persistent database connections"
        )
    print(f"{'clients':>7} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'submits/s':>10} {'p50 × 1':>8}")
    for clients, count, latencies, wall in rows:
        median = statistics.median(latencies)
        print(
            f"{clients:>7} {count:>5} {median:>8.1f} {percentile(latencies, 0.95):>8.1f} "
            f"{count / wall:>10.1f} {median / base:>8.2f}"
        )


if __name__ == "__main__":
    main()
