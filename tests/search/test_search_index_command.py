"""`manage.py search_index`: --check names what is out of step and exits 1; --rebuild mends it."""

import io

import pytest
from django.core.management import call_command

from search.backends import reset_backends

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("search_index", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_check_fails_on_missing_documents_and_rebuild_makes_it_clean(backend, corpus):
    reset_backends()  # the command uses the backend the settings name: this test's
    with pytest.raises(SystemExit) as exit_info:
        run("--check")
    assert exit_info.value.code == 1
    assert "missing: 7" in run()

    assert "rebuilt: 7 documents" in run("--rebuild")
    report = run("--check")
    assert "missing: 0  stale: 0  extra: 0" in report
    assert "index matches the database" in report
    reset_backends()


def test_drain_applies_pending_operations(backend, corpus):
    reset_backends()
    # seven published pages and the draft's unpublishing
    assert "applied pending operations of 8 pages" in run("--drain")
    assert "index matches the database" in run("--check")
    reset_backends()
