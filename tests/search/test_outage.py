"""Search while Elasticsearch is down: the page and the API answer 503 (no traceback), and
`search_index` says so in one line. Most tests point the backend at a closed port on this
machine; one stops the real Elasticsearch and starts it again."""

import io
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from search.backends import reset_backends
from tests.conftest import _reachable

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (bound by us, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    settings.SEARCH_INDEX_ALIAS = f"test-search-{uuid.uuid4().hex[:10]}"
    reset_backends()
    yield settings.ELASTICSEARCH_URL
    reset_backends()


def test_the_search_page_answers_503_in_chinese_and_keeps_the_search_box(
    client, unreachable_elasticsearch
):
    response = client.get("/search/", {"q": "锂电池", "kind": "challenge"})
    html = response.content.decode()
    assert response.status_code == 503
    assert "检索服务暂时不可用" in html
    assert 'name="q" value="锂电池"' in html
    assert 'name="kind" value="challenge"' in html
    assert "Traceback" not in html
    assert response["Retry-After"] == "60"


def test_the_search_page_answers_503_in_english(client, unreachable_elasticsearch):
    response = client.get("/search/", {"q": "battery"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "Search is temporarily unavailable" in response.content.decode()


def test_the_search_api_answers_a_503_problem(client, unreachable_elasticsearch):
    response = client.get("/api/v1/search", {"q": "锂电池"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "detail": "Search is temporarily unavailable; try again in a minute.",
        "errors": {},
    }


def test_the_suggest_api_answers_a_503_problem(client, unreachable_elasticsearch):
    response = client.get("/api/v1/suggest", {"q": "智慧"})
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Search is temporarily unavailable")


def test_the_openapi_document_lists_the_503_answers(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/search", "/api/v1/suggest"):
        assert "503" in paths[path]["get"]["responses"], path


@pytest.mark.parametrize("action", ["--check", "--drain", "--rebuild", None])
def test_search_index_says_elasticsearch_is_down_in_one_line(unreachable_elasticsearch, action):
    with pytest.raises(CommandError) as error:
        call_command(
            "search_index",
            *([action] if action else []),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    message = str(error.value)
    assert message.startswith(f"Elasticsearch at {unreachable_elasticsearch} is unreachable")
    assert "\n" not in message


def test_search_index_check_prints_one_line_on_stderr_and_exits_non_zero(
    unreachable_elasticsearch,
):
    database = connection.settings_dict
    env = dict(os.environ, ELASTICSEARCH_URL=unreachable_elasticsearch, PYTHONWARNINGS="ignore")
    if database["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        )
    done = subprocess.run(
        [sys.executable, "manage.py", "search_index", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"CommandError: Elasticsearch at {unreachable_elasticsearch}")


@pytest.fixture
def stopped_elasticsearch(settings, elasticsearch_url):
    """Stop the shared Elasticsearch for one test and start it again at once afterwards."""
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_ALIAS = f"test-search-{uuid.uuid4().hex[:10]}"
    reset_backends()
    subprocess.run(["bash", "scripts/services.sh", "stop", "elasticsearch"], cwd=ROOT, check=True)
    try:
        yield elasticsearch_url
    finally:
        subprocess.run(
            ["bash", "scripts/services.sh", "start", "elasticsearch"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        reset_backends()


def test_stopping_the_real_elasticsearch_degrades_search_and_starting_it_restores_it(
    client, stopped_elasticsearch, request
):
    assert not _reachable(stopped_elasticsearch, 9200)
    assert client.get("/search/", {"q": "锂电池"}).status_code == 503
    assert client.get("/api/v1/search", {"q": "锂电池"}).status_code == 503
    assert client.get("/api/v1/suggest", {"q": "锂"}).status_code == 503

    subprocess.run(
        ["bash", "scripts/services.sh", "start", "elasticsearch"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        status = client.get("/search/", {"q": "锂电池"}).status_code
        if status == 200:
            break
        time.sleep(1)
    assert status == 200
    assert client.get("/api/v1/search", {"q": "锂电池"}).status_code == 200
    from search.backends import get_backend

    get_backend().clear()
