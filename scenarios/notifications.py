"""Notifying accounts: an in-site Notification row written with the event, and its e-mail sent
by a Celery task after commit (retried by the periodic task until it goes out)."""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 10


def notify(users, subject, body, url=""):
    """Write one notification per account in the current transaction; e-mail them after commit."""
    notifications = Notification.objects.bulk_create(
        Notification(user=user, subject=subject[:200], body=body, url=url) for user in users
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(partial(_queue_emails, ids))
    return notifications


def _queue_emails(notification_ids):
    """Hand the e-mails to a worker (or send them now under Celery eager). Never raises: the rows
    are committed and `send_pending_emails` sends whatever this could not."""
    from celery import current_app

    from .tasks import send_notification_emails

    try:
        if current_app.conf.task_always_eager:
            send_emails(notification_ids)
        else:
            send_notification_emails.delay(notification_ids)
    except Exception:  # broker down: the rows wait for the periodic task
        logger.warning("e-mails of notifications %s stay pending", notification_ids, exc_info=True)


def send_emails(notification_ids=None, limit=200):
    """Send the pending e-mails (all of them, or these); returns how many went out. Safe to run
    twice: each row is locked while it is sent and marked when it has gone."""
    sent = 0
    pending = Notification.objects.filter(
        emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS
    ).exclude(user__email="")
    if notification_ids is not None:
        pending = pending.filter(pk__in=notification_ids)
    for pk in pending.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            try:
                link = (
                    f"\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.url}"
                    if notification.url
                    else ""
                )
                send_mail(
                    notification.subject,
                    notification.body + link,
                    settings.DEFAULT_FROM_EMAIL,
                    [notification.user.email],
                )
            except Exception as error:  # mail server down: counted, retried later
                notification.email_attempts += 1
                notification.email_error = str(error)[:300]
                notification.save(update_fields=["email_attempts", "email_error"])
                logger.warning("e-mail of notification %s failed: %s", pk, error)
                continue
            notification.emailed_at = timezone.now()
            notification.email_attempts += 1
            notification.email_error = ""
            notification.save(update_fields=["emailed_at", "email_attempts", "email_error"])
            sent += 1
    return sent
