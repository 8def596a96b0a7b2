"""Notifying accounts: `notify` writes an in-site Notification row with the event and queues its
e-mail after commit; `send_emails` sends pending e-mails, each at most once;
`notifications_mark_read` is the account reading them."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 10


def notify(users, subject, body, url="", unsubscribe_url=""):
    """Write one notification per account in the current transaction; e-mail them after commit
    (or, with the broker down, when the periodic task finds them pending)."""
    return notify_each(
        {
            "user": user,
            "subject": subject,
            "body": body,
            "url": url,
            "unsubscribe_url": unsubscribe_url,
        }
        for user in users
    )


def notify_each(messages):
    """`notify` for messages that differ per account: dicts with user (or user_id), subject,
    body, and optionally url and unsubscribe_url; one insert for all of them."""
    from .tasks import send_notification_emails

    rows = []
    for message in messages:
        message = dict(message)
        message["subject"] = message["subject"][:200]
        rows.append(Notification(**message))
    notifications = Notification.objects.bulk_create(rows)
    ids = [notification.pk for notification in notifications]
    if ids:
        send_notification_emails.delay_on_commit(ids)
    return notifications


def notifications_mark_read(user, notification_ids=None):
    """Mark the account's own unread notifications (all, or these) read; returns how many.
    Another account's notifications are never touched, whatever ids are given."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def send_emails(notification_ids=None, limit=200):
    """Send the pending e-mails (all of them, or these); returns how many went out.

    Each row is claimed in its own committed transaction before its mail is handed to the mail
    server, so a task run twice, or redelivered after its worker died mid-send, never mails
    twice: a mail the server refused is unclaimed and retried; a worker killed between the claim
    and the confirmation leaves the row claimed and unconfirmed (the in-site notification stands,
    the e-mail is not repeated).
    """
    pending = Notification.objects.filter(
        email_claimed_at__isnull=True,
        emailed_at__isnull=True,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).exclude(user__email="")
    if notification_ids is not None:
        pending = pending.filter(pk__in=notification_ids)
    sent = 0
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        if not _claim(pk):
            continue  # another worker has it
        notification = Notification.objects.select_related("user").get(pk=pk)
        try:
            _message(notification).send()
        except Exception as error:  # mail server down: counted, retried later
            Notification.objects.filter(pk=pk).update(
                email_claimed_at=None, email_error=str(error)[:300]
            )
            logger.warning("e-mail of notification %s failed: %s", pk, error)
            continue
        Notification.objects.filter(pk=pk).update(emailed_at=timezone.now(), email_error="")
        sent += 1
    return sent


def _claim(pk):
    """Mark a pending notification as being e-mailed, committed; False if it is not pending."""
    with transaction.atomic():
        claimed = Notification.objects.filter(
            pk=pk, email_claimed_at__isnull=True, emailed_at__isnull=True
        ).update(email_claimed_at=timezone.now(), email_attempts=F("email_attempts") + 1)
    return claimed == 1


def _message(notification):
    link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    # One Message-ID per notification: should a copy ever go out twice, mail clients and
    # servers see the same message.
    headers = {"Message-ID": f"<notification-{notification.pk}@{domain}>"}
    if notification.unsubscribe_url:
        unsubscribe = f"{settings.WAGTAILADMIN_BASE_URL}{notification.unsubscribe_url}"
        link += "\n\n" + _("Unsubscribe with one click: %(url)s") % {"url": unsubscribe}
        # RFC 8058: mail clients offer their own unsubscribe button and POST to the link.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(
        notification.subject,
        notification.body + link,
        settings.DEFAULT_FROM_EMAIL,
        [notification.user.email],
        headers=headers,
    )
