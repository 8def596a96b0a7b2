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
    # Without a timestamp: the feed's address (and so its Atom id) is the same at every reading,
    # and a reader subscribed once keeps the one address.
    return signing.Signer(salt=FEED_SALT).sign(str(saved_search_id))


def feed_path(saved_search_id):
    return reverse("alerts:feed", args=[feed_token(saved_search_id)])


def feed_id(token):
    """The saved search id a feed token names; raises signing.BadSignature for a forged one.
    Tokens first given out (timestamped, `signing.dumps`) are still read."""
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature:
        value = ""
    # A timestamped token passes the plain check too (its value is the payload and the time).
    pk = int(value) if value.isdigit() else signing.loads(token, salt=FEED_SALT)
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise signing.BadSignature("not an id")
    return pk
