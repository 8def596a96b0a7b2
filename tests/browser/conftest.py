"""Playwright driving Debian's Chromium (/usr/bin/chromium) against the live test server."""

import io
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from search.backends import get_backend, reset_backends
from search.indexing import rebuild_index
from tests.conftest import service_missing

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network, running as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    """Chromium for one test.

    Function-scoped on purpose: while Playwright's sync API is active an asyncio loop runs in
    this thread, so Django's thread-critical locals (the database connections among them)
    resolve to a separate, per-context storage. Closing Playwright before the test's database
    teardown lets that teardown (the flush, then the serialized-rollback restore for the next
    test) run on the ordinary connection.
    """
    if not shutil.which(CHROMIUM):
        service_missing(
            f"Chromium is not installed at {CHROMIUM} (`make system-packages` installs it)"
        )
    from playwright.sync_api import sync_playwright

    # The ORM calls the tests make between browser steps are ordinary synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # The connections opened while the loop ran live in its storage: close them here.
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo(settings, tmp_path):
    """The demo site, indexed by whichever search backend the settings name (the real
    Elasticsearch under `make test`, under an alias of this test's own, so that parallel runs do
    not clear each other's index; else a temporary embedded file)."""
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search.sqlite3"
    settings.SEARCH_INDEX_ALIAS = f"test-browser-{uuid.uuid4().hex[:10]}"
    reset_backends()
    get_backend().clear()
    call_command("load_demo", stdout=io.StringIO())
    rebuild_index()
    get_backend().refresh()
    yield
    get_backend().clear()
    reset_backends()
