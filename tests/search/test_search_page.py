"""The search page and the JSON API, on both backends."""

import pytest
from django.utils.html import strip_tags

pytestmark = pytest.mark.django_db


def test_the_page_shows_highlighted_results_with_status_deadline_and_facets(
    client, backend, indexed
):
    response = client.get("/search/", {"q": "锂电池"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in html
    assert "锂离子电池热失控预警技术攻关" in strip_tags(html)
    assert "征集中" in html  # status
    assert 'class="deadline"' in html
    assert "新能源" in html  # the domain facet
    titles = [hit["title"] for hit in response.context["hits"]]
    assert titles[0] == "锂离子电池热失控预警技术攻关"


def test_a_facet_link_narrows_the_results_and_can_be_cleared(client, backend, indexed):
    response = client.get("/search/", {"q": "", "kind": "challenge"})
    kinds = {hit["kind"] for hit in response.context["hits"]}
    assert kinds == {"challenge"}
    kind_facet = next(f for f in response.context["facets"] if f["name"] == "kind")
    selected = next(value for value in kind_facet["values"] if value["selected"])
    assert "kind=" not in selected["url"]  # the selected value's link clears it


def test_the_domain_facet_nests_child_domains_under_their_parent(client, backend, indexed):
    html = client.get("/search/").content.decode()
    parent_item = html[html.index("数字经济") : html.index("新能源")]
    assert 'class="facets__children"' in parent_item
    assert "智能交通" in parent_item
    response = client.get("/search/", {"domain": "digital"})
    assert response.context["results"].total == 4  # choosing the parent finds its children's
    domain = next(f for f in response.context["facets"] if f["name"] == "domain")
    digital = next(value for value in domain["values"] if value["key"] == "digital")
    assert digital["selected"]
    assert [child["key"] for child in digital["children"]] == ["transport"]


def test_the_api_names_each_child_domains_parent(client, backend, indexed):
    facet = client.get("/api/v1/search").json()["facets"]["domain"]
    assert {item["key"]: item["parent"] for item in facet} == {
        "digital": None,
        "transport": "digital",
        "energy": None,
        "manufacturing": None,
    }


def test_bad_values_are_named_and_the_search_still_answers(client, backend, indexed):
    response = client.get(
        "/search/", {"q": "锂" * 5000, "page": "-1", "domain": "nope", "amount_min": "x"}
    )
    assert response.status_code == 200
    messages = " ".join(response.context["messages"])
    assert "页码: 确保该值大于或等于1" in messages
    assert "不存在领域“nope”" in messages
    assert "金额下限（万元）: 输入一个数字" in messages
    assert "已截取前 200 个字符" in messages
    assert len(response.content) < 200_000


def test_an_empty_query_lists_everything_newest_first_with_pages(client, backend, indexed):
    response = client.get("/search/", {"page_size": 3})
    assert response.context["results"].total == 7
    assert 'rel="next"' in response.content.decode()


def test_did_you_mean_links_to_the_suggested_query(client, backend, indexed):
    html = client.get("/search/", {"q": "热矢控"}).content.decode()
    assert "?q=%E7%83%AD%E5%A4%B1%E6%8E%A7" in html  # 热失控


def test_the_api_answers_the_documented_shape(client, backend, indexed):
    answer = client.get("/api/v1/search", {"q": "人工智能", "page_size": 5}).json()
    assert set(answer) >= {"total", "results", "facets"}
    assert answer["results"][0]["ref"] == "JB-2"
    assert set(answer["results"][0]) >= {
        "id",
        "ref",
        "kind",
        "title",
        "url",
        "status",
        "deadline",
        "highlight",
    }
    assert {"key", "label", "count"} <= set(answer["facets"]["domain"][0])


def test_the_api_completes_titles_and_keywords(client, backend, indexed):
    assert "智慧路灯车路协同示范路段" in client.get("/api/v1/suggest", {"q": "智慧"}).json()


def test_the_openapi_document_describes_search(client, db):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"] for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "kind", "domain", "region", "status", "sort", "page", "page_size"} <= parameters


def test_the_api_docs_load_without_the_outside_network(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html.replace("https://django-ninja.dev", "")
