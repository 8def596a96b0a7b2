"""In-site notifications, which double as the outbox of the e-mails that repeat them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one account, shown in the site at once and e-mailed by a Celery task.

    The row is written in the same transaction as the event it reports; `emailed_at` stays empty
    until the mail has gone out, so a Redis or mail outage delays the e-mail and loses nothing
    (the periodic task sends what is still pending). `email_claimed_at` is set and committed
    before the mail is handed to the mail server, so a task run twice (a redelivery after a
    worker died) never mails twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    # A signed one-click unsubscribe link (alerts): its e-mail carries it in the body and in
    # the List-Unsubscribe header.
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject
