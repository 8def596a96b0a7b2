"""What the fuzz (test_fuzz.py) found, one test each: every answer the API gives is a status its
OpenAPI document names for that operation, in the documented problem shape."""

import pytest

from config.api import api

pytestmark = pytest.mark.django_db


def documented(method, path):
    """The status codes /api/v1/openapi.json lists for one operation."""
    operation = api.get_openapi_schema()["paths"][path][method]
    return {int(code) for code in operation["responses"]}


def test_a_search_filter_of_the_wrong_type_is_a_documented_422(client):
    response = client.get("/api/v1/search", {"page_size": "null"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"page_size"}
    assert 422 in documented("get", "/api/v1/search")


def test_an_over_long_suggestion_prefix_is_a_documented_422_naming_q(client):
    response = client.get("/api/v1/suggest", {"q": "智" * 61})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"q"}
    assert 422 in documented("get", "/api/v1/suggest")


@pytest.mark.parametrize("field", ["amount_min", "amount_max"])
def test_an_amount_beyond_any_stored_sum_is_a_documented_422_naming_it(client, field):
    # 1e400 is a finite decimal but an infinite float: Elasticsearch refused the query (a 500).
    response = client.get("/api/v1/search", {field: "1e400"})
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) == {field}
    assert 422 in documented("get", "/api/v1/search")
