"""Tasks are queued through one helper (`core.tasks.Task.delay_on_commit`): after the
transaction commits, never for a rolled-back change, in-process under Celery eager, and softly
and quickly when the broker cannot be reached."""

import time

import pytest
from django.db import transaction

from config.celery_app import app as celery_app
from notifications.models import Notification
from notifications.tasks import send_notification_emails


def _forget_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker():
    """Tasks sent to a port where nothing listens, as when Redis is down."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False)
    _forget_connections()
    yield
    celery_app.conf.update(saved)
    _forget_connections()


@pytest.fixture
def notification(django_user_model):
    user = django_user_model.objects.create_user("queued", "queued@example.cn", "x")
    return Notification.objects.create(user=user, subject="Queued", body="…")


def _emailed(notification):
    notification.refresh_from_db()
    return notification.emailed_at is not None


def test_a_task_runs_only_once_its_transaction_has_committed(
    notification, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_notification_emails.delay_on_commit([notification.pk])
        assert not _emailed(notification)
    assert _emailed(notification)


def _queue_then_fail(notification):
    with transaction.atomic():
        send_notification_emails.delay_on_commit([notification.pk])
        raise RuntimeError("the change failed")


def test_a_task_of_a_rolled_back_transaction_is_never_queued(
    notification, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _queue_then_fail(notification)
    assert callbacks == []
    assert not _emailed(notification)


def test_an_unreachable_broker_neither_raises_nor_keeps_the_caller_waiting(
    notification, unreachable_broker, django_capture_on_commit_callbacks, caplog
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        send_notification_emails.delay_on_commit([notification.pk])
    assert time.monotonic() - started < 5
    assert "not queued" in caplog.text
    assert not _emailed(notification)  # left to the periodic task
