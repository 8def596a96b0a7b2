"""The real services the platform stands on answer: PostgreSQL, Elasticsearch 8, and a Celery worker on Redis."""

import os
import re
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from wagtail.images.models import Rendition

from cms.renditions import PAGE_IMAGE_RENDITIONS
from cms.tasks import prepare_cover_renditions
from config.celery_app import app as celery_app
from search.connection import server_version
from tests.factories import ChallengePageFactory, OpportunityListPageFactory


def test_database_is_postgresql(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("select current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()
    assert version >= 150000


def pinned_elasticsearch_version():
    """The version scripts/services.sh installs: ES_VERSION if set, else its pinned default."""
    script = (Path(__file__).resolve().parent.parent / "scripts" / "services.sh").read_text()
    default = re.search(r'^ES_VERSION="\$\{ES_VERSION:-([0-9.]+)\}"$', script, re.MULTILINE)
    assert default, "scripts/services.sh no longer pins ES_VERSION"
    return os.environ.get("ES_VERSION") or default.group(1)


def test_elasticsearch_answers_with_the_8x_version_services_sh_pins(elasticsearch_url, settings):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    version = server_version()
    assert version.split(".")[0] == "8"
    assert version == pinned_elasticsearch_version()


def _forget_result_backend():
    celery_app._backend_cache = None
    vars(celery_app._local).pop("backend", None)


@pytest.fixture
def celery_worker_on_redis(redis_url, settings):
    """A real Celery worker consuming from Redis, in a thread of this process; results are
    stored here only, for the test to read (the platform reads none)."""
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    # The app caches its result backend (per thread, or once if thread-safe): a task run earlier
    # in the suite made the disabled one, which would answer "No result backend is configured".
    _forget_result_backend()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield celery_app
    finally:
        celery_app.conf.update(saved)
        _forget_result_backend()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cover_renditions_are_made_by_a_worker_on_redis(home_page, celery_worker_on_redis):
    from wagtail_factories import ImageFactory

    list_page = OpportunityListPageFactory(parent=home_page)
    challenge = ChallengePageFactory(parent=list_page, cover_image=ImageFactory())
    assert not Rendition.objects.filter(image=challenge.cover_image).exists()

    result = prepare_cover_renditions.apply_async((challenge.pk,), ignore_result=False)

    assert result.get(timeout=30) == len(PAGE_IMAGE_RENDITIONS)
    assert result.successful()
    assert Rendition.objects.filter(image=challenge.cover_image).count() == len(
        PAGE_IMAGE_RENDITIONS
    )
