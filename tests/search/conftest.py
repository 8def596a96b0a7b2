"""Search fixtures: each backend (the embedded one, and the real Elasticsearch) on a small corpus.

`backend` is parametrized, so every contract test runs on both; the Elasticsearch side uses an
alias of its own per test and deletes it afterwards. The settings follow the backend, so code
that calls `get_backend()` (the page, the API, the outbox) uses the same index.
"""

import uuid

import pytest

from search import text
from search.backends import reset_backends
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.indexing import rebuild_index
from search.models import Synonym
from tests.factories import (
    ChallengePageFactory,
    DomainFactory,
    OpportunityListPageFactory,
    RegionFactory,
    ScenarioPageFactory,
    days_from_now,
)


def make_backend(name, request, settings, tmp_path):
    reset_backends()
    if name == "elasticsearch":
        settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
        settings.SEARCH_INDEX_ALIAS = f"test-search-{uuid.uuid4().hex[:10]}"
        return ElasticsearchBackend(alias=settings.SEARCH_INDEX_ALIAS)
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    return EmbeddedBackend(path=settings.SEARCH_EMBEDDED_PATH)


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request, settings, tmp_path):
    backend = make_backend(request.param, request, settings, tmp_path)
    yield backend
    backend.clear()
    reset_backends()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def corpus(home_page):
    """Seven live opportunities and one draft, written so each contract test has a clear answer."""
    Synonym.objects.create(terms="锂电池、锂离子电池")
    Synonym.objects.create(terms="人工智能、AI")
    digital = DomainFactory(name="数字经济", slug="digital")
    transport = DomainFactory(name="智能交通", slug="transport", parent=digital)
    energy = DomainFactory(name="新能源", slug="energy")
    ai = DomainFactory(name="智能制造", slug="manufacturing")
    east, west = (
        RegionFactory(name="海州区", slug="haizhou"),
        RegionFactory(name="连云区", slug="lianyun"),
    )
    listing = OpportunityListPageFactory(parent=home_page, title="2026年第一批机会清单")
    pages = {
        "battery": ChallengePageFactory(
            parent=listing, title="锂离子电池热失控预警技术攻关", ref="JB-1",
            summary="储能电站电芯热失控提前预警。", region=east, domains=[energy],
            bounty_wan=300, application_deadline=days_from_now(10),
        ),
        "vision": ChallengePageFactory(
            parent=listing, title="工业视觉AI质检模型", ref="JB-2",
            summary="压铸件表面缺陷的小样本检测。", region=west, domains=[ai],
            bounty_wan=500, application_deadline=days_from_now(20),
        ),
        "port": ScenarioPageFactory(
            parent=listing, title="港口集装箱5G远程控制场景", ref="CJ-1",
            summary="码头岸桥远程操控与5G专网。", region=east, domains=[digital],
            budget_min_wan=200, budget_max_wan=800, application_deadline=days_from_now(5),
        ),
        "roads": ScenarioPageFactory(
            parent=listing, title="智慧路灯车路协同示范路段", ref="CJ-2",
            summary="多功能杆与路侧感知改造。", region=west, domains=[transport],
            budget_max_wan=100, application_opens=days_from_now(-40),
            application_deadline=days_from_now(-3),
        ),
        "elderly": ScenarioPageFactory(
            parent=listing, title="养老社区跌倒监测", ref="CJ-3",
            summary="独居老人居家安全监测。", region=east, domains=[digital],
            application_opens=days_from_now(5), application_deadline=days_from_now(40),
        ),
        "fire": ChallengePageFactory(
            parent=listing, title="储能电站消防系统优化", ref="JB-3",
            summary="电站舱室的消防联动，涉及锂电池舱火灾蔓延。", region=west, domains=[energy],
            bounty_wan=80, application_deadline=days_from_now(30),
        ),
        "sensing": ScenarioPageFactory(
            parent=listing, title="河道无人机巡检", ref="CJ-4",
            summary="无人机自动机场巡河与违建识别。", region=east, domains=[digital],
            application_deadline=days_from_now(15),
        ),
    }  # fmt: skip
    pages["battery"].keywords.add("储能", "热失控")
    pages["vision"].keywords.add("AI", "缺陷检测")
    pages["port"].keywords.add("5G", "智慧港口")
    pages["roads"].keywords.add("车路协同")
    for page in pages.values():
        publish(page)
    draft = ChallengePageFactory(parent=listing, title="锂电池回收拆解技术", ref="JB-9")
    draft.unpublish()
    pages["draft"] = draft
    text.reset_tokenizer()
    return pages


@pytest.fixture
def indexed(corpus, backend):
    rebuild_index(backend)
    backend.refresh()
    return corpus
