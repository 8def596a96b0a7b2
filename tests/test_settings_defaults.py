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


WRITERS = """
import json, threading, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.utils import timezone

call_command("migrate", "sessions", verbosity=0)
call_command("migrate", "auth", verbosity=0)
User = get_user_model()
for n in range(WORKERS):
    User.objects.create_user(f"bidder{n}", password="x")
journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

start, errors, done = threading.Barrier(WORKERS), [], []


def log_in_again_and_again(n):
    # What a log-in does inside ATOMIC_REQUESTS: read the account, then write a session and
    # the account's last log-in, in one transaction per request.
    start.wait()
    for _ in range(ROUNDS):
        try:
            with transaction.atomic():
                user = User.objects.get(username=f"bidder{n}")
                time.sleep(0.002)  # the rest of the request, while the read lock is held
                session = SessionStore()
                session["_auth_user_id"] = str(user.pk)
                session.create()
                user.last_login = timezone.now()
                user.save(update_fields=["last_login"])
            done.append(n)
        except OperationalError as error:
            errors.append(str(error))
    connection.close()


threads = [threading.Thread(target=log_in_again_and_again, args=(n,)) for n in range(WORKERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"journal": journal, "done": len(done), "errors": errors[:3], "failed": len(errors)}))
"""


def test_embedded_sqlite_takes_concurrent_log_ins_without_database_is_locked(tmp_path):
    """Eight writers on one SQLite file, 25 transactions each that read then write: before the
    SQLite options (WAL, immediate transactions, busy timeout) some failed at once with
    "database is locked"."""
    workers, rounds = 8, 25
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    script = f"WORKERS, ROUNDS = {workers}, {rounds}\n" + WRITERS
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr[-2000:]
    result = json.loads(output.stdout.strip().splitlines()[-1])
    assert result["failed"] == 0, result["errors"]
    assert result["done"] == workers * rounds
    assert result["journal"] == "wal"


def test_check_deploy_under_production_settings_reports_no_issues(tmp_path):
    """`manage.py check --deploy` with the variables production needs (README, deploy/README):
    no warning, and HSTS for a year with subdomains (before: 3600 s without subdomains)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k8Jq2vN-deploy-check-4tW9xZr7LmPq3sYb6HcVf1GdEa0UiOo5TnRyKwXjBzQ",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="opportunities.example.cn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "settings.SECURE_HSTS_PRELOAD)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split() == ["31536000", "True", "False"]


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
