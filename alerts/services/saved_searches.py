"""Saving, changing and deleting a saved search; each change marks it for the subscriptions index
and queues that write after commit (the periodic sync writes what a lost task left pending)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from search.forms import SearchForm
from search.params import MAX_QUERY_LENGTH

from ..models import SavedSearch

# The search parameters a saved search keeps: the filters, not the order or the page.
NOT_SAVED = ("q", "sort", "page", "page_size")
MAX_SAVED_SEARCHES = 50
NAME_MAX = 100


def saved_filters(filters):
    """The filters checked as the search form checks them, by query-string name, as JSON
    values; raises ValidationError naming each bad one with its label."""
    if filters is None:
        filters = {}
    if not isinstance(filters, dict):
        raise ValidationError({"filters": [_("The filters must be given by name.")]})
    # The order and the page of the search it was saved from are not kept.
    filters = {name: value for name, value in filters.items() if name not in NOT_SAVED}
    form = SearchForm({name: value for name, value in filters.items() if value not in ("", None)})
    allowed = set(form.fields) - set(NOT_SAVED)
    unknown = sorted(set(filters) - allowed)
    if unknown:
        raise ValidationError(
            {"filters": [_("Unknown filter: %(names)s.") % {"names": "、".join(unknown)}]}
        )
    form.is_valid()
    if form.errors:
        raise ValidationError(
            {
                name: [f"{form.fields[name].label}：{message}" for message in messages]
                for name, messages in form.errors.items()
            }
        )
    cleaned = {}
    for name in sorted(allowed):
        value = form.cleaned_data.get(name)
        if value in ("", None):
            continue
        cleaned[name] = value.isoformat() if isinstance(value, date) else value
    return cleaned


def _has_control_characters(text):
    # PostgreSQL refuses a NUL in text; none of these has a place in a name or search words.
    return any(ord(character) < 32 for character in text)


def _checked_name(name):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Name: give the saved search a name.")]})
    if _has_control_characters(name):
        raise ValidationError({"name": [_("Name: no control characters.")]})
    if len(name) > NAME_MAX:
        raise ValidationError(
            {"name": [_("Name: at most %(count)d characters.") % {"count": NAME_MAX}]}
        )
    return name


def _checked_frequency(frequency):
    if frequency not in SavedSearch.Frequency.values:
        raise ValidationError({"frequency": [_("Frequency: choose at once, daily or weekly.")]})
    return frequency


def _queue_index(saved_search_id):
    from ..tasks import index_saved_searches

    index_saved_searches.delay_on_commit([saved_search_id])


@transaction.atomic
def saved_search_create(user, name, query="", filters=None, frequency="immediate"):
    """Save a search (words, filters or both) for a signed-in account."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to save a search."))
    name = _checked_name(name)
    query = " ".join((query or "").split())
    if _has_control_characters(query):
        raise ValidationError({"query": [_("Search words: no control characters.")]})
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            {
                "query": [
                    _("Search words: at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
                ]
            }
        )
    filters = saved_filters(filters)
    if not query and not filters:
        raise ValidationError(
            {"query": [_("Search words: give words or at least one filter to be alerted of.")]}
        )
    frequency = _checked_frequency(frequency)
    # The account's row locked: two saves at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("An account keeps at most %(count)d saved searches; delete one first.")
            % {"count": MAX_SAVED_SEARCHES}
        )
    saved_search = SavedSearch.objects.create(
        user=user, name=name, query=query, filters=filters, frequency=frequency
    )
    _queue_index(saved_search.pk)
    return saved_search


def _own(saved_search, actor):
    locked = SavedSearch.objects.select_for_update().filter(pk=saved_search.pk).first()
    if locked is None or actor is None or locked.user_id != actor.pk:
        raise PermissionDenied(_("This saved search belongs to another account."))
    return locked


@transaction.atomic
def saved_search_update(saved_search, actor, *, name=None, frequency=None, active=None):
    """Rename a saved search, change how often it is sent, or pause and resume it."""
    saved_search = _own(saved_search, actor)
    if name is not None:
        saved_search.name = _checked_name(name)
    if frequency is not None:
        saved_search.frequency = _checked_frequency(frequency)
    if active is not None:
        saved_search.active = bool(active)
    saved_search.index_pending = True
    saved_search.version = F("version") + 1
    saved_search.save()
    saved_search.refresh_from_db()
    _queue_index(saved_search.pk)
    return saved_search


@transaction.atomic
def saved_search_delete(saved_search, actor):
    """Delete one of the account's saved searches (and its alerts' records)."""
    from ..tasks import remove_saved_search

    saved_search = _own(saved_search, actor)
    pk, version = saved_search.pk, saved_search.version + 1
    saved_search.delete()
    remove_saved_search.delay_on_commit(pk, version)


@transaction.atomic
def saved_searches_unsubscribe(saved_search_ids):
    """Stop the alerts of these saved searches (a signed unsubscribe link is the authority: no
    account is signed in). Returns the saved searches stopped now."""
    stopped = list(
        SavedSearch.objects.select_for_update().filter(pk__in=saved_search_ids, active=True)
    )
    for saved_search in stopped:
        SavedSearch.objects.filter(pk=saved_search.pk).update(
            active=False, index_pending=True, version=F("version") + 1
        )
        _queue_index(saved_search.pk)
    return stopped
