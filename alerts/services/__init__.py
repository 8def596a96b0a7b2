"""The services of alerts, one module per entity, re-exported here."""

from .deliveries import (
    PUBLISHED,
    amended_event,
    publication_alerts,
    publication_events_drain,
    publication_record,
)
from .digests import digests_send
from .follows import (
    follow_add,
    follow_remove,
    followers_notify,
    followers_told_of_amendment,
    followers_told_of_answer,
    followers_told_of_result,
)
from .links import feed_id, feed_path, unsubscribe_ids, unsubscribe_path
from .saved_searches import (
    saved_search_create,
    saved_search_delete,
    saved_search_update,
    saved_searches_unsubscribe,
)

__all__ = [
    "PUBLISHED",
    "amended_event",
    "digests_send",
    "feed_id",
    "feed_path",
    "follow_add",
    "follow_remove",
    "followers_notify",
    "followers_told_of_amendment",
    "followers_told_of_answer",
    "followers_told_of_result",
    "publication_alerts",
    "publication_events_drain",
    "publication_record",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_update",
    "saved_searches_unsubscribe",
    "unsubscribe_ids",
    "unsubscribe_path",
]
