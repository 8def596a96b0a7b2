"""Settings for running on one machine: DEBUG on, a throwaway secret key, embedded services by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# base.py decided SERVE_MEDIA while DEBUG was still off: decide again, or `make run` shows every
# uploaded image broken (/media/... answers 404).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-do-not-deploy")

# The embedded default keeps its SQLite file and media under var/ (git-ignored).
(BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
