"""Temporary agreements are re-assessed: extended, replaced by a named agreement, or
withdrawn through a release; with the parties that support the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from agreements.models import Agreement, Reassessment
from tests.factories import AgreementFactory, ReleaseFactory, ReleaseItemFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def temporary():
    return AgreementFactory(
        code="LAS-TMP-1",
        is_temporary=True,
        valid_from=dt.date(2025, 1, 1),
        valid_until=TODAY + dt.timedelta(days=30),
        reassessment_date=TODAY - dt.timedelta(days=5),
    )


def _post(client, agreement, **data):
    base = {
        "lock_version": Agreement.objects.get(pk=agreement.pk).lock_version,
        "decided_on": TODAY.isoformat(),
        "reasoning": "De landelijke voorziening is er nog niet.",
    }
    return client.post(reverse("agreements:reassess", args=[agreement.code]), {**base, **data})


def test_an_extension_moves_the_end_and_the_next_reassessment_and_is_public(
    client, programme_manager, temporary, organisation_a, organisation_b
):
    client.force_login(programme_manager)
    response = _post(
        client,
        temporary,
        outcome="extended",
        extended_until=(TODAY + dt.timedelta(days=400)).isoformat(),
        next_reassessment=(TODAY + dt.timedelta(days=300)).isoformat(),
        supporters=[organisation_a.pk, organisation_b.pk],
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(pk=temporary.pk)
    assert agreement.valid_until == TODAY + dt.timedelta(days=400)
    assert agreement.reassessment_date == TODAY + dt.timedelta(days=300)
    outcome = Reassessment.objects.get()
    assert set(outcome.supporters.all()) == {organisation_a, organisation_b}
    assert set(outcome.history.values_list("history_user", flat=True)) == {programme_manager.pk}
    client.logout()
    page = client.get(temporary.get_absolute_url()).content.decode()
    assert "Herijkingen" in page and "Verlengd" in page
    assert organisation_a.name in page and "De landelijke voorziening is er nog niet." in page


def test_a_replacement_names_the_agreement_and_a_withdrawal_its_release(
    client, programme_manager, temporary
):
    AgreementFactory(code="LAS-VERV-1")
    client.force_login(programme_manager)
    unnamed = _post(client, temporary, outcome="replaced", replaced_by_code="LAS-GEEN-1")
    assert unnamed.status_code == 200
    assert "Noem de afspraak die haar vervangt" in unnamed.content.decode()
    assert (
        _post(client, temporary, outcome="replaced", replaced_by_code="las-verv-1").status_code
        == 302
    )
    assert Reassessment.objects.get().replaced_by.code == "LAS-VERV-1"

    other = ReleaseFactory(number="2031.3")
    refused = _post(client, temporary, outcome="withdrawn", release=other.pk)
    assert refused.status_code == 200
    assert "noch deze afspraak noch haar vervanger" in refused.content.decode()
    withdrawal = ReleaseItemFactory(
        version=temporary.versions.get(), change_type="withdrawn", release__number="2031.4"
    ).release
    no_release = _post(client, temporary, outcome="withdrawn")
    assert "Noem de release die de afspraak intrekt." in no_release.content.decode()
    assert _post(client, temporary, outcome="withdrawn", release=withdrawal.pk).status_code == 302
    assert Reassessment.objects.filter(outcome="withdrawn", release=withdrawal).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"outcome": "extended"}, "Geef het nieuwe einde van de geldigheid."),
        (
            {"outcome": "extended", "extended_until": (TODAY - dt.timedelta(days=1)).isoformat()},
            "Een verlenging eindigt na",
        ),
        (
            {"outcome": "extended", "decided_on": (TODAY + dt.timedelta(days=2)).isoformat()},
            "zodra die is genomen",
        ),
        ({"outcome": "extended", "reasoning": "  "}, "verplicht"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, programme_manager, temporary, extra, message):
    client.force_login(programme_manager)
    response = _post(client, temporary, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Reassessment.objects.exists()
    assert Agreement.objects.get(pk=temporary.pk).valid_until == temporary.valid_until


def test_an_agreement_that_is_not_temporary_is_not_reassessed(client, programme_manager):
    plain = AgreementFactory(code="LAS-VAST-1")
    client.force_login(programme_manager)
    response = _post(client, plain, outcome="withdrawn")
    assert response.status_code == 302
    assert not Reassessment.objects.exists()


@pytest.mark.parametrize(
    "persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer", "board_member"]
)
def test_only_managers_reassess(persona_client, persona, temporary):
    client = persona_client(persona)
    response = client.post(
        reverse("agreements:reassess", args=[temporary.code]),
        {"outcome": "withdrawn", "decided_on": TODAY.isoformat(), "reasoning": "x"},
    )
    assert response.status_code in ((302,) if persona == "anonymous" else (403,))
    assert not Reassessment.objects.exists()
