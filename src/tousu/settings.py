"""Django settings for tousu, configured from the environment.

Defaults give a working single machine with no other server: SQLite (WAL) in
``TOUSU_DATA_DIR``. ``DATABASE_URL`` switches to PostgreSQL for a national platform.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from tousu.keyfile import read_or_create


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TOUSU_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = _env_bool("TOUSU_DEBUG", False)


def _secret_key() -> str:
    """Use the configured key; otherwise keep one generated key in the data dir.

    A key that changed on every start would log everyone out and break signed links.
    """
    configured = os.environ.get("TOUSU_SECRET_KEY")
    if configured:
        return configured
    return read_or_create(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("TOUSU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("TOUSU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "tousu.accounts",
    "tousu.merchants",
    "tousu.complaints",
    "tousu.audit",
    "tousu.collectives",
    "tousu.chat",
    "tousu.public",
    "tousu.callbacks",
    "tousu.screening",
    "django_htmx",
    "django_tasks_db",
    "tousu.jobs",
    "tousu.web",
    "tousu.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tousu.api.middleware.BodyLimitMiddleware",
    "tousu.web.refuse_nul.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tousu.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tousu.web.timing.ServerTimingMiddleware",
]

ROOT_URLCONF = "tousu.urls"
WSGI_APPLICATION = "tousu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tousu.web.context.navigation",
            ],
        },
    },
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return {"default": db}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "tousu.ops.sqlite",
            "NAME": os.environ.get("TOUSU_SQLITE_PATH", str(DATA_DIR / "tousu.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers queue instead of failing mid-transaction
                # (tousu.ops.sqlite makes them queue in turn rather than poll).
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Speed only, no durability change: a bigger page cache per connection,
                    # temporary b-trees in memory, reads through mmap instead of read().
                    "PRAGMA cache_size=-32000;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Keep each thread's connection across requests: opening one (and running the
            # pragmas above) costs about a millisecond a request otherwise.
            "CONN_MAX_AGE": _env_int("TOUSU_SQLITE_CONN_MAX_AGE", 600),
            # A file, not memory: tests then run with WAL and real locking, as production does.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("TOUSU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/home"  # each role lands on its own console
LOGOUT_REDIRECT_URL = "/accounts/login/"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
WHITENOISE_USE_FINDERS = True  # serve straight from packages when collectstatic has not run
MEDIA_ROOT = Path(os.environ.get("TOUSU_MEDIA_DIR", DATA_DIR / "media"))

# Request size limits. Oversized bodies are refused with 413 before Django reads them.
TOUSU_MAX_JSON_BYTES = _env_int("TOUSU_MAX_JSON_BYTES", 256 * 1024)
TOUSU_MAX_EVIDENCE_BYTES = _env_int("TOUSU_MAX_EVIDENCE_BYTES", 10 * 1024 * 1024)
TOUSU_MAX_EVIDENCE_FILES = _env_int("TOUSU_MAX_EVIDENCE_FILES", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = TOUSU_MAX_JSON_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Deadlines for merchants without the 24 h / 7-day commitment.
TOUSU_DEFAULT_RESPONSE_HOURS = _env_int("TOUSU_DEFAULT_RESPONSE_HOURS", 72)
TOUSU_DEFAULT_RESOLUTION_DAYS = _env_int("TOUSU_DEFAULT_RESOLUTION_DAYS", 15)

# The text engine's model file (tousu train writes it); absent: the catalog's cold-start model.
TOUSU_TEXT_MODEL = Path(os.environ.get("TOUSU_TEXT_MODEL", DATA_DIR / "models" / "scenario.joblib"))
# Personal data of closed complaints is removed this many days after closing (0: never).
TOUSU_RETENTION_DAYS = _env_int("TOUSU_RETENTION_DAYS", 3 * 365)
# The emergency lane: minutes within which a person must take an emergency, 7×24.
TOUSU_EMERGENCY_TARGET_MINUTES = _env_int("TOUSU_EMERGENCY_TARGET_MINUTES", 10)
# How soon a person should answer an assistant conversation that asked for one.
TOUSU_CHAT_TARGET_MINUTES = _env_int("TOUSU_CHAT_TARGET_MINUTES", 5)
# Count non-emergency deadlines in working days (weekends and TOUSU_HOLIDAYS skipped).
TOUSU_BUSINESS_CALENDAR = _env_bool("TOUSU_BUSINESS_CALENDAR", False)
TOUSU_HOLIDAYS = [d for d in os.environ.get("TOUSU_HOLIDAYS", "").split(",") if d.strip()]
TOUSU_WORKDAYS = [d for d in os.environ.get("TOUSU_WORKDAYS", "").split(",") if d.strip()]
# How often the worker sweeps deadlines, and who is paged.
TOUSU_SWEEP_SECONDS = _env_int("TOUSU_SWEEP_SECONDS", 60)
# A job still RUNNING this long after it started belongs to a worker that died: run it again.
TOUSU_JOB_LEASE_MINUTES = float(os.environ.get("TOUSU_JOB_LEASE_MINUTES", "10"))
# Fewer complaints than this in a period and a merchant is listed but not ranked.
TOUSU_RANK_MIN_VOLUME = _env_int("TOUSU_RANK_MIN_VOLUME", 30)
# Sign-in: this many failures for one account from one address locks it there for a while.
TOUSU_LOGIN_MAX_FAILURES = _env_int("TOUSU_LOGIN_MAX_FAILURES", 5)
TOUSU_LOGIN_LOCK_MINUTES = _env_int("TOUSU_LOGIN_LOCK_MINUTES", 15)
# Consumers may file this many complaints an hour (staff filing hotline notes are exempt).
TOUSU_SUBMIT_PER_HOUR = _env_int("TOUSU_SUBMIT_PER_HOUR", 20)
# An account confirmed as a complaint agency may file this many complaints a day.
TOUSU_LIMITED_PER_DAY = _env_int("TOUSU_LIMITED_PER_DAY", 1)
# How often workers refresh the monthly figures behind public pages and rankings.
TOUSU_STATS_MINUTES = _env_int("TOUSU_STATS_MINUTES", 60)
TOUSU_ONDUTY_EMAILS = [e for e in os.environ.get("TOUSU_ONDUTY_EMAILS", "").split(",") if e]
TOUSU_ONDUTY_WEBHOOK = os.environ.get("TOUSU_ONDUTY_WEBHOOK", "")

# Background jobs (Django's task framework) kept in the same database: no other server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail goes to files in the data dir until an SMTP server is configured.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("TOUSU_EMAIL_BACKEND",
                                  "django.core.mail.backends.filebased.EmailBackend"),
        "OPTIONS": {"file_path": str(DATA_DIR / "outbox")}
        if not os.environ.get("TOUSU_EMAIL_BACKEND")
        else {k: v for k, v in (("host", os.environ.get("TOUSU_SMTP_HOST")),
                                ("port", _env_int("TOUSU_SMTP_PORT", 0) or None)) if v},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("TOUSU_FROM_EMAIL", "tousu@localhost")

# Confident common cases go straight to the merchant with a pre-filled request (the funnel).
TOUSU_AUTO_PATH = _env_bool("TOUSU_AUTO_PATH", True)

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 200

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if _env_bool("TOUSU_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    # Every subdomain must then be HTTPS too; preloading is a one-way request to browsers,
    # so it is only on when asked for.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("TOUSU_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("TOUSU_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TOUSU_LOG_LEVEL", "WARNING")},
}
