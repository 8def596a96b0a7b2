"""A real Celery worker on Redis, killed with `kill -9` while it delivers one publication's
alerts (real PostgreSQL and Elasticsearch): the chunks it committed stay, the publication event
stays pending, and beat's drain finishes the rest, each saved search told exactly once."""

import contextlib
import os
import signal
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from alerts.models import AlertDelivery, PublicationEvent, SavedSearch
from alerts.services import publication_events_drain
from alerts.subscriptions import get_subscriptions, reset_subscriptions, subscriptions_sync
from config.celery_app import app as celery_app
from notifications.models import Notification
from search.backends import reset_backends
from tests.alerts.conftest import publish
from tests.celery_worker import start_worker, stop_worker, wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.elasticsearch,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SAVED_SEARCHES = 6000  # twelve chunks: long enough to be killed half-way


def _children(pid):
    """The processes whose parent is `pid` (a prefork worker's pool)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _kill(worker):
    for pid in [worker.pid, *_children(worker.pid)]:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, signal.SIGKILL)
    worker.wait()


@pytest.fixture
def elasticsearch_indices(elasticsearch_url, settings):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_ALIAS = f"test-alerts-kill-{uuid.uuid4().hex[:10]}"
    reset_backends()
    reset_subscriptions()
    yield {
        "ELASTICSEARCH_URL": elasticsearch_url,
        "TEST_SEARCH_INDEX_ALIAS": settings.SEARCH_INDEX_ALIAS,
    }
    get_subscriptions().clear()
    reset_subscriptions()
    reset_backends()


def test_a_worker_killed_mid_batch_leaves_each_saved_search_told_once(
    postgres, redis_url, elasticsearch_indices, battery_challenge, tmp_path
):
    user = get_user_model().objects.create_user("many", "many@example.cn", "x")
    SavedSearch.objects.bulk_create(
        SavedSearch(user=user, name=f"热失控{n}", query="热失控") for n in range(SAVED_SEARCHES)
    )
    subscriptions_sync()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=redis_url, task_always_eager=False)
    celery_app._pool = None
    log = tmp_path / "worker.log"
    worker = start_worker(redis_url, log, **elasticsearch_indices)
    try:
        publish(battery_challenge)  # the alert task goes to Redis after the commit
        assert wait_until(lambda: AlertDelivery.objects.exists(), 120), log.read_text()[-3000:]
        _kill(worker)
        at_kill = AlertDelivery.objects.count()
    finally:
        stop_worker(worker)
        celery_app.conf.update(saved)
        celery_app._pool = None
    assert 0 < at_kill < SAVED_SEARCHES  # killed half-way
    assert PublicationEvent.objects.get().done_at is None

    publication_events_drain()  # what beat runs every two minutes

    assert AlertDelivery.objects.count() == SAVED_SEARCHES
    assert Notification.objects.count() == SAVED_SEARCHES  # none twice, none lost
    assert PublicationEvent.objects.get().done_at is not None
