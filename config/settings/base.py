"""Settings shared by every environment; values come from the environment (django-environ).

With no environment at all the site runs on the embedded default: SQLite, Celery tasks run
eagerly in-process, and no external service is needed.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "cms",
    "scenarios",
    "search",
    "alerts",
    "notifications",
    "selection",
    "matching",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # serves its own Swagger UI files, so /api/v1/docs needs no CDN
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",  # login attempts are rate-limited per account and address
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "scenarios.arrival.ArrivalTimeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "scenarios.middleware.ContentSecurityPolicyMiddleware",
    "scenarios.middleware.PermissionsPolicyMiddleware",
    "scenarios.middleware.SubmittedFileNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scenarios.middleware.PrivateResponsesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts only from our own origin, no plugins, no other
# site may frame us or receive our forms. The public site, Wagtail's admin (page editor, image
# chooser, preview) and the Swagger UI at /api/v1/docs run under it without a violation
# (tests/browser/test_security_headers.py); Wagtail's admin needs inline scripts, allowed under
# its path only (scenarios/middleware.py). Styles allow inline attributes: the admin and the
# challenge page's rubric bars set them, and a style cannot run code. Extra origins for images
# or frames (a CDN for media) come from the environment. frame-ancestors is 'self', not 'none':
# Wagtail's preview frames the page in the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *env.list("CSP_EXTRA_FRAME_SRC", default=[])],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
CSP_INLINE_SCRIPT_PATHS = ["/admin/"]
# Browser features no page uses, switched off for the page and any frame in it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        *("accelerometer", "autoplay", "camera", "display-capture", "geolocation"),
        *("gyroscope", "magnetometer", "microphone", "midi", "payment", "usb"),
        *("xr-spatial-tracking", "browsing-topics"),
    )
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "account:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Login attempts (public site and Wagtail admin alike): 5 failures for one account from one
# address lock that pair out for 15 minutes (HTTP 429 with a page that says so).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "scenarios.audit.client_ip"
AXES_VERBOSE = False
# Addresses of our own reverse proxies, whose X-Forwarded-For is believed (deploy/nginx.conf).
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])
# A bid that reached the proxy before the deadline counts even if a worker writes it a few
# seconds later (scenarios/arrival.py); bids stay sealed this long past the deadline.
BID_ARRIVAL_MAX_QUEUE_SECONDS = env.int("BID_ARRIVAL_MAX_QUEUE_SECONDS", default=10)
# A staff account that breaks the glass on a sealed bid (stating why; the bidder is told) reads
# that one bid for this long (scenarios/services/sealing.py).
BID_BREAK_GLASS_MINUTES = env.int("BID_BREAK_GLASS_MINUTES", default=30)

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


def sqlite_for_concurrent_writers(database):
    """On SQLite, let concurrent requests wait for each other instead of failing with "database
    is locked": WAL lets readers run beside the writer, a request's transaction takes the write
    lock when it begins (a deferred one that reads, then writes, deadlocks with another and fails
    at once, whatever the timeout), and a writer waits up to the busy timeout for its turn.
    Options given in DATABASE_URL win; other engines are returned unchanged."""
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return database
    database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **database.get("OPTIONS", {}),
    }
    return database


DATABASES = {
    "default": sqlite_for_concurrent_writers(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English available; dates and deadlines are Beijing time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Bid attachments are sealed: they live outside MEDIA_ROOT and are only served through a view
# that checks who asks (scenarios/views.py), never by the web server.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "scenarios.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = _("Opportunity lists and technology challenges")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars fetched from gravatar.com: it leaks who works in the admin, is often unreachable
# from China, and the Content-Security-Policy allows images from our own origin only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# Wagtail's admin search stays on the database backend: its Elasticsearch backend needs analysis
# filters (ngram, asciifolding) that the Elasticsearch server core does not ship.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Uploads by companies (scenarios/uploads.py): checked by content, images re-encoded.
BID_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 16_000_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Services: unset means embedded (Celery eager, no Elasticsearch).
REDIS_URL = env("REDIS_URL", default="")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Redis through kombu's own transport, less a defect that makes a worker exit when Redis goes
# away (core/broker.py).
CELERY_BROKER_TRANSPORT = "core.broker:Transport" if REDIS_URL else None
# No task result is ever read, so none is stored: a send never touches a result backend (with
# Redis down, its reconnect loop blocked every publish about 19 s and then raised).
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Nothing a user does waits on the broker: the work is written first (an outbox row, a
# notification), a send gives up after one quick retry (core/tasks.py logs it), and beat's drains
# send what is pending once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# A worker, though, waits for the broker as long as it takes, and then carries on.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_RESULT_EXPIRES = 3600
# Periodic tasks (run by the one `celery beat` of a deployment, see deploy/).
CELERY_BEAT_SCHEDULE = {
    "drain-search-outbox": {"task": "search.tasks.drain_index_outbox", "schedule": 60.0},
    "send-pending-emails": {
        "task": "notifications.tasks.send_pending_notification_emails",
        "schedule": 120.0,
    },
    "finalise-result-notices": {
        "task": "selection.tasks.finalise_result_notices",
        "schedule": 300.0,
    },
    "sync-saved-searches": {"task": "alerts.tasks.sync_saved_searches", "schedule": 120.0},
    "drain-publication-events": {
        "task": "alerts.tasks.drain_publication_events",
        "schedule": 120.0,
    },
    # Digests at 08:00 Beijing time (CELERY_TIMEZONE): every day, and on Mondays.
    "daily-alert-digests": {
        "task": "alerts.tasks.send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    "weekly-alert-digests": {
        "task": "alerts.tasks.send_weekly_digests",
        "schedule": crontab(hour=8, minute=5, day_of_week="mon"),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@opportunities.example.cn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Per-task and per-page INFO lines drown a command's own output; warnings still show.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Search (search/): Elasticsearch when ELASTICSEARCH_URL is set, else the embedded SQLite FTS5
# index in its own file. The analyzer of the Elasticsearch text fields: "zh_bigram" (core only),
# "standard", or a plugin analyzer such as "ik_max_word" or "smartcn" (then rebuild the index).
SEARCH_INDEX_ALIAS = env("SEARCH_INDEX_ALIAS", default="opportunities")
SEARCH_ELASTICSEARCH_ANALYZER = env("SEARCH_ELASTICSEARCH_ANALYZER", default="zh_bigram")
# Which fields queries use: "both" (analyzer fields and jieba words), "text" or "words".
SEARCH_QUERY_FIELDS = env("SEARCH_QUERY_FIELDS", default="both")
SEARCH_REPLICAS = env.int("SEARCH_REPLICAS", default=0)
SEARCH_EMBEDDED_PATH = env.path("SEARCH_EMBEDDED_PATH", default=BASE_DIR / "var" / "search.sqlite3")
# Alerts (alerts/): the embedded backend's subscriptions index, in a SQLite file of its own.
ALERTS_EMBEDDED_PATH = env.path(
    "ALERTS_EMBEDDED_PATH", default=BASE_DIR / "var" / "alerts-subscriptions.sqlite3"
)
