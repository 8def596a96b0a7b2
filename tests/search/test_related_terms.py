"""Related terms (a field's narrower and associated terms): loaded like the synonym groups,
keeping editors' changes, and a search for the field finds documents that only name what is in
it, below those that name the field itself, on both backends."""

import pytest

from search import text
from search.dictionary.related import read_related, related_terms_load
from search.indexing import rebuild_index
from search.models import RelatedTerms, RetiredDictionaryGroup
from search.params import SearchParams
from search.queries import expand_query, search_opportunities
from tests.factories import OpportunityListPageFactory, ScenarioPageFactory
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


def test_loading_twice_creates_nothing_new():
    first = related_terms_load()
    assert first.created == len(read_related()) >= 200
    second = related_terms_load()
    assert second.created == 0
    assert second.unchanged == first.created
    assert RelatedTerms.objects.count() == first.created


def test_an_editors_change_survives_a_reload_and_a_deleted_entry_stays_deleted_until_restored():
    related_terms_load()
    edited = RelatedTerms.objects.get(term="低空经济")
    edited.related = "无人机、飞行汽车"
    edited.save()
    RelatedTerms.objects.get(term="具身智能").delete()
    assert RetiredDictionaryGroup.objects.filter(key="related:具身智能").exists()

    report = related_terms_load()
    assert "低空经济" in report.kept_as_edited
    assert RelatedTerms.objects.get(term="低空经济").related == "无人机、飞行汽车"
    assert "具身智能" in report.kept_deleted
    assert not RelatedTerms.objects.filter(term="具身智能").exists()

    related_terms_load(restore=["具身智能", "低空经济"])
    assert RelatedTerms.objects.filter(term="具身智能").exists()
    assert "通用航空" in RelatedTerms.objects.get(term="低空经济").related_list()


def test_a_query_for_a_field_carries_its_related_terms_apart_from_its_groups():
    RelatedTerms.objects.create(term="低空经济", related="无人机、通用航空")
    terms = expand_query("低空经济")
    assert terms.groups == [["低空经济"]]
    assert terms.related == [["无人机", "通用航空"]]


@pytest.fixture
def low_altitude(home_page):
    RelatedTerms.objects.create(term="低空经济", related="无人机、通用航空")
    text.reset_tokenizer()
    listing = OpportunityListPageFactory(parent=home_page, title="场景清单")
    pages = {
        "field": ScenarioPageFactory(
            parent=listing, title="低空经济示范区建设", ref="CJ-21",
            summary="开放空域与起降场地，建设示范区。",
        ),
        "drone": ScenarioPageFactory(
            parent=listing, title="电网线路无人机巡检", ref="CJ-22",
            summary="用多旋翼飞行器巡查输电线路。",
        ),
        "other": ScenarioPageFactory(
            parent=listing, title="社区养老服务平台", ref="CJ-23",
            summary="为社区老人提供上门服务。",
        ),
    }  # fmt: skip
    for page in pages.values():
        publish(page)
    text.reset_tokenizer()
    yield pages
    text.reset_tokenizer()


def test_a_search_for_a_field_finds_what_only_names_its_parts_below_the_field_itself(
    backend, low_altitude
):
    rebuild_index(backend)
    backend.refresh()
    found = [
        hit["ref"] for hit in search_opportunities(SearchParams(q="低空经济"), backend=backend).hits
    ]
    assert found == ["CJ-21", "CJ-22"]
