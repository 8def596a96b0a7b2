"""With no environment at all the site runs on the embedded default: SQLite and eager Celery."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "elasticsearch": settings.ELASTICSEARCH_URL,
    "language": settings.LANGUAGE_CODE,
    "languages": [code for code, _ in settings.LANGUAGES],
    "time_zone": settings.TIME_ZONE,
}))
"""


def test_local_settings_without_environment_use_embedded_services(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    output = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    probe = json.loads(output.strip().splitlines()[-1])
    assert probe == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "elasticsearch": "",
        "language": "zh-hans",
        "languages": ["zh-hans", "en"],
        "time_zone": "Asia/Shanghai",
    }


def test_production_settings_refuse_to_start_without_secret_key():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DATABASE_URL="sqlite:///x")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


MEDIA_PROBE = """
import json, django
from django.conf import settings
from django.urls import Resolver404, resolve
django.setup()
try:
    view = resolve("/media/original_images/cover.webp").func.__name__
except Resolver404:
    view = None
print(json.dumps({"debug": settings.DEBUG, "serve_media": settings.SERVE_MEDIA, "media_view": view}))
"""


def _probe_media(settings_module, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SERVE_MEDIA", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE=settings_module, **extra)
    output = subprocess.run(
        [sys.executable, "-c", MEDIA_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_local_settings_serve_uploaded_media_so_make_run_shows_cover_images():
    probe = _probe_media("config.settings.local")
    assert probe == {"debug": True, "serve_media": True, "media_view": "serve_media"}


def test_production_settings_leave_media_to_the_web_server():
    probe = _probe_media(
        "config.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="sqlite:///x",
        ALLOWED_HOSTS="example.cn",
    )
    assert probe["debug"] is False
    assert probe["serve_media"] is False
    assert probe["media_view"] is None
