"""Celery tasks of search: apply outbox rows after commit, and drain what is still pending."""

from celery import shared_task
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import TransportError

from .backends import SearchUnavailable
from .indexing import apply_pending

RETRYABLE = (SearchUnavailable, ElasticsearchConnectionError, TransportError, OSError)


@shared_task(
    autoretry_for=RETRYABLE,
    retry_backoff=2,
    retry_backoff_max=300,
    max_retries=8,
    acks_late=True,
)
def apply_index_operations(page_ids):
    """Apply the pending outbox rows of these pages (safe to run twice)."""
    return apply_pending(page_ids=page_ids)


@shared_task(acks_late=True)
def drain_index_outbox():
    """Apply every pending outbox row; run periodically by beat, so nothing stays pending once
    Elasticsearch and the broker are back."""
    return apply_pending()
