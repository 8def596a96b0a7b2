"""Delivering alerts: each saved search is told exactly once per publication event, whether the
task runs twice or stopped half-way; at-once alerts are notifications with an e-mail carrying a
one-click unsubscribe; daily and weekly ones are one digest per account."""

from django.core import mail

from alerts import tasks
from alerts.models import AlertDelivery, PublicationEvent, SavedSearch
from alerts.services import PUBLISHED, digests_send, publication_alerts, saved_search_create
from alerts.services.deliveries import deliver
from notifications.models import Notification
from search.documents import opportunity_queryset, opportunity_record
from tests.alerts.conftest import publish


def test_an_alert_is_delivered_once_when_the_task_runs_twice(
    backend, alice, battery_challenge, django_capture_on_commit_callbacks
):
    saved = saved_search_create(alice, "热失控", "热失控")
    publish(battery_challenge)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.alert_publication.apply(args=[battery_challenge.pk, PUBLISHED])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.alert_publication.apply(args=[battery_challenge.pk, PUBLISHED])
    assert AlertDelivery.objects.filter(saved_search=saved).count() == 1
    assert Notification.objects.filter(user=alice).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert battery_challenge.title in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/alerts/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in message.body


def test_a_run_stopped_half_way_is_finished_by_the_next_without_repeating(
    backend, alice, bob, battery_challenge
):
    first = saved_search_create(alice, "热失控", "热失控")
    second = saved_search_create(bob, "预警", "预警")
    publish(battery_challenge)
    record = opportunity_record(opportunity_queryset().get(pk=battery_challenge.pk))
    # A worker that committed its first chunk and was killed before the second:
    assert deliver([first.pk], record, PUBLISHED) == 1
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 1
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 0
    for saved in (first, second):
        assert AlertDelivery.objects.filter(saved_search=saved).count() == 1
        assert Notification.objects.filter(user=saved.user).count() == 1


def test_publishing_records_the_event_and_alerts_after_commit(
    backend, alice, battery_challenge, django_capture_on_commit_callbacks
):
    saved = saved_search_create(alice, "热失控", "热失控")
    with django_capture_on_commit_callbacks(execute=True):
        publish(battery_challenge)
    event = PublicationEvent.objects.get(opportunity_id=battery_challenge.pk)
    assert event.event == PUBLISHED
    assert event.done_at is not None
    assert AlertDelivery.objects.get(saved_search=saved).title == battery_challenge.title


def test_an_amendment_alerts_again_but_a_publication_without_changes_does_not(
    backend, alice, battery_challenge, django_capture_on_commit_callbacks
):
    saved = saved_search_create(alice, "热失控", "热失控")
    with django_capture_on_commit_callbacks(execute=True):
        publish(battery_challenge)
    with django_capture_on_commit_callbacks(execute=True):
        publish(battery_challenge)  # nothing changed
    assert AlertDelivery.objects.filter(saved_search=saved).count() == 1
    battery_challenge.summary = "电芯热失控提前十分钟预警。"
    with django_capture_on_commit_callbacks(execute=True):
        publish(battery_challenge)
    events = set(AlertDelivery.objects.filter(saved_search=saved).values_list("event", flat=True))
    assert events == {PUBLISHED, f"amended:{battery_challenge.live_revision_id}"}


def test_a_paused_saved_search_is_not_told(backend, alice, battery_challenge):
    saved = saved_search_create(alice, "热失控", "热失控")
    SavedSearch.objects.filter(pk=saved.pk).update(active=False, index_pending=True)
    publish(battery_challenge)
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 0


def test_daily_searches_are_sent_as_one_digest_per_account(
    backend, alice, battery_challenge, drone_scenario, django_capture_on_commit_callbacks
):
    saved_search_create(alice, "热失控", "热失控", frequency="daily")
    saved_search_create(alice, "无人机", "无人机", frequency="daily")
    saved_search_create(alice, "每周新能源", filters={"domain": "energy"}, frequency="weekly")
    publish(battery_challenge)
    publish(drone_scenario)
    publication_alerts(battery_challenge.pk, PUBLISHED)
    publication_alerts(drone_scenario.pk, PUBLISHED)
    assert not Notification.objects.exists()  # nothing at once
    with django_capture_on_commit_callbacks(execute=True):
        assert len(digests_send(SavedSearch.Frequency.DAILY)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(SavedSearch.Frequency.DAILY) == []  # run twice: nothing more
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert battery_challenge.title in digest.body
    assert drone_scenario.title in digest.body
    assert digest.body.count("/alerts/unsubscribe/") >= 3  # one per search, and the footer
    assert "List-Unsubscribe" in digest.extra_headers
    with django_capture_on_commit_callbacks(execute=True):
        (weekly,) = digests_send(SavedSearch.Frequency.WEEKLY)
    assert battery_challenge.title in weekly.body
    assert drone_scenario.title not in weekly.body
