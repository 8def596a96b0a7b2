"""Recommendation quality on the judged profiles (matching/evaluation/profiles.json, written from
real companies' public descriptions before tuning) against the demo's open opportunities, on a
real Elasticsearch.

Measured when the floors were set (bench/matching_quality.py, nothing tuned): precision@5 0.860
overall, 0.850 on the tune half, 0.869 on the report half. The floors sit a little under.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from matching.evaluation import evaluate, load_profiles
from matching.keywords import reset_synonyms
from search import text
from search.indexing import rebuild_index
from tests.search.conftest import make_backend

FLOOR_OVERALL = 0.82
FLOOR_REPORT_HALF = 0.82


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, loaded once for the module inside a transaction rolled back at its end."""
    from django.conf import settings

    media_root, settings.MEDIA_ROOT = settings.MEDIA_ROOT, tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        text.reset_tokenizer()
        reset_synonyms()
        yield
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media_root
    text.reset_tokenizer()
    reset_synonyms()


@pytest.mark.django_db
@pytest.mark.timeout(1200)  # 36 profiles, two searches each, on a shared Elasticsearch
def test_recommendations_meet_the_precision_floor_on_real_profiles(
    demo, request, settings, tmp_path
):
    backend = make_backend("elasticsearch", request, settings, tmp_path)
    try:
        rebuild_index(backend)
        backend.refresh()
        profiles = load_profiles()
        assert len(profiles) >= 30
        scores = evaluate(profiles, backend=backend)
    finally:
        backend.clear()
    overall = sum(value for value, _refs in scores.values()) / len(scores)
    report = [scores[p["id"]][0] for p in profiles if p["half"] == "report"]
    print(f"\nprecision@5 overall {overall:.3f}, report half {sum(report) / len(report):.3f}")
    assert overall >= FLOOR_OVERALL
    assert sum(report) / len(report) >= FLOOR_REPORT_HALF
