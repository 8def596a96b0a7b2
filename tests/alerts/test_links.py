"""Signed links that work without signing in: the one-click unsubscribe (GET asks, POST stops;
a mail client's RFC 8058 POST works too) and the Atom feed of a saved search."""

from django.urls import reverse

from alerts.models import AlertDelivery, SavedSearch
from alerts.services import feed_path, saved_search_create, unsubscribe_path


def test_unsubscribe_works_without_signing_in(client, alice, places):
    saved = saved_search_create(alice, "储能提醒", "储能")
    path = unsubscribe_path([saved.pk])
    asked = client.get(path)
    assert asked.status_code == 200
    assert "储能提醒" in asked.content.decode()
    saved.refresh_from_db()
    assert saved.active  # a GET (a mail scanner following the link) stops nothing
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    saved.refresh_from_db()
    assert not saved.active
    assert saved.index_pending


def test_a_forged_unsubscribe_link_stops_nothing(client, alice, places):
    saved = saved_search_create(alice, "储能提醒", "储能")
    path = unsubscribe_path([saved.pk])
    forged = path.replace(path.split("/")[-2], path.split("/")[-2][:-3] + "abc")
    assert client.post(forged).status_code == 404
    assert client.post(reverse("alerts:unsubscribe", args=["nonsense"])).status_code == 404
    assert SavedSearch.objects.get().active


def test_the_atom_feed_lists_what_the_saved_search_was_alerted_of(client, alice, places):
    saved = saved_search_create(alice, "储能提醒", "储能")
    AlertDelivery.objects.create(
        saved_search=saved,
        opportunity_id=1,
        event="published",
        title="储能电站热失控预警",
        url="/lists/1/",
        summary="电芯热失控提前预警。",
    )
    feed = client.get(feed_path(saved.pk))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "储能电站热失控预警" in feed.content.decode()
    assert client.get(reverse("alerts:feed", args=["forged"])).status_code == 404


def test_the_feed_address_is_the_same_at_every_reading_and_old_ones_still_work(
    client, alice, places
):
    from django.core import signing

    from alerts.services.links import FEED_SALT, feed_id, feed_path

    saved = saved_search_create(alice, "储能", "储能")
    assert feed_path(saved.pk) == feed_path(saved.pk)
    assert client.get(feed_path(saved.pk)).status_code == 200
    first_issued = signing.dumps(saved.pk, salt=FEED_SALT)
    assert feed_id(first_issued) == saved.pk
    assert client.get(f"/alerts/feed/{first_issued}/").status_code == 200
    forged = feed_path(saved.pk).replace(str(saved.pk), str(saved.pk + 1), 1)
    assert client.get(forged).status_code == 404
