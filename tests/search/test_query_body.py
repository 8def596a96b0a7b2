"""The Elasticsearch body the query service builds, compared as a dictionary (no server needed)."""

from datetime import UTC, datetime

import pytest

from search.params import QueryTerms, SearchParams
from search.queries import OpportunitySearchQuery

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def body(params, groups, raw=""):
    terms = QueryTerms(raw=raw, groups=groups)
    return OpportunitySearchQuery(params, terms, now=NOW).build("opportunities").to_dict()


def test_filters_go_to_the_post_filter_and_each_facet_counts_under_the_others():
    result = body(SearchParams(kind="challenge", region="haizhou"), [])
    assert result["post_filter"] == {
        "bool": {"filter": [{"term": {"kind": "challenge"}}, {"term": {"region": "haizhou"}}]}
    }
    assert result["aggs"]["kind"]["filter"] == {
        "bool": {"filter": [{"term": {"region": "haizhou"}}]}
    }
    assert result["aggs"]["region"]["filter"] == {
        "bool": {"filter": [{"term": {"kind": "challenge"}}]}
    }
    assert result["aggs"]["domain"]["aggs"]["values"] == {
        "terms": {"field": "domains", "size": 100}
    }


def test_status_is_a_date_range_at_query_time():
    result = body(SearchParams(status="closed"), [])
    assert result["post_filter"]["bool"]["filter"] == [
        {"range": {"deadline": {"lt": NOW.isoformat()}}}
    ]


@pytest.mark.django_db  # segmenting the alternatives reads the user dictionary
def test_each_word_group_matches_any_alternative_and_short_queries_need_every_group():
    result = body(
        SearchParams(q="锂电池 储能"), [["锂电池", "锂离子电池"], ["储能"]], raw="锂电池 储能"
    )
    must = result["query"]["bool"]["must"][0]["bool"]
    assert must["minimum_should_match"] == 2
    first_group = must["should"][0]["dis_max"]["queries"]
    phrases = [q["match_phrase"] for q in first_group if "match_phrase" in q]
    assert {"title": {"query": "锂离子电池", "boost": 6}} in phrases
    words = [q["multi_match"] for q in first_group if "multi_match" in q]
    assert words[0]["fields"][0] == "title_words^6"
    assert result["highlight"]["pre_tags"] == ["<mark>"]


def test_an_empty_query_lists_newest_first():
    result = body(SearchParams(), [])
    assert result["query"] == {"match_all": {}}
    assert result["sort"] == [{"published_at": "desc"}, {"id": "desc"}]


def test_deadline_sort_scores_deadlines_still_ahead_first_without_scripts():
    result = body(SearchParams(sort="deadline"), [])
    assert result["query"]["bool"]["should"] == [
        {"constant_score": {"filter": {"range": {"deadline": {"gte": NOW.isoformat()}}}}}
    ]
    assert result["sort"] == ["_score", {"deadline": "asc"}, {"id": "asc"}]


def test_pages_become_from_and_size():
    result = body(SearchParams(page=3, page_size=20), [])
    assert (result["from"], result["size"]) == (40, 20)
