"""The Chinese catalogue covers every message the code and templates use, and the compiled file
the site loads matches it (GNU gettext's own tools do the comparing)."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
NOT_SOURCE = (".venv", "var", ".git", "tests", "bench", "media", "static_collected", "*.png")


def fresh_template(tmp_path: Path) -> Path:
    """Extract the messages of the current sources with makemessages, in a copy of the tree."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    shutil.rmtree(copy / "locale")
    (copy / "locale" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    for key in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"):
        env.pop(key, None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--keep-pot"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return copy / "locale" / "django.pot"


def test_every_message_in_the_sources_has_a_chinese_translation(tmp_path):
    template = fresh_template(tmp_path)
    # msgcmp fails on a message missing from the catalogue, and counts fuzzy or empty ones as missing.
    result = subprocess.run(
        ["msgcmp", "--no-fuzzy-matching", str(CATALOGUE), str(template)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_catalogue_has_no_fuzzy_or_empty_translations():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr
    assert " translated message" in result.stderr


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    recompiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(recompiled), str(CATALOGUE)], check=True)
    with COMPILED.open("rb") as committed, recompiled.open("rb") as fresh:
        committed_messages = gettext.GNUTranslations(committed)._catalog
        fresh_messages = gettext.GNUTranslations(fresh)._catalog
    assert committed_messages == fresh_messages, "run `make messages` and commit django.mo"
