"""Benchmark settings: the test settings, plus a floor view to compare every page with."""

from portal.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}

# Persistent connections, as in production (the test settings reconnect per request).
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
