"""Two workers running the same publication's alerts at once (a redelivered task beside the
original) on real PostgreSQL: the unique constraint and the chunk's transaction leave each saved
search told exactly once."""

import threading

import pytest
from django.db import connections

from alerts.models import AlertDelivery
from alerts.services import PUBLISHED, publication_alerts, saved_search_create
from notifications.models import Notification
from tests.alerts.conftest import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_runs_at_once_tell_each_saved_search_once(
    postgres, backend, alice, bob, battery_challenge
):
    # Published first: with every commit real here, publishing alone would run the alerts.
    publish(battery_challenge)
    searches = [saved_search_create(alice, f"热失控{n}", "热失控") for n in range(30)]
    searches += [saved_search_create(bob, f"预警{n}", "预警") for n in range(30)]
    assert not AlertDelivery.objects.exists()
    start, told, errors = threading.Barrier(2), [], []

    def run():
        try:
            start.wait()
            told.append(publication_alerts(battery_challenge.pk, PUBLISHED))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sum(told) == len(searches)
    assert AlertDelivery.objects.count() == len(searches)
    assert Notification.objects.count() == len(searches)
