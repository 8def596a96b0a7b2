"""Celery tasks of scenarios: send notification e-mails, and retry the ones still pending."""

from celery import shared_task

from .notifications import send_emails


@shared_task(acks_late=True)
def send_notification_emails(notification_ids):
    """E-mail these notifications (safe to run twice)."""
    return send_emails(notification_ids)


@shared_task(acks_late=True)
def send_pending_notification_emails():
    """E-mail every notification still pending; run periodically by beat."""
    return send_emails()
