"""Staff record NTV validation results in the portal; the public reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from agreements.models import ComplianceRecord
from tests.factories import AgreementFactory, AgreementVersionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def agreement():
    return AgreementFactory(code="LAS-NTV-1", version__effective_from=dt.date(2025, 7, 1))


def _data(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "code": "las-ntv-1",
        "version_number": "",
        "result": "passed",
        "tested_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "valid_until": "",
        **extra,
    }


def test_a_manager_records_an_ntv_result_that_the_public_then_reads(
    client, programme_manager, organisation_a, agreement
):
    client.force_login(programme_manager)
    assert (
        "Een NTV-resultaat vastleggen"
        in client.get(reverse("agreements:compliance")).content.decode()
    )
    response = client.post(reverse("agreements:compliance-create"), _data(organisation_a))
    assert response.status_code == 302
    record = ComplianceRecord.objects.get()
    assert (record.organisation, record.version.number, record.result) == (
        organisation_a,
        1,
        "passed",
    )
    assert record.history.get().history_user == programme_manager  # audited
    client.logout()
    page = client.get(reverse("agreements:compliance")).content.decode()
    assert organisation_a.name in page and "LAS-NTV-1" in page
    assert "Een NTV-resultaat vastleggen" not in page


@pytest.mark.parametrize(
    ("extra", "field_message"),
    [
        ({"code": "LAS-GEEN-9"}, "Geen afspraak heeft deze code."),
        ({"version_number": "7"}, "Kies een versie van deze afspraak die van kracht is of was."),
        ({"tested_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "pas vastgelegd"),
        ({"tested_on": "2024-01-01"}, "nog niet van kracht"),
        ({"valid_until": (TODAY - dt.timedelta(days=10)).isoformat()}, "na de testdatum"),
        ({"tested_on": "2025-02-30"}, "Voer een geldige datum in."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(
    client, programme_manager, organisation_a, agreement, extra, field_message
):
    client.force_login(programme_manager)
    response = client.post(reverse("agreements:compliance-create"), _data(organisation_a, **extra))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_message in page
    assert not ComplianceRecord.objects.exists()


def test_a_version_not_yet_in_force_cannot_be_validated(
    client, programme_manager, organisation_a, agreement
):
    AgreementVersionFactory(agreement=agreement, number=2)
    client.force_login(programme_manager)
    response = client.post(
        reverse("agreements:compliance-create"), _data(organisation_a, version_number="2")
    )
    assert response.status_code == 200
    assert not ComplianceRecord.objects.exists()


@pytest.mark.parametrize(
    "persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer", "board_member"]
)
def test_only_managers_record_ntv_results(persona_client, persona, organisation_a, agreement):
    client = persona_client(persona)
    response = client.post(reverse("agreements:compliance-create"), _data(organisation_a))
    assert response.status_code in (302, 403) and "inloggen" in response.get("Location", "inloggen")
    if persona != "anonymous":
        assert response.status_code == 403
    assert not ComplianceRecord.objects.exists()
