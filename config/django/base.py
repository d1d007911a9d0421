"""Settings shared by every environment. Values come from config.env with embedded-mode defaults."""

from datetime import timedelta

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY", "insecure-embedded-default-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in mails. The embedded default follows the port `make run` serves on (PORT), so a link in an
# invitation or a survey mail opens the platform that sent it.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "stadskennis.core",
    "stadskennis.mail",
    "stadskennis.accounts",
    "stadskennis.network",
    "stadskennis.events",
    "stadskennis.newsletter",
    "stadskennis.programmes",
    "stadskennis.knowledge",
    "stadskennis.indicators",
    "stadskennis.dashboards",
    "stadskennis.dossiers",
    "stadskennis.reports",
    "stadskennis.plans",
    "stadskennis.follows",
    "stadskennis.questions",
    "stadskennis.search",
    "stadskennis.api",
    "stadskennis.home",
    "stadskennis.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "stadskennis.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stadskennis.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stadskennis.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stadskennis.core.middleware.PrivateResponsesMiddleware",
    "stadskennis.core.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "stadskennis.dossiers.middleware.DossierHostMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stadskennis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "stadskennis.core.context_processors.platform",
                "stadskennis.core.context_processors.csp_nonce",
            ],
        },
    },
]
# Form labels with a capital and without Django's trailing colon, for every form.
FORM_RENDERER = "stadskennis.core.forms.FormRenderer"

# Databases: one SQLite file under var/ unless DATABASE_URL names another (PostgreSQL in production).
SQLITE_PATH = VAR_DIR / "stadskennis.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),  # seconds a writer waits for the lock
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:start"
LOGOUT_REDIRECT_URL = "home:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login rate limit (django-axes): five failures per address and account, twenty per address over all
# accounts (password spraying), then fifteen minutes' pause (accounts/login_limits.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "stadskennis.accounts.login_limits.LoginLimitHandler"
# The reverse proxies in front of the app (docs/deploy.md): only a request from one of them may say in
# X-Forwarded-For whose request it passes on. Loopback: the proxy on the same machine.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "stadskennis.core.client_address.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Language: Flemish Dutch first, English available. Source strings are English.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "stadskennis" / "static"]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: files go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_str("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024
# People without activity for this many years are listed for editors to review (docs/gdpr.md).
GDPR_INACTIVE_YEARS = env_int("GDPR_INACTIVE_YEARS", 3)
# Stad in cijfers: a group, provincial or regional figure shows only when at least this share (in %) of
# its denominator is present (issue 14, point 4).
INDICATOR_COVERAGE_PERCENT = env_int("INDICATOR_COVERAGE_PERCENT", 80)
# A web process moves what it loaded before its first request, and what that request loaded, out of
# the garbage collector's sight (stadskennis/core/process.py): full collections no longer stall a page.
GC_TUNED = env_bool("GC_TUNED", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }

# The embedded default sends no mail: it keeps what it would send in the database, for administrators
# to read at /beheer/mail/ (the worker sends most mail, so a console is no place to read it).
# Production sends by SMTP (config/django/production.py).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "stadskennis.core.mail_store.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Kenniscentrum Vlaamse Steden <noreply@stadskennis.example>"
)

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
NINJA_PAGINATION_PER_PAGE = 50

# Background work (text extraction, imports, mail) runs in `stadskennis worker`; the queue is a
# database table, so the embedded default needs no broker. The task row is written in the same
# transaction as the change that asks for it.
# Search: an embedded index derived from the database (decision 0009). Each app host keeps its own
# folder; the indexer (`stadskennis search-indexer`) is its only writer.
SEARCH_INDEX_DIR = env_str("SEARCH_INDEX_DIR", str(VAR_DIR / "search"))
SEARCH_INDEX_SYNC = env_bool("SEARCH_INDEX_SYNC", False)  # apply the outbox before each read (tests)
SEARCH_OUTBOX_KEEP_DAYS = env_int("SEARCH_OUTBOX_KEEP_DAYS", 7)
# Plan elements in the one search: off until a decision (0016, addendum): thousands of short plan
# documents shift every module's ranking statistics in the one index.
SEARCH_PLAN_ELEMENTS = env_bool("SEARCH_PLAN_ELEMENTS", False)

