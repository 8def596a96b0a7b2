"""The search parameters are declared once: the page's form, the API's schema and
`SearchParams` agree, and a number no index column can hold is a named, refused value."""

import pytest

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = str(2**63)  # 9223372036854775808: one more than a signed 64-bit integer holds

HUGE_VALUES = [
    ("list", BEYOND_64_BITS),
    ("page", BEYOND_64_BITS),
    ("page_size", BEYOND_64_BITS),
    ("amount_min", BEYOND_64_BITS),
    ("amount_max", "1e400"),
    ("list", "-" + BEYOND_64_BITS),
]


@pytest.mark.parametrize(("name", "value"), HUGE_VALUES)
def test_the_page_names_a_number_beyond_64_bits_and_searches_without_it(
    client, backend, indexed, name, value
):
    response = client.get("/search/", {name: value})
    assert response.status_code == 200
    label = response.context["form"].fields[name].label
    assert [message.split(":")[0] for message in response.context["messages"]] == [label]
    assert response.context["results"].total == 7  # the bad value is ignored


@pytest.mark.parametrize(("name", "value"), HUGE_VALUES)
def test_the_api_answers_422_naming_a_number_beyond_64_bits(client, backend, indexed, name, value):
    response = client.get("/api/v1/search", {name: value})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [name]


def test_the_api_uses_the_filters_it_parsed(client, backend, indexed):
    answer = client.get("/api/v1/search", {"kind": "challenge", "region": "haizhou"}).json()
    assert [hit["ref"] for hit in answer["results"]] == ["JB-1"]
    assert (
        client.get("/api/v1/search", {"list": indexed["battery"].get_parent().pk}).json()["total"]
        == 7
    )


def test_the_api_refuses_each_bad_value_with_422_naming_its_field(client, backend, indexed):
    response = client.get(
        "/api/v1/search", {"page": "-1", "status": "soon", "domain": "nope", "sort": "x"}
    )
    assert response.status_code == 422
    named = set(response.json()["errors"])
    assert named == {"page", "status", "sort"}  # checked by the schema, before the database
    response = client.get("/api/v1/search", {"domain": "nope", "amount_min": 5, "amount_max": 1})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"domain", "amount_max"}


def test_the_form_the_api_schema_and_search_params_declare_the_same_parameters(client, db):
    from search.forms import SearchForm
    from search.params import parameters

    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/search"]["get"]
    documented = {parameter["name"]: parameter for parameter in operation["parameters"]}
    declared = [spec.name for spec in parameters()]
    assert list(SearchForm().fields) == declared
    assert set(documented) == set(declared)
    kinds = dict(SearchForm().fields["kind"].choices)
    assert set(documented["kind"]["schema"]["enum"]) == {"", *kinds}  # "" means any kind
    list_schema = documented["list"]["schema"]["anyOf"][0]  # an integer, or nothing
    assert list_schema["maximum"] == 2**63 - 1
    assert (
        documented["page_size"]["schema"]["maximum"] == SearchForm().fields["page_size"].max_value
    )
