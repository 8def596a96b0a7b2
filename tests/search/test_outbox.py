"""The outbox keeps search consistent with the database: publishing never fails because the index
is down, and everything published is searchable once it is back."""

import subprocess
import time
from pathlib import Path

import pytest

from cms.models import OpportunityPage
from search.backends import get_backend, reset_backends
from search.indexing import apply_pending, check_index
from search.models import IndexOperation
from search.queries import SearchParams, search_opportunities
from search.tasks import drain_index_outbox
from tests.drills.table import print_drill_row
from tests.factories import ChallengePageFactory, OpportunityListPageFactory, ScenarioPageFactory
from tests.search.conftest import publish

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"


@pytest.mark.django_db
def test_publishing_writes_an_operation_in_the_same_transaction(
    home_page, django_capture_on_commit_callbacks
):
    listing = OpportunityListPageFactory(parent=home_page)
    page = ScenarioPageFactory(parent=listing)
    with django_capture_on_commit_callbacks() as callbacks:
        publish(page)
        page.unpublish()
    operations = IndexOperation.objects.filter(page_id=page.pk).order_by("pk")
    assert [op.action for op in operations] == ["sync", "delete"]
    assert all(op.applied_at is None for op in operations)
    assert callbacks  # applied only once the transaction has committed


@pytest.mark.django_db
def test_an_unwritable_index_never_fails_publishing_and_the_drain_catches_up(
    home_page, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = blocker / "search.sqlite3"
    reset_backends()
    listing = OpportunityListPageFactory(parent=home_page)
    page = ChallengePageFactory(parent=listing, title="氢燃料电池电堆寿命提升")

    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    assert OpportunityPage.objects.live().filter(pk=page.pk).exists()
    pending = IndexOperation.objects.pending().get(page_id=page.pk)
    assert pending.attempts == 1
    assert "Error" in pending.last_error

    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    reset_backends()
    assert apply_pending() == 1
    assert not IndexOperation.objects.pending().exists()
    assert search_opportunities(SearchParams(q="氢燃料电池")).hits[0]["id"] == page.pk
    reset_backends()


def services(*args):
    completed = subprocess.run(
        ["bash", str(SERVICES), *args], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-2000:]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_published_while_elasticsearch_is_stopped_are_searchable_after_it_restarts(
    home_page, elasticsearch_url, settings
):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_ALIAS = "test-outbox"
    reset_backends()
    backend = get_backend()
    backend.clear()
    listing = OpportunityListPageFactory(parent=home_page)
    before = [
        publish(ScenarioPageFactory(parent=listing, title=f"停机前场景{n}", slug=f"before-{n}"))
        for n in range(2)
    ]
    assert not IndexOperation.objects.pending().exists()  # applied on commit

    services("stop", "elasticsearch")
    try:
        during = [
            publish(
                ChallengePageFactory(parent=listing, title=f"停机中榜单{n}", slug=f"during-{n}")
            )
            for n in range(3)
        ]
        before[0].unpublish()
        assert OpportunityPage.objects.live().count() == 4  # the database has it all
        pending = IndexOperation.objects.pending()
        assert {op.page_id for op in pending} == {before[0].pk, *(page.pk for page in during)}
        assert all(op.last_error for op in pending)
    finally:
        services("start", "elasticsearch")
    recovery_started = time.monotonic()

    drain_index_outbox()
    backend.refresh()
    check = check_index(backend)
    print_drill_row(
        "Elasticsearch stopped: 3 publications, 1 unpublish",
        4,
        0,
        IndexOperation.objects.pending().count(),
        len(check.missing) + len(check.stale) + len(check.extra),
        time.monotonic() - recovery_started,
    )
    assert not IndexOperation.objects.pending().exists()
    assert check.clean
    results = search_opportunities(SearchParams(page_size=50))
    ids = [hit["id"] for hit in results.hits]
    assert sorted(ids) == sorted([before[1].pk, *(page.pk for page in during)])  # none twice
    backend.clear()
    reset_backends()


@pytest.mark.django_db
def test_moving_and_deleting_pages_follow_into_the_index(
    home_page, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    reset_backends()
    first = OpportunityListPageFactory(parent=home_page, title="第一批", slug="first")
    second = OpportunityListPageFactory(parent=home_page, title="第二批", slug="second")
    moving = ScenarioPageFactory(parent=first, title="港口岸桥远程操控", slug="moving")
    leaving = ScenarioPageFactory(parent=first, title="园区光伏运维巡检", slug="leaving")
    with django_capture_on_commit_callbacks(execute=True):
        publish(moving)
        publish(leaving)
    with django_capture_on_commit_callbacks(execute=True):
        moving.move(second, pos="last-child")
    with django_capture_on_commit_callbacks(execute=True):
        OpportunityPage.objects.get(pk=leaving.pk).delete()

    backend = get_backend()
    hits = search_opportunities(SearchParams(page_size=50)).hits
    assert [hit["id"] for hit in hits] == [moving.pk]
    assert hits[0]["url"].startswith("/second/")
    assert search_opportunities(SearchParams(list_id=second.pk)).total == 1
    assert check_index(backend).clean
    reset_backends()


@pytest.mark.django_db
def test_renaming_a_region_or_organisation_reindexes_the_pages_naming_it(
    backend, corpus, django_capture_on_commit_callbacks
):
    apply_pending(backend=backend)  # the corpus as published
    battery = corpus["battery"]
    region, issuer = battery.region, battery.issuer
    with django_capture_on_commit_callbacks(execute=True):
        region.name = "连云港经济技术开发区"
        region.save()
        issuer.name = "江苏海蓝储能科技有限公司"
        issuer.save()
    apply_pending(backend=backend)
    backend.refresh()
    found = search_opportunities(SearchParams(q="经济技术开发区"), backend=backend)
    # The renamed region's pages hold the whole name and come first; others share a part of
    # it (数字经济) and follow.
    assert sorted(hit["ref"] for hit in found.hits[:4]) == ["CJ-1", "CJ-3", "CJ-4", "JB-1"]
    hits = search_opportunities(SearchParams(q="海蓝储能"), backend=backend).hits
    (hit,) = [hit for hit in hits if hit["id"] == battery.pk]
    assert hit["organization"] == "江苏海蓝储能科技有限公司"
