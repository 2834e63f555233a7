"""A real OpenID Provider for the tests: scripts/oidc_provider.mjs (npm `oidc-provider`)
started on loopback, and helpers that drive its development login and consent pages."""

from __future__ import annotations

import copy
import json
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import requests
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "oidc_provider.mjs"
CLIENT_ID = "gis-portal-test"
CLIENT_SECRET = "test-only-secret-of-the-portal-client"
CALLBACK = "/account/inloggen/organisatie/terug/"

# The people the provider knows (any password is accepted by its development pages).
ACCOUNTS = {
    "pim": {
        "email": "pim.programma@vws.example",
        "email_verified": True,
        "name": "Pim Programma",
        "organisation": "vws",
        "roles": ["programme_manager"],
    },
    "zora": {
        "email": "zora@zorggroep-onbekend.example",
        "email_verified": True,
        "name": "Zora Zorg",
        "organisation": "zorggroep-onbekend",
        "roles": ["field_party"],
    },
    "beheer": {  # claims the address of a local administrator
        "email": "beheer@portaal.example",
        "email_verified": True,
        "name": "Nagemaakte Beheerder",
        "organisation": "vws",
        "roles": ["programme_manager", "administrator"],
    },
    "anoniem": {"email_verified": False, "name": "Zonder Adres"},
}


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen

    def configure(self, settings_fixture) -> None:
        """Point the portal at this provider (the `settings` fixture of the test)."""
        settings_fixture.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings_fixture.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings_fixture.OIDC_OP_ISSUER = self.issuer
        settings_fixture.OIDC_RP_SCOPES = "openid email profile portal"
        csp = copy.deepcopy(settings_fixture.CONTENT_SECURITY_POLICY)
        csp["DIRECTIVES"]["form-action"] = ["'self'", self.issuer]
        settings_fixture.CONTENT_SECURITY_POLICY = csp


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_provider(redirect_bases: list[str], id_token_ttl: int = 600) -> Provider:
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_ID_TOKEN_TTL": str(id_token_ttl),
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
        "OIDC_CLIENT": json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [base + CALLBACK for base in redirect_bases],
                "post_logout_redirect_uris": [base + "/" for base in redirect_bases],
            }
        ),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # "ready <issuer>"
    if not line.startswith("ready "):
        process.kill()
        raise RuntimeError(f"the OpenID Provider did not start: {line!r}")
    return Provider(issuer=line.split()[1], process=process)


def running_provider(redirect_bases: list[str], **kwargs) -> Iterator[Provider]:
    """For a fixture: the provider for the portal at `redirect_bases`, stopped after."""
    provider = start_provider(redirect_bases, **kwargs)
    try:
        yield provider
    finally:
        provider.process.terminate()
        provider.process.wait(timeout=10)


def _form(html: str) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert match, html[:500]
    return unescape(match.group(1))


def authorize(authorization_url: str, login: str) -> str:
    """Log in at the provider as `login` and consent, without a browser; return the
    callback URL the provider sends the browser back to (not followed)."""
    browser = requests.Session()
    response = browser.get(authorization_url, allow_redirects=True, timeout=10)
    for prompt, data in (("login", {"login": login, "password": "x"}), ("consent", {})):
        if f'name="prompt" value="{prompt}"' not in response.text:
            continue
        response = browser.post(
            urljoin(response.url, _form(response.text)),
            data={"prompt": prompt, **data},
            allow_redirects=False,
            timeout=10,
        )
        while response.is_redirect and CALLBACK not in response.headers["Location"]:
            response = browser.get(
                urljoin(response.url, response.headers["Location"]),
                allow_redirects=False,
                timeout=10,
            )
        if response.is_redirect:
            return urljoin(response.url, response.headers["Location"])
    raise AssertionError(f"the provider did not send the browser back: {response.text[:500]}")
