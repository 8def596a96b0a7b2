"""A real Celery worker in a subprocess, as deploy/ runs it (`celery -A config worker`), on the
test's database and Redis: the fault drills kill it, cut its broker and watch it carry on."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url():
    """The URL of the database the test runs on (committed rows only: transactional tests)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(redis_url, log_path, **environment):
    """Start `celery -A config worker` as deploy/compose.yaml does (prefork, fewer children)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        **environment,
    }
    log = open(log_path, "ab")  # noqa: SIM115  (closed with the process, by stop_worker)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "prefork", "--concurrency", "2", "--max-tasks-per-child", "200"),
            *("--hostname", f"drill-{uuid.uuid4().hex[:8]}@%h", "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def stop_worker(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


@contextmanager
def celery_worker(redis_url, log_path, **environment):
    process = start_worker(redis_url, log_path, **environment)
    try:
        yield process
    finally:
        stop_worker(process)


def wait_until(condition, timeout, interval=0.2):
    """Poll `condition` until it is true or `timeout` seconds pass; return whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
