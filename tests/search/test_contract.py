"""The contract both backends keep: the same query answers the same way on the embedded index
and on the real Elasticsearch."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.indexing import check_index, current_record, rebuild_index
from search.params import SearchParams
from search.queries import search_opportunities

pytestmark = pytest.mark.django_db


def find(backend, **params):
    return search_opportunities(SearchParams(**params), backend=backend)


def refs(results):
    return [hit["ref"] for hit in results.hits]


def facet(results, name):
    return {item["key"]: item["count"] for item in results.facets[name]}


def test_an_empty_query_lists_every_live_opportunity_newest_first(backend, indexed):
    results = find(backend, page_size=50)
    assert results.total == 7
    published = [hit["id"] for hit in results.hits]
    assert published == sorted(published, reverse=True)  # published in id order
    assert "JB-9" not in refs(results)  # the draft


def test_a_word_finds_its_opportunity_with_the_match_highlighted(backend, indexed):
    results = find(backend, q="车路协同")
    assert refs(results) == ["CJ-2"]
    assert "<mark>" in results.hits[0]["highlight"]["title"][0]
    assert "车路" in results.hits[0]["highlight"]["title"][0]


def test_a_synonym_finds_the_other_wording(backend, indexed):
    assert refs(find(backend, q="锂电池"))[0] == "JB-1"  # titled 锂离子电池
    assert "JB-2" in refs(find(backend, q="人工智能"))  # says AI


def test_a_title_match_ranks_above_a_passing_mention(backend, indexed):
    found = refs(find(backend, q="锂电池"))
    assert found.index("JB-1") < found.index("JB-3")


def test_a_single_character_finds_words_containing_it(backend, indexed):
    assert refs(find(backend, q="港")) == ["CJ-1"]


def test_mixed_chinese_and_latin(backend, indexed):
    assert refs(find(backend, q="AI 质检"))[0] == "JB-2"
    assert refs(find(backend, q="５Ｇ 港口")) == ["CJ-1"]  # full-width folded


def test_a_domain_filter_includes_its_children(backend, indexed):
    assert sorted(refs(find(backend, domain="digital"))) == ["CJ-1", "CJ-2", "CJ-3", "CJ-4"]


def test_the_domain_facet_lists_each_parent_followed_by_its_children(backend, indexed):
    domains = find(backend).facets["domain"]
    assert [(item["key"], item["count"], item["parent"]) for item in domains] == [
        ("digital", 4, None),  # its count includes its child's opportunity
        ("transport", 1, "digital"),
        ("energy", 2, None),
        ("manufacturing", 1, None),
    ]


def test_facets_count_under_every_filter_but_their_own(backend, indexed):
    results = find(backend, kind="challenge", region="haizhou")
    assert refs(results) == ["JB-1"]
    assert facet(results, "kind") == {"challenge": 1, "scenario": 3}
    assert facet(results, "region") == {"haizhou": 1, "lianyun": 2}
    labels = {item["key"]: item["label"] for item in results.facets["kind"]}
    assert labels == {"challenge": "揭榜挂帅", "scenario": "应用场景"}


def test_status_is_derived_from_the_dates_at_query_time(backend, indexed):
    results = find(backend)
    assert facet(results, "status") == {"upcoming": 1, "open": 5, "closed": 1}
    assert refs(find(backend, status="closed")) == ["CJ-2"]
    assert refs(find(backend, status="upcoming")) == ["CJ-3"]
    statuses = {hit["ref"]: hit["status"] for hit in find(backend, page_size=50).hits}
    assert statuses["CJ-2"] == "closed"
    assert statuses["JB-1"] == "open"


def test_deadline_sort_puts_deadlines_still_ahead_first(backend, indexed):
    assert refs(find(backend, sort="deadline", page_size=50)) == [
        "CJ-1", "JB-1", "CJ-4", "JB-2", "JB-3", "CJ-3", "CJ-2",
    ]  # fmt: skip


def test_amount_sort_puts_the_largest_budget_or_bounty_first(backend, indexed):
    assert refs(find(backend, sort="amount", page_size=3)) == ["CJ-1", "JB-2", "JB-1"]


def test_budget_and_deadline_ranges(backend, indexed):
    assert sorted(refs(find(backend, amount_min=250, amount_max=600))) == ["JB-1", "JB-2"]
    today = timezone.localdate()
    window = find(backend, deadline_from=today, deadline_to=today + timedelta(days=12))
    assert sorted(refs(window)) == ["CJ-1", "JB-1"]


def test_pages_do_not_overlap(backend, indexed):
    first = refs(find(backend, page_size=3, page=1))
    second = refs(find(backend, page_size=3, page=2))
    third = find(backend, page_size=3, page=3)
    assert len(first) == len(second) == 3
    assert len(third.hits) == 1
    assert not set(first) & set(second)
    assert third.pages == 3


def test_a_query_sharing_part_of_a_term_finds_it_and_no_hits_suggests_a_close_term(
    backend, indexed
):
    assert refs(find(backend, q="车路协调"))[0] == "CJ-2"  # 车路协同: the pair 车路
    results = find(backend, q="热矢控")  # 热失控 mistyped: no pair or word in common
    assert results.total == 0
    assert results.suggestion == "热失控"


EVERY_LIVE_OPPORTUNITY = ["CJ-1", "CJ-2", "CJ-3", "CJ-4", "JB-1", "JB-2", "JB-3"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"锂电池', ["JB-1", "JB-3"]),  # the quote is dropped, the synonym still applies
        ("锂电池 AND OR NOT (", ["JB-1", "JB-3"]),  # operators are words that match nothing
        ("*:?", EVERY_LIVE_OPPORTUNITY),  # no word at all: an empty query
        ("a" * 5000, []),
        ("锂" * 5000, ["JB-1", "JB-3"]),  # cut to 200 characters, one word repeated
        ("'; drop table docs; --", []),
    ],
)
def test_hostile_queries_answer_as_plain_words(backend, indexed, query, expected):
    results = find(backend, q=query, page_size=50)
    assert results.total == len(expected)
    assert sorted(refs(results)) == expected


def test_suggestions_complete_titles_and_keywords(backend, indexed):
    assert "智慧路灯车路协同示范路段" in backend.suggest("智慧路")
    assert "智慧港口" in backend.suggest("智慧")


def test_a_stale_write_never_overwrites_a_newer_one(backend, indexed):
    battery = indexed["battery"]
    newer = current_record(battery.pk) | {"title": "新标题", "display_title": "新标题"}
    backend.apply(battery.pk, newer, version=10_000)
    backend.apply(battery.pk, current_record(battery.pk), version=9_999)
    backend.refresh()
    assert find(backend, q="新标题").hits[0]["ref"] == "JB-1"


def test_a_delete_removes_the_document_and_check_reports_it(backend, indexed):
    battery = indexed["battery"]
    backend.apply(battery.pk, None, version=10_000)
    backend.refresh()
    assert "JB-1" not in refs(find(backend, page_size=50))
    assert check_index(backend).missing == [battery.pk]


def test_a_rebuild_replaces_the_index_and_check_is_clean(backend, indexed):
    indexed["sensing"].unpublish()
    assert check_index(backend).extra == [indexed["sensing"].pk]
    assert rebuild_index(backend) == 6
    backend.refresh()
    assert check_index(backend).clean
    assert find(backend).total == 6
