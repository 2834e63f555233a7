from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest

from portal.accounts.roles import Role
from portal.integrations import services
from tests.factories import OrganisationFactory, make_person


@pytest.fixture
def administrator(db):
    return make_person(Role.ADMINISTRATOR, email="beheer@example.org")


@pytest.fixture
def ntv(db):
    return OrganisationFactory(
        name="Nationale Testvoorziening", slug="ntv", records_compliance=True, reports_adoption=True
    )


def register(administrator, **kwargs):
    client, secret = services.client_register(
        actor=administrator, contact_email="koppeling@example.org", **kwargs
    )
    return client, secret


def token_for(api, client, secret, scope: str | None = None) -> str:
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    basic = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    response = api.post(
        "/oauth/token/",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


@pytest.fixture
def ntv_client(administrator, ntv):
    return register(
        administrator,
        name="NTV validatie",
        role=Role.FIELD_PARTY.value,
        organisation=ntv,
        scopes=["compliance:write", "adoption:write"],
    )


@pytest.fixture
def region_x_client(administrator, region_x):
    return register(
        administrator,
        name="Regio X voortgang",
        role=Role.REGIONAL_COORDINATOR.value,
        scopes=["regions:write"],
        bindings={"regions": [region_x]},
    )


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
