"""Settings for the test suite: real services come from the environment (``make test`` sets them)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = True
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405

# Tasks run in-process unless a test starts a real worker on REDIS_URL (tests/test_services.py).
CELERY_TASK_ALWAYS_EAGER = True

# Search: never the development alias; the tests point the embedded index at a temporary file.
# TEST_SEARCH_INDEX_ALIAS lets two suites share one Elasticsearch without touching each other.
SEARCH_INDEX_ALIAS = env("TEST_SEARCH_INDEX_ALIAS", default="test-opportunities")
