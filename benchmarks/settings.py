"""Benchmark settings: the test settings, plus a floor view to compare every page with."""

from portal.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
