"""Shared fixtures: media in a temporary folder, the home page, and the real services.

Tests that need Elasticsearch, Redis or PostgreSQL ask for the fixture of that service. Locally a
missing service skips those tests with a message; with CI=true it fails them, so a run without
its services can never pass by skipping.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import translation

from cms.models import HomePage

IN_CI = os.environ.get("CI", "").lower() == "true"


def service_missing(message):
    """Fail under CI, skip locally: the one way a test reacts to an absent service."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(f"{message}; run `make test`, which starts it")


def _reachable(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def pytest_configure(config):
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError(
            "CI=true: DATABASE_URL must point at PostgreSQL (make test sets it)"
        )


def pytest_report_header(config):
    return [
        f"database: {os.environ.get('DATABASE_URL', 'sqlite (embedded default)')}",
        f"redis: {os.environ.get('REDIS_URL') or 'none'}",
        f"elasticsearch: {os.environ.get('ELASTICSEARCH_URL') or 'none'}",
        f"CI: {IN_CI}",
    ]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever a request before it activated."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        service_missing(
            f"the tests run on {connection.vendor}, not PostgreSQL (DATABASE_URL unset)"
        )
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        service_missing("REDIS_URL is not set")
    if not _reachable(url, 6379):
        service_missing(f"Redis at {url} does not answer")
    return url


@pytest.fixture
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        service_missing("ELASTICSEARCH_URL is not set")
    if not _reachable(url, 9200):
        service_missing(f"Elasticsearch at {url} does not answer")
    return url


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()
