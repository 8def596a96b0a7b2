"""Notification e-mails go out once: a row is claimed, committed, before its mail is handed to
the mail server, so a task run twice or redelivered after its worker died never mails twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_notification_emails, send_pending_notification_emails


class WorkerKilled(BaseException):
    """A kill -9 as the code sees it: nothing after this point runs, no handler catches it."""


class MailThenDieBackend(EmailBackend):
    """The mail server has the message; the worker dies before it can note that."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("notified", "notified@example.cn", "x")


def test_a_notification_redelivered_after_its_worker_died_mid_send_is_not_mailed_twice(
    user, settings
):
    notification = Notification.objects.create(user=user, subject="Bid received", body="…")
    settings.EMAIL_BACKEND = "tests.notifications.test_emails.MailThenDieBackend"
    with pytest.raises(WorkerKilled):
        send_notification_emails([notification.pk])

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_notification_emails([notification.pk])  # the broker redelivers the unacknowledged task
    send_pending_notification_emails()  # and beat's sweep comes by

    assert [message.subject for message in mail.outbox] == ["Bid received"]


def test_a_task_run_twice_mails_once_under_one_message_id(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify([user], "Question answered", "See the answer.", url="/q/1/")
    assert send_notification_emails([notification.pk]) == 0  # sent on commit already
    assert send_pending_notification_emails() == 0

    [message] = mail.outbox
    assert (
        message.extra_headers["Message-ID"]
        == f"<notification-{notification.pk}@opportunities.example.cn>"
    )
    assert message.body.endswith("http://testserver/q/1/")
    notification.refresh_from_db()
    assert (notification.email_attempts, notification.email_error) == (1, "")
    assert notification.email_claimed_at <= notification.emailed_at


def _notify_then_fail(user):
    with transaction.atomic():
        notify([user], "Never happened", "…")
        raise RuntimeError("the change failed")


def test_notifications_of_a_failed_transaction_are_neither_kept_nor_mailed(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _notify_then_fail(user)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_marking_read_touches_only_the_accounts_own_notifications(django_user_model):
    from notifications.services import notifications_mark_read

    reader = django_user_model.objects.create_user("reader", "r@example.cn", "x")
    other = django_user_model.objects.create_user("other", "o@example.cn", "x")
    notify([reader, other], "公告", "正文")
    theirs = Notification.objects.get(user=other)
    assert notifications_mark_read(reader, [theirs.pk]) == 0
    assert notifications_mark_read(reader) == 1
    assert Notification.objects.get(user=other).read_at is None
