"""Reverse matching on both backends: a published opportunity finds the saved searches whose
every word (or a synonym) it holds and whose every filter it meets; a filter-only saved search
works; drafts, unpublished pages and sealed bids alert nobody."""

from alerts.models import AlertDelivery
from alerts.services import PUBLISHED, publication_alerts, saved_search_create
from alerts.subscriptions import matching_saved_searches
from scenarios import services as scenario_services
from search.documents import opportunity_queryset
from tests.alerts.conftest import publish
from tests.scenarios.conftest import make_company


def live(page):
    return opportunity_queryset().get(pk=page.pk)


def matched(page):
    from alerts.subscriptions import subscriptions_sync

    subscriptions_sync()
    return set(matching_saved_searches(live(page)))


def test_saved_words_match_a_published_opportunity_holding_them_all(
    backend, alice, battery_challenge
):
    both = saved_search_create(alice, "热失控", "热失控 预警")
    synonym = saved_search_create(alice, "锂电池", "锂电池")
    missing = saved_search_create(alice, "热失控与无人机", "热失控 无人机")
    publish(battery_challenge)
    found = matched(battery_challenge)
    assert both.pk in found
    assert synonym.pk in found  # 锂电池 finds 锂离子电池 through the synonym group
    assert missing.pk not in found


def test_a_filter_only_saved_search_matches_by_its_filters(
    backend, alice, battery_challenge, drone_scenario
):
    energy = saved_search_create(alice, "新能源", filters={"domain": "energy"})
    east_challenges = saved_search_create(
        alice, "海州揭榜", filters={"region": "haizhou", "kind": "challenge"}
    )
    big = saved_search_create(alice, "大额", filters={"amount_min": 100})
    publish(battery_challenge)
    publish(drone_scenario)
    assert matched(battery_challenge) == {energy.pk, east_challenges.pk, big.pk}
    assert matched(drone_scenario) == set()


def test_words_and_filters_must_both_hold(backend, alice, battery_challenge):
    wrong_region = saved_search_create(alice, "连云热失控", "热失控", {"region": "lianyun"})
    right = saved_search_create(alice, "海州热失控", "热失控", {"region": "haizhou"})
    publish(battery_challenge)
    assert matched(battery_challenge) == {right.pk}
    assert wrong_region.pk not in matched(battery_challenge)


def test_a_draft_or_unpublished_opportunity_alerts_nobody(backend, alice, battery_challenge):
    saved_search_create(alice, "热失控", "热失控")
    battery_challenge.save_revision()  # a draft: saved, never published
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 0
    publish(battery_challenge)
    battery_challenge.unpublish()
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 0
    assert not AlertDelivery.objects.exists()


def test_a_sealed_bid_never_makes_a_saved_search_match(backend, alice, battery_challenge):
    publish(battery_challenge)
    company, user = make_company("连云港某某储能科技有限公司", "bidder")
    bid = scenario_services.bid_create(
        company, live(battery_challenge), user, fields={"summary": "量子隧穿钠硫储能方案"}
    )
    assert bid.pk
    secret = saved_search_create(alice, "偷看", "量子隧穿")
    assert secret.pk not in matched(battery_challenge)
    assert publication_alerts(battery_challenge.pk, PUBLISHED) == 0


def test_reindexing_writes_every_saved_search_again(backend, alice, battery_challenge):
    from io import StringIO

    from django.core.management import call_command

    from alerts.subscriptions import subscriptions_sync

    saved = saved_search_create(alice, "热失控", "热失控")
    publish(battery_challenge)
    subscriptions_sync()
    backend.clear()  # a lost index
    assert matching_saved_searches(live(battery_challenge)) == []
    out = StringIO()
    call_command("saved_searches_reindex", stdout=out)
    assert out.getvalue().strip().endswith(": 1")
    assert matching_saved_searches(live(battery_challenge)) == [saved.pk]


def test_range_and_status_filters_are_checked_on_what_the_index_finds(
    backend, alice, battery_challenge
):
    open_now = saved_search_create(alice, "征集中", "热失控", {"status": "open"})
    closed = saved_search_create(alice, "已截止", "热失控", {"status": "closed"})
    soon = saved_search_create(alice, "近期截止", "热失控", {"deadline_to": "2000-01-01"})
    cheap = saved_search_create(alice, "小额", "热失控", {"amount_max": 100})
    publish(battery_challenge)  # open, deadline in 30 days, bounty 300
    found = matched(battery_challenge)
    assert open_now.pk in found
    assert not {closed.pk, soon.pk, cheap.pk} & found
