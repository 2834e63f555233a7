"""Administrators register clients and subscriptions in the admin, through the services."""

from __future__ import annotations

import pytest

from portal.integrations.models import ApiClient, EventSubscription

pytestmark = pytest.mark.django_db


def test_an_administrator_registers_a_client_and_sees_its_secret_once(client, admin, region_x):
    client.force_login(admin)
    assert client.get("/beheer/integrations/apiclient/add/").status_code == 200
    response = client.post(
        "/beheer/integrations/apiclient/add/",
        {
            "name": "Regio X dashboard",
            "contact_email": "beheer@regio-x.example.org",
            "role": "regional_coordinator",
            "scopes": ["regions:write"],
            "binding_regions": [region_x.pk],
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    created = ApiClient.objects.get(name="Regio X dashboard")
    text = response.content.decode()
    assert f"{created.application.client_id} — " in text  # the id, then the secret once
    assert created.account.region_assignments.get().region == region_x
    assert created.history.get().history_user == admin
    # The change page shows the client, and not the message with the secret again.
    page = client.get(f"/beheer/integrations/apiclient/{created.pk}/change/").content.decode()
    assert created.application.client_id in page
    assert f"{created.application.client_id} — " not in page


def test_a_subscription_to_a_private_address_is_refused_in_the_form(client, admin):
    client.force_login(admin)
    response = client.post(
        "/beheer/integrations/eventsubscription/add/",
        {
            "name": "Intern",
            "callback_url": "https://127.0.0.1/hook",
            "event_types": ["release.published"],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "openbare internet" in response.content.decode()
    assert not EventSubscription.objects.exists()


def test_the_toolkit_admin_pages_are_not_offered(client, admin):
    client.force_login(admin)
    assert client.get("/beheer/oauth2_provider/application/").status_code == 404


def test_people_who_are_not_administrators_cannot_reach_the_clients(client, programme_manager):
    client.force_login(programme_manager)
    response = client.get("/beheer/integrations/apiclient/")
    assert response.status_code == 302
