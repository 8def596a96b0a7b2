"""Reverse matching: which saved searches a published opportunity matches.

`matching_saved_searches(opportunity)` is the one entry point, on either backend (Elasticsearch
when ELASTICSEARCH_URL is set, the embedded SQLite index otherwise, as search chooses);
`subscriptions_sync` brings the index in step with the saved searches marked pending.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from search.documents import opportunity_record

from ..models import SavedSearch
from .analysis import checked_filters_accept, subscription

_indices = {}


def get_subscriptions(name=None):
    """The subscriptions index of the configured backend, one instance per process."""
    name = name or ("elasticsearch" if settings.ELASTICSEARCH_URL else "embedded")
    key = (name, settings.SEARCH_INDEX_ALIAS, str(settings.ALERTS_EMBEDDED_PATH))
    if key not in _indices:
        path = {
            "elasticsearch": "alerts.subscriptions.elasticsearch.ElasticsearchSubscriptions",
            "embedded": "alerts.subscriptions.embedded.EmbeddedSubscriptions",
        }[name]
        _indices[key] = import_string(path)()
    return _indices[key]


def reset_subscriptions():
    """Forget index instances (tests change the settings they are built from)."""
    _indices.clear()


def subscriptions_sync(saved_search_ids=None, index=None):
    """Write the pending saved searches (all, or these) to the index: an active one as its
    document, an inactive one removed. A row changed meanwhile stays pending. Returns how many."""
    index = index or get_subscriptions()
    pending = SavedSearch.objects.filter(index_pending=True)
    if saved_search_ids is not None:
        pending = pending.filter(pk__in=saved_search_ids)
    done = 0
    for saved_search in pending.iterator(chunk_size=500):
        if saved_search.active:
            index.put(subscription(saved_search))
        else:
            index.remove(saved_search.pk, saved_search.version)
        done += SavedSearch.objects.filter(pk=saved_search.pk, version=saved_search.version).update(
            index_pending=False
        )
    return done


def subscriptions_remove(saved_search_id, version, index=None):
    """Take a deleted saved search out of the index."""
    (index or get_subscriptions()).remove(saved_search_id, version)


def matching_saved_searches(opportunity, index=None, now=None):
    """The ids of the active saved searches a live opportunity (a specific page, or its index
    record) matches: every saved term in it, every filter met."""
    record = opportunity if isinstance(opportunity, dict) else opportunity_record(opportunity)
    index = index or get_subscriptions()
    found = index.match(record)
    matched = {pk for pk, checked in found if not checked}
    to_check = [pk for pk, checked in found if checked]
    for start in range(0, len(to_check), 1000):
        for pk, filters in SavedSearch.objects.filter(
            pk__in=to_check[start : start + 1000]
        ).values_list("pk", "filters"):
            if checked_filters_accept(filters, record, now):
                matched.add(pk)
    return sorted(matched)
