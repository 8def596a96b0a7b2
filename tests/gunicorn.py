"""gunicorn serving the project as deploy/ runs it (sync workers, config.wsgi) on a database
the caller names: the deadline race test and the submission bench drive it over real HTTP."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 120


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn_serving(database_url, workers=4, **environment):
    """Yield the base URL of a gunicorn on loopback with the suite's settings (mail in memory,
    tasks eager) on `database_url`; extra keyword arguments become environment variables."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        **environment,
    }
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--timeout", "60", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Workers import Django as they boot and build the API schema on its first request: on a
        # loaded machine that takes a while, so the one request that waits gets all the time left.
        give_up = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                requests.get(
                    f"{url}/api/v1/openapi.json", timeout=max(1, give_up - time.monotonic())
                ).raise_for_status()
                break
            except (requests.ConnectionError, requests.Timeout):
                if server.poll() is not None:
                    raise RuntimeError("gunicorn exited at start") from None
                if time.monotonic() > give_up:
                    raise RuntimeError(
                        f"gunicorn did not answer within {START_TIMEOUT_S} s"
                    ) from None
                time.sleep(0.1)
        yield url
    finally:
        # SIGQUIT is gunicorn's quick shutdown: SIGTERM would wait up to 30 s for busy workers.
        server.send_signal(signal.SIGQUIT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
