"""Signed links that work without signing in: one-click unsubscribe and the Atom feed of a saved
search. A link names its saved searches and is signed with SECRET_KEY; nothing else is trusted."""

from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "alerts.unsubscribe"
FEED_SALT = "alerts.feed"


def unsubscribe_token(saved_search_ids):
    return signing.dumps(sorted(set(saved_search_ids)), salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_path(saved_search_ids):
    return reverse("alerts:unsubscribe", args=[unsubscribe_token(saved_search_ids)])


def unsubscribe_ids(token):
    """The saved search ids a token names; raises signing.BadSignature for a forged one."""
    ids = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise signing.BadSignature("not a list of ids")
    return ids


def feed_token(saved_search_id):
    return signing.dumps(saved_search_id, salt=FEED_SALT)


def feed_path(saved_search_id):
    return reverse("alerts:feed", args=[feed_token(saved_search_id)])


def feed_id(token):
    pk = signing.loads(token, salt=FEED_SALT)
    if not isinstance(pk, int):
        raise signing.BadSignature("not an id")
    return pk
