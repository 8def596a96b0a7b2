"""A busy Celery worker survives its broker going away for 30 s (defect 14), and a worker killed
with `kill -9` mid-burst loses nothing: the outbox, the notifications and beat's drains finish
its work. Redis here keeps nothing across a restart (no persistence), as a fresh Redis would."""

import os
import signal
import time

import pytest
from django.contrib.auth import get_user_model

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_notification_emails, send_pending_notification_emails
from search.backends import get_backend, reset_backends
from search.indexing import check_index
from search.models import IndexOperation
from search.tasks import drain_index_outbox
from tests.celery_worker import celery_worker, start_worker, stop_worker, wait_until
from tests.factories import ScenarioPageFactory
from tests.search.conftest import publish

from .conftest import services
from .table import print_drill_row

OUTAGE_S = 30
BURST = 200


def _emailed(*notifications):
    pks = [notification.pk for notification in notifications]
    return lambda: (
        Notification.objects.filter(pk__in=pks, emailed_at__isnull=False).count() == len(pks)
    )


def _tail(path):
    return path.read_text(errors="replace")[-3000:]


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("drill", "drill@example.cn", "x")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_busy_worker_survives_a_thirty_second_redis_outage_and_then_processes_tasks(
    celery_on_redis, redis_url, user, tmp_path
):
    burst = Notification.objects.bulk_create(
        Notification(user=user, subject=f"burst {n}", body="…") for n in range(BURST)
    )
    log = tmp_path / "worker.log"
    with celery_worker(redis_url, log) as worker:
        for notification in burst:  # the worker always holds an unacknowledged one
            send_notification_emails.delay([notification.pk])
        assert wait_until(_emailed(burst[0]), 60), _tail(log)

        services("stop", "redis")
        try:
            time.sleep(OUTAGE_S)
            assert worker.poll() is None, _tail(log)
        finally:
            services("start", "redis")

        after = Notification.objects.create(user=user, subject="after", body="after the outage")
        send_notification_emails.delay([after.pk])
        assert wait_until(_emailed(after), 90), _tail(log)
        send_pending_notification_emails.delay()  # beat's sweep: the burst Redis forgot
        assert wait_until(_emailed(*burst), 90), _tail(log)
        assert worker.poll() is None, _tail(log)


@pytest.fixture
def shared_embedded_index(settings, tmp_path):
    """The embedded index in a file the test and its worker subprocess both use."""
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    reset_backends()
    yield {"ELASTICSEARCH_URL": "", "SEARCH_EMBEDDED_PATH": str(settings.SEARCH_EMBEDDED_PATH)}
    reset_backends()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_burst_loses_nothing_once_beat_drains(
    celery_on_redis, redis_url, home_page, user, shared_embedded_index, tmp_path
):
    from tests.factories import OpportunityListPageFactory

    listing = OpportunityListPageFactory(parent=home_page)
    log = tmp_path / "worker.log"
    worker = start_worker(redis_url, log, **shared_embedded_index)
    try:
        pages, user_errors = [], 0
        for n in range(40):
            try:
                page = publish(ScenarioPageFactory(parent=listing, title=f"突发{n}", slug=f"b{n}"))
                pages.append(page)
                notify([user], f"published {n}", "…")
            except Exception:
                user_errors += 1
            if n == 10:  # mid-burst: applied some, holding one, the rest queued
                assert wait_until(
                    lambda: IndexOperation.objects.filter(applied_at__isnull=False).exists(), 60
                ), _tail(log)
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
                worker.log.close()
                worker = start_worker(redis_url, log, **shared_embedded_index)
        recovery_started = time.monotonic()
        drain_index_outbox.delay()  # what beat sends every minute
        send_pending_notification_emails.delay()

        def clean():
            pending = IndexOperation.objects.pending().exists()
            unsent = Notification.objects.filter(email_claimed_at__isnull=True).exists()
            return not pending and not unsent

        assert wait_until(clean, 120), _tail(log)
        clean_in = time.monotonic() - recovery_started
    finally:
        stop_worker(worker)

    backend = get_backend()
    check = check_index(backend)
    in_doubt = Notification.objects.filter(
        email_claimed_at__isnull=False, emailed_at__isnull=True
    ).count()
    lost = (
        IndexOperation.objects.pending().count()
        + Notification.objects.filter(email_claimed_at__isnull=True).count()
    )
    drift = len(check.missing) + len(check.stale) + len(check.extra)
    print_drill_row(
        f"worker kill -9 mid-burst (e-mails in doubt: {in_doubt})",
        len(pages) * 2,
        user_errors,
        lost,
        drift,
        clean_in,
    )
    assert user_errors == 0
    assert lost == 0
    assert drift == 0
    assert in_doubt <= 1  # only the one the killed worker held, never mailed again
