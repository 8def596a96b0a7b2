"""Relevance on the real judged set (tests/search/real_set): 153 items from lists other cities,
provinces and ministries published, with 88 graded queries split once into a tune half and a
report half. The floors apply to the report half, which nothing was tuned on; the naive
baselines (plain BM25 over characters, and over characters + bigrams, no dictionary) are
measured on the same half in the same run, and both backends must beat the better one.

Figures per variant and per query kind: `make bench-relevance`.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from search import text
from search.connection import get_client
from search.documents import opportunity_queryset, opportunity_record
from search.evaluation import (
    NaiveBaseline,
    by_kind,
    evaluate,
    import_real_set,
    load_real_set,
    mean,
)
from search.indexing import rebuild_index
from tests.search.conftest import make_backend

# nDCG@10 on the report half, measured when the floors were set (bench/search_relevance.py):
# Elasticsearch 0.808, embedded 0.742 (best naive baseline 0.733); the floors sit a little
# under them. The issue asks for 0.93: not reached (see the closing note of issue 12).
FLOOR = {"elasticsearch": 0.78, "embedded": 0.72}


@pytest.fixture(scope="module")
def real_set(django_db_setup, django_db_blocker):
    """The real set's items and the shipped dictionary, loaded once for the module inside a
    transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_search_dictionary", stdout=io.StringIO())
        import_real_set()
        text.reset_tokenizer()
        yield
        transaction.set_rollback(True)
    text.reset_tokenizer()


_baselines = {}


@pytest.fixture
def best_baseline(real_set, db, elasticsearch_url, settings):
    """The better naive baseline's mean nDCG@10 on the report half (measured once)."""
    if not _baselines:
        settings.ELASTICSEARCH_URL = elasticsearch_url
        queries = load_real_set("report")
        records = [opportunity_record(page) for page in opportunity_queryset()]
        for analyzer in ("standard", "zh_bigram"):
            baseline = NaiveBaseline(get_client(), analyzer, records)
            try:
                _baselines[analyzer] = mean(
                    evaluate(None, queries, ranked=baseline.ranked).values()
                )
            finally:
                baseline.drop()
    return max(_baselines.values())


@pytest.fixture(params=["embedded", "elasticsearch"])
def real_backend(request, real_set, db, settings, tmp_path):
    backend = make_backend(request.param, request, settings, tmp_path)
    rebuild_index(backend)
    backend.refresh()
    yield backend
    backend.clear()


@pytest.mark.django_db
def test_the_report_half_ranks_above_its_floor_and_above_the_naive_baselines(
    best_baseline, real_backend
):
    queries = load_real_set("report")
    assert len(queries) == 44
    scores = evaluate(real_backend, queries)
    overall = mean(scores.values())
    print(
        f"\n{real_backend.name}: report-half nDCG@10 {overall:.3f}, best naive baseline "
        f"{best_baseline:.3f}",
        {kind: round(value, 3) for kind, value in by_kind(scores, queries, primary=True).items()},
    )
    assert overall >= FLOOR[real_backend.name]
    assert overall > best_baseline
