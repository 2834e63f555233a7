"""Production: every value from the environment; a missing required one stops start-up.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL.
See README.md for the optional ones.
"""

from __future__ import annotations

import logging

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 random characters (for example from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`)."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS]
)

_database_url = env_str("DATABASE_URL")
if not _database_url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
        # PostgreSQL, with query counts and errors for /metrics.
        engine="django_prometheus.db.backends.postgresql",
    )
}
# Behind PgBouncer in transaction mode, server-side cursors (used by streamed exports)
# break: exports then read in client-side chunks instead.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False

CACHES = {
    "default": {
        # Misses instead of errors while Redis is down (see portal/core/cache.py).
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": env_str("REDIS_CACHE_URL", CELERY_BROKER_URL),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Ministry staff and administrators with a local account always use a second factor.
TWO_FACTOR_REQUIRED = True

# HTTPS everywhere; the proxy in front says which requests came in over TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages name static files by their hashed names only ({% static %}): the unhashed copies
# are dropped, so each file is compressed once and the image holds it once.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
if env_str("AWS_STORAGE_BUCKET_NAME", ""):
    # Several hosts share uploaded files through an S3-compatible object store.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")

# One JSON object a line, for the cluster's log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "console"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or console.")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
# Warnings of libraries as log lines too (start the worker with `celery --quiet`: no banner).
logging.captureWarnings(True)

if SENTRY_DSN:
    from portal.core.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )

SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "SERVERS": [{"url": env_str("API_SERVER_URL", f"https://{ALLOWED_HOSTS[0]}/api/v1")}],
}

# Security keys and passkeys answer for the site's own HTTPS origins only.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ALLOWED_ORIGINS",
    [f"https://{host}" for host in ALLOWED_HOSTS if host[:1] not in {".", "*"}],
)
