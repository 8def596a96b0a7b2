"""Settings shared by every environment; values come from the environment (django-environ).

With no environment at all the site runs on the embedded default: SQLite, Celery tasks run
eagerly in-process, and no external service is needed.
"""

from datetime import timedelta
from pathlib import Path

import environ
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
    "scenarios.middleware.SubmittedFileNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

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

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
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
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
# Periodic tasks (run by the one `celery beat` of a deployment, see deploy/).
CELERY_BEAT_SCHEDULE = {
    "drain-search-outbox": {"task": "search.tasks.drain_index_outbox", "schedule": 60.0},
    "send-pending-emails": {
        "task": "scenarios.tasks.send_pending_notification_emails",
        "schedule": 120.0,
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
