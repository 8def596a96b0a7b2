"""Celery tasks of alerts: thin, by primary key, safe to run twice."""

from celery import shared_task
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import TransportError

from search.backends import SearchUnavailable

from . import services
from .models import SavedSearch
from .subscriptions import subscriptions_remove, subscriptions_sync

RETRYABLE = (SearchUnavailable, ElasticsearchConnectionError, TransportError, OSError)
RETRY = {
    "autoretry_for": RETRYABLE,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(**RETRY)
def alert_publication(page_id, event):
    """Tell every saved search this publication event matches (each at most once)."""
    return services.publication_alerts(page_id, event)


@shared_task(acks_late=True)
def drain_publication_events():
    """Alert the publication events still pending; run periodically by beat."""
    return services.publication_events_drain()


@shared_task(**RETRY)
def index_saved_searches(saved_search_ids):
    """Write these saved searches' changes to the subscriptions index."""
    return subscriptions_sync(saved_search_ids)


@shared_task(**RETRY)
def remove_saved_search(saved_search_id, version):
    """Take a deleted saved search out of the subscriptions index."""
    return subscriptions_remove(saved_search_id, version)


@shared_task(acks_late=True)
def sync_saved_searches():
    """Write every saved search change still pending; run periodically by beat."""
    return subscriptions_sync()


@shared_task(acks_late=True)
def send_daily_digests():
    return len(services.digests_send(SavedSearch.Frequency.DAILY))


@shared_task(acks_late=True)
def send_weekly_digests():
    return len(services.digests_send(SavedSearch.Frequency.WEEKLY))