# The Agenda (events/registrations.py): a guest's unconfirmed registration holds its place this long;
# a place offered to the first on the waiting list is held this long; the public form answers one
# network address this often an hour.
EVENT_HOLD_MINUTES = env_int("EVENT_HOLD_MINUTES", 30)
EVENT_OFFER_HOURS = env_int("EVENT_OFFER_HOURS", 48)
EVENT_GUEST_REGISTRATIONS_PER_HOUR = env_int("EVENT_GUEST_REGISTRATIONS_PER_HOUR", 10)
MAIL_BOUNCE_WEBHOOK_TOKEN = env_str("MAIL_BOUNCE_WEBHOOK_TOKEN")  # empty: no webhook (mail/views.py)
MAIL_SOFT_BOUNCE_LIMIT = env_int("MAIL_SOFT_BOUNCE_LIMIT", 3)  # temporary failures before we stop mailing
EVENT_REMINDER_HOURS = env_int("EVENT_REMINDER_HOURS", 48)  # the reminder to everyone with a place
EVENT_RETENTION_DAYS = env_int("EVENT_RETENTION_DAYS", 365)  # then registrants' names go (docs/gdpr.md)
# The newsletter (newsletter/subscriptions.py): how long a confirmation link works, and how many
# sign-ups one network address may send an hour.
NEWSLETTER_CONFIRM_HOURS = env_int("NEWSLETTER_CONFIRM_HOURS", 48)
NEWSLETTER_SIGNUPS_PER_HOUR = env_int("NEWSLETTER_SIGNUPS_PER_HOUR", 10)
# Sending an issue (newsletter/sending.py): the pace the mail server accepts, and after how many of
# its errors (refused connections, time-outs, 4xx replies) the sending pauses by itself.
NEWSLETTER_PER_SECOND = env_int("NEWSLETTER_PER_SECOND", 10)
NEWSLETTER_PER_HOUR = env_int("NEWSLETTER_PER_HOUR", 20_000)
NEWSLETTER_PAUSE_AFTER_ERRORS = env_int("NEWSLETTER_PAUSE_AFTER_ERRORS", 10)
# The weekly "Veranderend speelveld" is mailed on its day from this hour on (local time).
NEWSLETTER_WEEKLY_HOUR = env_int("NEWSLETTER_WEEKLY_HOUR", 8)
# A claimed delivery not touched for this long belongs to a run that is gone: longer than one
# message can take on a fresh connection (connect, TLS, login, data: each up to EMAIL_TIMEOUT).
NEWSLETTER_CLAIM_LEASE_SECONDS = env_int("NEWSLETTER_CLAIM_LEASE_SECONDS", 120)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}}
# The worker (`stadskennis worker`) and each search indexer write a heartbeat every HEARTBEAT_SECONDS;
# one older than HEARTBEAT_STALE_SECONDS counts as gone: /healthz/worker answers 503, and the tasks a
# gone worker was running are resumed or failed by another. The worker refreshes the planner
# statistics every PLANNER_STATISTICS_SECONDS (and every import and migration does at once).
HEARTBEAT_SECONDS = 10
HEARTBEAT_STALE_SECONDS = 120
PLANNER_STATISTICS_SECONDS = 3600
# An attachment whose text is still waiting or being read after this long is shown as failed, and
# its page stops asking.
EXTRACTION_STUCK_MINUTES = 10
# One attachment's text is read in a child process with this much time and memory at most.
EXTRACTION_SECONDS = env_int("EXTRACTION_SECONDS", 120)
EXTRACTION_MEMORY_MB = env_int("EXTRACTION_MEMORY_MB", 1024)

LOG_FORMAT = env_str("LOG_FORMAT", "text")  # "json" for structured logs in production
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "stadskennis.requests": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}
