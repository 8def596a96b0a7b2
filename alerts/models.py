"""Saved searches, the alerts each was sent (one row per publication event), and follows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """A search (its words and filters, by the search form's parameter names) an account wants
    to be told about. `index_pending` is the outbox of the subscriptions index: set in the
    transaction that changes the row, cleared once the index holds the change."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search words"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    index_pending = models.BooleanField(default=True, db_index=True)
    # Raised by every change; the index keeps the version it holds, so a stale write loses.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class AlertDelivery(models.Model):
    """That one saved search was told of one publication event of one opportunity ("published",
    or "amended:<revision id>"). The unique constraint is what makes a retried or killed task
    tell each saved search exactly once: the row and its notification commit together."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries"
    )
    opportunity_id = models.PositiveBigIntegerField(db_index=True)
    event = models.CharField(max_length=40)
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "opportunity_id", "event"],
                name="alerts_one_delivery_per_event",
            )
        ]

    def __str__(self):
        return f"{self.saved_search_id} → {self.opportunity_id} ({self.event})"


class Follow(models.Model):
    """An account follows (关注) one opportunity: it is told of answered questions, amendments
    and the result."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    opportunity = models.ForeignKey(
        "cms.OpportunityPage", on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed opportunity")
        verbose_name_plural = _("followed opportunities")
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="alerts_one_follow")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.opportunity_id}"


class PublicationEvent(models.Model):
    """The outbox of reverse matching: written in the transaction that publishes or amends an
    opportunity, marked done once every saved search it matches has been told, so a lost task
    is picked up by the periodic drain."""

    opportunity_id = models.PositiveBigIntegerField()
    event = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity_id", "event"], name="alerts_one_publication_event"
            )
        ]

    def __str__(self):
        return f"{self.opportunity_id} {self.event}"
