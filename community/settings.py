"""Entraide settings, read from the environment.

With nothing set, Entraide runs on embedded defaults: a SQLite file, the
in-memory channel layer, the local-memory cache and e-mail printed on the
console. ``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to Redis for
the channel layer and the cache. ``ENTRAIDE_ENV=production`` refuses to start
without the secrets a real deployment needs (see README, "Configuration").
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("ENTRAIDE_ENV", "development").lower() == "production"

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env(name)]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (ENTRAIDE_ENV=production) needs these environment variables: "
            + ", ".join(missing)
        )
    SECRET_KEY = env("SECRET_KEY")
    DEBUG = False
else:
    # A development key: never used when ENTRAIDE_ENV=production.
    SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-3c8f2e7a91b54d0e8a6f1b2c9d7e5a4f")
    DEBUG = env_bool("DEBUG", True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "community.worker",
    "community.core",
    "community.members",
    "community.mail",
    "community.groups",
    "community.activity",
    "community.posts",
    "community.notifications",
    "community.volunteering",
    "community.feeds",
    "realtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 400 for a NUL (or another control character) in the request, before
    # anything reads it (community/core/input.py).
    "community.core.middleware.ControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # /healthz is answered here, before anything below reads the database.
    "community.core.middleware.HealthCheckMiddleware",
    "community.core.middleware.NetworkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.core.middleware.PrivateNetworkMiddleware",
    # A database outage answers 503 "try again in a moment" (community/core/outage.py).
    "community.core.outage.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"
ASGI_APPLICATION = "community.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.core.context_processors.network",
            ],
        },
    },
]

# Form fields render through templates/django/forms/field.html.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("Production mode needs DATABASE_URL (PostgreSQL).")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache --------------------------------------
REDIS_URL = env("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("Production mode needs REDIS_URL.")
# Channel-group and cache key prefixes; tests set their own so that parallel
# runs sharing one Redis never see each other's messages.
REDIS_PREFIX = env("REDIS_PREFIX", "entraide")

# With Redis Sentinel, the channel layer asks the sentinels for the current
# master (REDIS_SENTINELS="host:port,host:port", REDIS_SENTINEL_MASTER); the
# password and database number still come from REDIS_URL, which the cache uses.
REDIS_SENTINELS = env_list("REDIS_SENTINELS")


def _layer_host(url: str, sentinels: list[str]) -> str | dict:
    if not sentinels:
        return url
    parts = urllib.parse.urlsplit(url)
    host: dict = {
        "sentinels": [(h, int(p)) for h, _, p in (s.rpartition(":") for s in sentinels)],
        "master_name": env("REDIS_SENTINEL_MASTER", "mymaster"),
        "db": int(parts.path.strip("/") or 0),
    }
    if parts.password:
        host["password"] = urllib.parse.unquote(parts.password)
    return host


if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # RedisPubSubChannelLayer with bounded per-socket queues and announced
            # connection failures (realtime/layers.py).
            "BACKEND": "realtime.layers.BoundedRedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [_layer_host(REDIS_URL, REDIS_SENTINELS)],
                "prefix": REDIS_PREFIX,
                "capacity": int(env("REALTIME_QUEUE_CAPACITY", "100")),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Realtime (realtime/README.md) -------------------------------------------
# Resume replays at most this many activities; further behind, the socket gets
# {"type": "reset"} and the client reloads its feed.
REALTIME_RESUME_LIMIT = int(env("REALTIME_RESUME_LIMIT", "200"))
# How far back (seconds) a resume looks for activities that committed late
# (an id lower than the page's newest, committed after the page was rendered).
REALTIME_LATE_COMMIT_SECONDS = int(env("REALTIME_LATE_COMMIT_SECONDS", "120"))
# Every socket re-checks its session, account and memberships this often
# (signals close sockets at once on logout, password change, suspension).
REALTIME_REVALIDATE_SECONDS = int(env("REALTIME_REVALIDATE_SECONDS", "120"))
# Handshakes in progress per process beyond which new ones are refused at once
# (the client retries with backoff): a reconnect storm drains instead of piling up.
REALTIME_MAX_PENDING_HANDSHAKES = int(env("REALTIME_MAX_PENDING_HANDSHAKES", "500"))

# --- Auth and accounts (django-allauth) ----------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"

ACCOUNT_ADAPTER = "community.members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "community.members.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Mandatory everywhere by default: in development the console prints the link.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Rate limits (they need a real cache: locmem in development, Redis in
# production). Failed logins: 5 per account per 5 minutes, 10 per IP per
# minute; past that the login page answers 429.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Entraide")

# --- Internationalisation ----------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
# The short date in lowercase French ("2 déc. 2026"): community/formats.
FORMAT_MODULE_PATH = ["community.formats"]
# Not set: with it, every integer a template prints would be grouped, ids
# and data-count attributes included. Counts shown to readers are grouped
# explicitly instead (``intcomma``, ``formats.number_format(…, force_grouping=True)``).
USE_THOUSAND_SEPARATOR = False

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# When set (e.g. "/protected-media/"), media are answered with an
# X-Accel-Redirect header for nginx instead of being streamed by Django.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 26_214_400

# --- E-mail ---------------------------------------------------------------
# Background tasks (community/worker): django-tasks with its database
# backend, so the SQLite default and PostgreSQL both work without a broker.
# `manage.py worker` runs them (make run starts one beside daphne).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker records a heartbeat this often (seconds) and claims due periodic jobs.
WORKER_HEARTBEAT_SECONDS = float(env("WORKER_HEARTBEAT_SECONDS", "30"))
# /healthz calls the worker down when no heartbeat is this recent (seconds)...
WORKER_STALE_SECONDS = float(env("WORKER_STALE_SECONDS", "300"))
# ... and answers 503 for it unless WORKER_REQUIRED=false (report only).
WORKER_REQUIRED = env_bool("WORKER_REQUIRED", True)
# Finished tasks are kept this many days, then pruned by the daily job.
WORKER_RESULTS_DAYS = int(env("WORKER_RESULTS_DAYS", "14"))

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Entraide <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's public address: links in e-mails (written by the worker, outside
# any request) are absolute (community/core/site.py).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def email_settings(url: str) -> dict:
    """The Django e-mail settings of ``EMAIL_URL``: ``smtp://user:pass@host:587``
    (STARTTLS unless ``?tls=0``), ``smtps://…:465`` (TLS from the start),
    ``console://`` or ``locmem://``. User and password are percent-decoded."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    if parts.scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://user:password@host:587, smtps://… or console://"
        )
    ssl = parts.scheme == "smtps" or query.get("ssl", "").lower() in {"1", "true", "yes"}
    tls = not ssl and query.get("tls", "1").lower() in {"1", "true", "yes"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if ssl else 587),
        "EMAIL_HOST_USER": urllib.parse.unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": urllib.parse.unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }


if env("EMAIL_URL"):
    globals().update(email_settings(env("EMAIL_URL")))
elif env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the start (port 465)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS
else:
    # Development: e-mails are printed on the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
# Outgoing e-mail (community/mail): sent by the worker in batches of this many
# over one SMTP connection; a failed send is retried after MAIL_RETRY_SECONDS,
# doubling each time, and marked failed after MAIL_MAX_ATTEMPTS attempts.
MAIL_BATCH_SIZE = int(env("MAIL_BATCH_SIZE", "100"))
MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "5"))
MAIL_RETRY_SECONDS = float(env("MAIL_RETRY_SECONDS", "60"))
# A row claimed this long ago (seconds) by a worker that died is sent again.
MAIL_SENDING_STALE_SECONDS = float(env("MAIL_SENDING_STALE_SECONDS", "900"))

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused permission (403) is one line, not a traceback (community/core/log.py).
    "filters": {"one_line_403": {"()": "community.core.log.OneLinePermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["one_line_403"]},
    },
}
