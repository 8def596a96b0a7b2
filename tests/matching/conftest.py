"""Matching fixtures: the bidding fixtures (verified organisations, a publisher, an open
challenge with two targets), the shipped search dictionary, and a real search index."""

import pytest
from django.core.cache import cache

from matching.keywords import reset_synonyms
from search import text
from search.backends import reset_backends
from search.dictionary import dictionary_load
from search.indexing import rebuild_index
from tests.scenarios.conftest import (  # noqa: F401  (fixtures)
    _private_media_in_tmp,
    admin,
    challenge,
    company_a,
    company_b,
    list_page,
    publisher,
    publisher_org,
)
from tests.search.conftest import make_backend
from tests.selection.conftest import (  # noqa: F401  (fixtures)
    bids,
    closed_panel,
    experts,
    panel,
    rubric,
    scoring_panel,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Kept sides and candidates never leak from one test's pages into another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dictionary(db):
    """The shipped synonym dictionary, as `manage.py load_search_dictionary` loads it."""
    dictionary_load()
    text.reset_tokenizer()
    reset_synonyms()
    yield
    text.reset_tokenizer()
    reset_synonyms()


@pytest.fixture
def search_index(request, settings, tmp_path):
    """A real Elasticsearch index of what is live when it is asked for; dropped afterwards."""
    backend = make_backend("elasticsearch", request, settings, tmp_path)

    def build():
        rebuild_index(backend)
        backend.refresh()
        return backend

    yield build
    backend.clear()
    reset_backends()
