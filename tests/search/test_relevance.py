"""Relevance on the judged set: nDCG@10 over the demo content, on both backends.

The floors sit a little under what was measured when they were set (bench/search_relevance.py
prints the figures per variant and per query kind): a change that makes search find worse fails.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from search import text
from search.evaluation import by_kind, evaluate, load_judgments, mean
from search.indexing import rebuild_index
from tests.search.conftest import make_backend

# Measured at 0.928 (Elasticsearch, zh_bigram + jieba words) and 0.962 (embedded), with the
# shipped dictionary; this set was written with the demo synonyms, so it is a regression test
# only: relevance is measured on tests/search/real_set (test_real_relevance.py).
FLOOR_OVERALL = 0.87
FLOOR_PER_KIND = {"synonym": 0.85, "abbreviation": 0.85, "single_char": 0.85, "long": 0.65}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once for the module inside a transaction rolled back at its end."""
    from django.conf import settings

    media_root, settings.MEDIA_ROOT = settings.MEDIA_ROOT, tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        text.reset_tokenizer()
        yield
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media_root
    text.reset_tokenizer()


@pytest.fixture(params=["embedded", "elasticsearch"])
def demo_backend(request, demo, db, settings, tmp_path):
    backend = make_backend(request.param, request, settings, tmp_path)
    rebuild_index(backend)
    backend.refresh()
    yield backend
    backend.clear()


@pytest.mark.django_db
def test_judged_queries_rank_well(demo_backend):
    queries = load_judgments()
    assert len(queries) >= 30
    scores = evaluate(demo_backend, queries)
    per_kind = by_kind(scores, queries)
    overall = mean(scores.values())
    print(
        f"\n{demo_backend.name}: nDCG@10 {overall:.3f}",
        {k: round(v, 3) for k, v in per_kind.items()},
    )
    assert overall >= FLOOR_OVERALL
    for kind, floor in FLOOR_PER_KIND.items():
        assert per_kind[kind] >= floor, kind
