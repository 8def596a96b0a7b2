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


def subscriptions_sync(saved_search_ids=None, index=None, chunk=500):
    """Write the pending saved searches (all, or these) to the index, a chunk at a time: the
    active ones as their documents (one bulk write), the inactive ones removed. A row changed
    meanwhile stays pending. Returns how many were written."""
    index = index or get_subscriptions()
    pending = SavedSearch.objects.filter(index_pending=True).order_by("pk")
    if saved_search_ids is not None:
        pending = pending.filter(pk__in=saved_search_ids)
    done, after = 0, 0
    while True:
        rows = list(pending.filter(pk__gt=after)[:chunk])
        if not rows:
            return done
        after = rows[-1].pk
        active = [saved_search for saved_search in rows if saved_search.active]
        if active:
            index.put_many([subscription(saved_search) for saved_search in active])
        for saved_search in rows:
            if not saved_search.active:
                index.remove(saved_search.pk, saved_search.version)
        for saved_search in rows:
            done += SavedSearch.objects.filter(
                pk=saved_search.pk, version=saved_search.version
            ).update(index_pending=False)


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
