"""Celery tasks of notifications: send the e-mails of new notifications, and every one pending."""

from celery import shared_task

from .services import send_emails


@shared_task(acks_late=True)
def send_notification_emails(notification_ids):
    """E-mail these notifications (safe to run twice: each is mailed at most once)."""
    return send_emails(notification_ids)


@shared_task(acks_late=True)
def send_pending_notification_emails():
    """E-mail every notification still pending; run periodically by beat."""
    return send_emails()
