"""What a process pays to start: every worker, beat, probe and management command sets up
Django, so the API layer (the REST framework's views, the schema generator and every
viewset) is imported only when the API's URLs are first built (portal/api/registry.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

API_MODULES = [
    "rest_framework.viewsets",
    "drf_spectacular.openapi",
    "consultations.api",
    "agreements.api.views",
    "roadmap.portfolio.api",
    "parliament.api",
]

PROBE = f"""
import json, sys, django
django.setup()
started = [m for m in {API_MODULES!r} if m in sys.modules]
from django.urls import resolve
resolve("/api/v1/agreements")
print(json.dumps({{"started": started, "built": [m for m in {API_MODULES!r} if m in sys.modules]}}))
"""


def test_a_process_imports_the_api_only_when_it_builds_the_urls():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert modules["started"] == []
    assert modules["built"] == API_MODULES
