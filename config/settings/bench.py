"""Settings for bench/search_bench.py: the local settings plus the bench corpus app, and the
bench's own SQLite files so a benchmark never touches the development database."""

from .local import *  # noqa: F403
from .local import BASE_DIR, INSTALLED_APPS, env, sqlite_for_concurrent_writers

INSTALLED_APPS = [*INSTALLED_APPS, "bench.corpus"]
DATABASES = {
    "default": sqlite_for_concurrent_writers(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}")
    )
}
SEARCH_EMBEDDED_PATH = BASE_DIR / "var" / "bench-search.sqlite3"
SEARCH_INDEX_ALIAS = "bench-opportunities"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
