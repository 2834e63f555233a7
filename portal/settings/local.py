"""`make run`: a first look on one machine. SQLite, eager tasks, mail to the console."""

from __future__ import annotations

from portal.settings.base import *  # noqa: F403
from portal.settings.base import BASE_DIR
from portal.settings.env import env_str

DEBUG = True
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY", "local-only-insecure-key-never-use-in-production-0123456789"
)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CELERY_BROKER_URL = ""
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = True

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A first look with the demo users: no second factor to set up (production requires it).
TWO_FACTOR_REQUIRED = False

# The OpenAPI document is generated with Django's test request (`make openapi`).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# Event callbacks may go to a receiver on this machine.
WEBHOOK_ALLOW_HTTP = True
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
