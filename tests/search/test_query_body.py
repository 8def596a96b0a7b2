"""The Elasticsearch body the query service builds, compared as a dictionary (no server needed)."""

from datetime import UTC, datetime

import pytest

from search.params import ALL_GROUPS_WEIGHT, COVERAGE_WEIGHT, QueryTerms, SearchParams
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
def test_a_document_matching_any_group_is_found_and_one_matching_every_group_ranks_first():
    result = body(
        SearchParams(q="锂电池 储能"), [["锂电池", "锂离子电池"], ["储能"]], raw="锂电池 储能"
    )
    query = result["query"]["bool"]
    assert "must" not in query
    (found,) = query["filter"]
    found_by = [clause["multi_match"] for clause in found["bool"]["should"]]
    assert found_by[0] == {
        "query": "锂电 电池 储能",
        "fields": ["title^6", "keywords_text^5", "summary^2", "body^1"],
        "type": "best_fields",
        "analyzer": "whitespace",
    }
    assert {"锂离 离子 子电 电池", "储能"} <= {clause["query"] for clause in found_by}
    every_group, *coverage = [
        clause["constant_score"] for clause in query["should"] if "constant_score" in clause
    ]
    assert every_group["boost"] == ALL_GROUPS_WEIGHT
    assert len(every_group["filter"]["bool"]["filter"]) == 2
    assert [clause["boost"] for clause in coverage] == [COVERAGE_WEIGHT, COVERAGE_WEIGHT]
    first_group = coverage[0]["filter"]["bool"]["should"]
    phrases = [clause["match_phrase"] for clause in first_group if "match_phrase" in clause]
    assert {"title": "锂离子电池"} in phrases
    scored = [clause["dis_max"] for clause in query["should"] if "dis_max" in clause]
    assert scored[0]["queries"][0]["multi_match"]["fields"][0] == "title^6"
    recall = query["should"][-1]["multi_match"]
    assert recall["query"] == "锂电池 储能"
    assert recall["type"] == "best_fields"
    assert result["highlight"]["pre_tags"] == ["<mark>"]


@pytest.mark.django_db
def test_a_one_word_query_has_no_every_group_clause():
    result = body(SearchParams(q="储能"), [["储能"]], raw="储能")
    boosts = [
        clause["constant_score"]["boost"]
        for clause in result["query"]["bool"]["should"]
        if "constant_score" in clause
    ]
    assert boosts == [COVERAGE_WEIGHT]


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


@pytest.mark.django_db
def test_hits_are_marked_by_the_alternatives_and_their_words_not_by_the_ranking_query():
    result = body(SearchParams(q="锂电池"), [["锂电池", "锂离子电池"]], raw="锂电池")
    marked = result["highlight"]["highlight_query"]["bool"]["should"]
    assert {"match_phrase": {"title": "锂离子电池"}} in marked
    assert {"match_phrase": {"body": "锂电池"}} in marked
    assert {name for clause in marked for name in clause["match_phrase"]} == {
        "title",
        "summary",
        "body",
    }


def test_a_caller_without_facets_or_highlights_gets_neither_counted_nor_marked():
    terms = QueryTerms(raw="储能", groups=[["储能"]])
    query = OpportunitySearchQuery(SearchParams(q="储能"), terms, facets=False, highlights=False)
    result = query.build("opportunities").to_dict()
    assert "aggs" not in result
    assert "highlight" not in result
    assert result["query"]["bool"]["filter"]
