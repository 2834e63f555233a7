"""Production settings: loud on missing configuration, clean `check --deploy`, safe headers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "Zq8#Lm2!Vx7@Rt4$Wp9%Ny3^Hb6&Jc1*Fd5",
    "DJANGO_ALLOWED_HOSTS": "gis-portaal.example.org",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_on_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"]
)
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is required" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 random characters" in result.stderr


def test_production_refuses_a_non_postgres_database():
    result = _manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///tmp/x.db"})
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr


def test_production_sends_hsts_and_redirects_to_https():
    code = (
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='gis-portaal.example.org')\n"
        "r = c.get('/taal/', secure=True)\n"
        "print(r.status_code, r.headers.get('Strict-Transport-Security'))\n"
        "print(c.get('/taal/').status_code)\n"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stderr
    assert lines[-2] == "302 max-age=31536000; includeSubDomains; preload"
    assert lines[-1] == "301"


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_forms_are_csrf_protected():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/account/inloggen/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(("value", "expected"), [("true", "True"), (None, "False")])
def test_server_side_cursors_can_be_disabled_for_pgbouncer(value, expected):
    env = dict(PRODUCTION_ENV)
    if value is not None:
        env["DISABLE_SERVER_SIDE_CURSORS"] = value
    result = _manage(
        "shell",
        "-c",
        "from django.db import connection; "
        "print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_production_requires_a_second_factor_even_if_the_environment_says_otherwise():
    env = {**PRODUCTION_ENV, "TWO_FACTOR_REQUIRED": "false"}
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"
