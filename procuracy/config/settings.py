"""Settings, read from the environment so that one build serves the demo, CI and production.

DATABASE_URL   sqlite:///path or postgres://user@host:port/name (default: ./procuracy.sqlite3)
SECRET_KEY     required when DEBUG is off and PROCURACY_PRODUCTION is set
DEBUG          "1" to enable debug pages (never in production)
ALLOWED_HOSTS  comma-separated
PROCURACY_REPORT_CONNECTIONS  connections a report reads on at once (default 2; 1 reads on one)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = _env_bool("PROCURACY_PRODUCTION")
DEBUG = _env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set in production")
    # A fixed development key: the demo and tests run without configuration.
    SECRET_KEY = "procuracy-development-key-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "procuracy.core",
    "procuracy.organizations",
    "procuracy.accounts",
    "procuracy.cases",
    "procuracy.procedure",
    "procuracy.interchange",
    "procuracy.statistics",
    "procuracy.knowledge",
    "procuracy.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "procuracy.core.middleware.RequestContextMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "procuracy.config.urls"
WSGI_APPLICATION = "procuracy.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "procuracy.web.navigation.navigation",
            ],
        },
    }
]


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'procuracy.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
            # BEGIN so that two concurrent decisions serialise instead of failing on upgrade.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config["TEST"] = {"NAME": os.environ.get("PROCURACY_TEST_SQLITE") or None}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A page's query runs in its own process: a parallel plan would take the cores every
        # other user's page is waiting for. The reports, a few large aggregates, ask for
        # parallel workers in their own transaction (statistics.readers.report_session). Nor is
        # a page's query compiled (JIT): that costs more than the few milliseconds it runs.
        config.setdefault("OPTIONS", {})["options"] = "-c max_parallel_workers_per_gather=0 -c jit=off"
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite has no included (non-key) index columns: there the case list's facet index leaves out the
# procuratorate code it carries on PostgreSQL, and the code is read from the row (cases.CaseFacet).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Counts failed logins per user name and address and refuses further attempts for a while.
    "axes.backends.AxesStandaloneBackend",
    "procuracy.accounts.backends.UserBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The Chinese font shipped for the PDF reports is also the pages' web font, served locally.
STATICFILES_DIRS = [("fonts", BASE_DIR / "statistics" / "fonts")]
# Collected files for a deployment behind a web server (`procuracy collectstatic`); without it
# the application serves its own assets.
STATIC_ROOT = Path(os.environ["STATIC_ROOT"]) if os.environ.get("STATIC_ROOT") else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Every script, style, font and image is served by the application itself: no CDN, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The independent aggregates of a report run on this many connections at once (statistics.readers).
REPORT_CONNECTIONS = max(1, int(os.environ.get("PROCURACY_REPORT_CONNECTIONS") or 2))

# Where the shared specification and public data sit for tests (never needed at run time).
PROCURACY_SHARED_DIR = Path(os.environ.get("PROCURACY_SHARED_DIR", BASE_DIR.parent.parent / "shared"))
