"""The API's browsable docs and its OpenAPI document carry a Chinese title by default."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_and_schema_have_a_chinese_title(client):
    assert "机会清单与揭榜挂帅平台接口" in client.get("/api/v1/docs").content.decode()
    assert (
        client.get("/api/v1/openapi.json").json()["info"]["title"] == "机会清单与揭榜挂帅平台接口"
    )


def test_an_english_reader_gets_the_english_title(client):
    schema = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json()
    assert schema["info"]["title"] == "Opportunity lists and technology challenges API"
