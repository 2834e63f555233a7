"""The test suite: real PostgreSQL from DATABASE_URL (started by scripts/testenv.py)."""

from __future__ import annotations

import dj_database_url

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env_str

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOP"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL"),
        conn_max_age=0,
        conn_health_checks=False,
        engine="django_prometheus.db.backends.postgresql",  # as in production
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory for the test process; a worker started by a test may be given a file backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")
# Tasks run eagerly in the test process; tests/test_celery.py starts a real worker with
# CELERY_TEST_BROKER_URL pointing at the Redis that scripts/testenv.py started.
CELERY_BROKER_URL = env_str("CELERY_TEST_BROKER_URL", "")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests travel in time (freezegun) by days within one login. The session limits are
# given back their production values in tests/security/test_abuse.py, which tests them.
SESSION_IDLE_MINUTES = SESSION_IDLE_MINUTES_STAFF = 60 * 24 * 365 * 10
SESSION_MAX_AGE_HOURS = 24 * 365 * 10
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 3600

# Switched on by the tests of the second factor (tests/test_second_factor.py); most tests
# log people in directly.
TWO_FACTOR_REQUIRED = False

# Log lines as production writes them (JSON): what the tests read is what operators get.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
