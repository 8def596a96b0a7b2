"""Fault drills on the real services: Redis, Elasticsearch and Celery workers are stopped or
killed while users publish and bid. Each drill prints one row of the drill table (`pytest -s`).

The bidding fixtures come from the scenarios tests; `celery_on_redis` makes this process send
tasks to the real Redis (as the web processes do) instead of running them eagerly.
"""

import subprocess
from pathlib import Path

import pytest

from config.celery_app import app as celery_app
from tests.scenarios.conftest import (  # noqa: F401  (fixtures used by the drills)
    _private_media_in_tmp,
    admin,
    challenge,
    company_a,
    company_b,
    list_page,
    publisher_org,
)

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"


def services(*args):
    """Run scripts/services.sh (start or stop a service) and fail the test if it fails."""
    completed = subprocess.run(
        ["bash", str(SERVICES), *args], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-2000:]


def _forget_connections():
    """Drop the app's pools so the next send connects to the broker now configured."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_on_redis(redis_url):
    """Tasks leave this process through the real Redis, as they do from the web processes."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=redis_url, task_always_eager=False)
    _forget_connections()
    try:
        yield celery_app
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
