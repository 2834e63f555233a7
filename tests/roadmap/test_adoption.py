"""Adoption monitoring: figures per exchange and agreement, recorded by managers or by a
reporting organisation (the NTV), with targets; on the exchange and agreement pages (chart
and table, against target in the nazorgfase), a register with downloads, dashboards and
the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from agreements.models import Agreement
from portal.accounts.roles import Role
from roadmap.adoption import services
from roadmap.models import AdoptionMeasurement, AdoptionTarget
from tests.factories import (
    AgreementFactory,
    ExchangeFactory,
    OrganisationFactory,
    make_person,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def ntv():
    return OrganisationFactory(name="NTV", slug="ntv", reports_adoption=True)


@pytest.fixture
def reporter(ntv):
    return make_person(Role.FIELD_PARTY, organisation=ntv, email="ntv@example.org")


@pytest.fixture
def exchange():
    return ExchangeFactory(number=3, title="Digitaal voorschrijven")


def _figure(actor, exchange, value, day, indicator="care_providers", source="Monitor"):
    return services.figure_record(
        actor=actor,
        exchange=exchange,
        indicator=indicator,
        value=value,
        measured_on=day,
        source=source,
    )


def test_managers_and_reporters_record_figures_others_are_refused(
    programme_manager, reporter, field_party, coordinator_x, cds_reviewer, exchange
):
    by_manager = _figure(programme_manager, exchange, 10, D(2026, 3, 31))
    by_ntv = _figure(reporter, exchange, 4, D(2026, 3, 31), indicator="vendors_validated")
    assert by_manager.organisation is None
    assert by_ntv.organisation.slug == "ntv"
    for outsider in (field_party, coordinator_x, cds_reviewer):
        with pytest.raises(PermissionDenied):
            _figure(outsider, exchange, 1, D(2026, 6, 30))
    # A reporter corrects its own organisation's figures, not the ministry's.
    services.figure_update(actor=reporter, figure=by_ntv, lock_version=by_ntv.lock_version, value=5)
    with pytest.raises(PermissionDenied):
        services.figure_update(
            actor=reporter, figure=by_manager, lock_version=by_manager.lock_version, value=1
        )
    with pytest.raises(PermissionDenied):
        services.target_set(
            actor=reporter,
            exchange=exchange,
            indicator="care_providers",
            value=10,
            target_date=D(2027, 1, 1),
        )
    assert AdoptionMeasurement.objects.get(pk=by_manager.pk).value == 10
    assert AdoptionMeasurement.history.filter(
        id=by_ntv.pk, history_change_reason="adoption.figure.corrected"
    ).exists()


def test_bad_figures_are_refused_with_clear_messages(programme_manager, exchange):
    _figure(programme_manager, exchange, 10, D(2026, 3, 31))
    with pytest.raises(ValidationError) as twice:
        _figure(programme_manager, exchange, 11, D(2026, 3, 31))
    assert "al een cijfer" in str(twice.value)
    with freeze_time("2026-11-27"), pytest.raises(ValidationError) as future:
        _figure(programme_manager, exchange, 11, D(2027, 1, 1))
    assert "measured_on" in future.value.message_dict
    with pytest.raises(ValidationError):
        services.figure_record(
            actor=programme_manager,
            exchange=exchange,
            agreement=AgreementFactory(),
            indicator="care_providers",
            value=1,
            measured_on=D(2026, 1, 1),
            source="x",
        )
    assert AdoptionMeasurement.objects.count() == 1


def test_pages_record_correct_and_remove_a_figure(client, reporter, exchange):
    client.force_login(reporter)
    form = client.get(reverse("adoption:figure-create") + "?exchange=3")
    assert form.status_code == 200 and form.context["form"].initial["exchange"] == exchange
    data = {
        "exchange": exchange.pk,
        "indicator": "vendors_validated",
        "value": "7",
        "measured_on": "2026-09-30",
        "source": "NTV Q3",
        "idempotency_key": "2b6f1f7e-0d8a-4c77-9a53-0c4f7b1d2e3f",
    }
    response = client.post(reverse("adoption:figure-create"), data)
    assert response.status_code == 302 and response["Location"].endswith("#adoption-heading")
    figure = AdoptionMeasurement.objects.get()
    # The same send again (a double click) makes nothing new.
    client.post(reverse("adoption:figure-create"), data)
    assert AdoptionMeasurement.objects.count() == 1
    # Neither subject, or both: a message on the form, nothing saved.
    bad = client.post(
        reverse("adoption:figure-create"),
        {**data, "exchange": "", "idempotency_key": "7d1c3a2b-1111-4c77-9a53-0c4f7b1d2e3f"},
    )
    assert (
        bad.status_code == 200 and "Kies een uitwisseling of een afspraak" in bad.content.decode()
    )
    edit = reverse("adoption:figure-edit", args=[figure.pk])
    stale = figure.lock_version
    assert (
        client.post(
            edit,
            {
                "indicator": "vendors_validated",
                "value": "8",
                "measured_on": "2026-09-30",
                "source": "NTV Q3",
                "lock_version": stale,
            },
        ).status_code
        == 302
    )
    again = client.post(
        edit,
        {
            "indicator": "vendors_validated",
            "value": "9",
            "measured_on": "2026-09-30",
            "source": "NTV Q3",
            "lock_version": stale,
        },
    )
    assert again.status_code == 200 and "heeft iemand anders" in again.content.decode()
    assert AdoptionMeasurement.objects.get().value == 8
    figure.refresh_from_db()
    response = client.post(
        reverse("adoption:figure-remove", args=[figure.pk]), {"lock_version": figure.lock_version}
    )
    assert response.status_code == 302 and not AdoptionMeasurement.objects.exists()
    assert AdoptionMeasurement.history.filter(history_type="-", history_user=reporter).exists()


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer"])
def test_only_managers_and_reporters_reach_the_forms(
    persona_client, persona, programme_manager, exchange
):
    figure = _figure(programme_manager, exchange, 10, D(2026, 3, 31))
    target = services.target_set(
        actor=programme_manager,
        exchange=exchange,
        indicator="care_providers",
        value=50,
        target_date=D(2027, 1, 1),
    )
    client = persona_client(persona)
    urls = [
        reverse("adoption:figure-create"),
        reverse("adoption:figure-edit", args=[figure.pk]),
        reverse("adoption:target-create"),
        reverse("adoption:target-edit", args=[target.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"value": "1", "lock_version": "1"}).status_code in (302, 403)
    response = client.post(
        reverse("adoption:figure-remove", args=[figure.pk]), {"lock_version": figure.lock_version}
    )
    assert response.status_code in (302, 403)
    assert AdoptionMeasurement.objects.get().value == 10
    assert AdoptionTarget.objects.get().value == 50


def test_a_reporter_cannot_reach_another_organisations_figure(
    client, programme_manager, reporter, exchange
):
    theirs = _figure(programme_manager, exchange, 10, D(2026, 3, 31))
    client.force_login(reporter)
    assert client.get(reverse("adoption:figure-edit", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("adoption:figure-remove", args=[theirs.pk]),
            {"lock_version": theirs.lock_version},
        ).status_code
        == 404
    )
    assert AdoptionMeasurement.objects.filter(pk=theirs.pk).exists()


def _nazorg(exchange):
    # The phase itself (its recorded history is the Wegiz tests' business).
    type(exchange).objects.filter(pk=exchange.pk).update(phase="nazorgfase")


def test_exchange_page_shows_figures_against_target_in_the_nazorgfase(
    client, programme_manager, reporter, exchange
):
    for day, value in ((D(2026, 3, 31), 3480), (D(2026, 9, 30), 4210)):
        _figure(programme_manager, exchange, value, day)
    services.target_set(
        actor=programme_manager,
        exchange=exchange,
        indicator="care_providers",
        value=5200,
        target_date=D(2027, 7, 1),
    )
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert "Adoptie in het veld" in page and "4210" in page and "5200" in page
    assert "80%" in page  # 4210 of 5200
    assert 'data-plotly-figure="adoption-figure"' in page
    _nazorg(exchange)
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert "nazorgfase: adoptie afgezet tegen het doel" in page
    # Anonymous visitors get no record links.
    assert reverse("adoption:figure-create") not in page


def test_agreement_page_and_privacy_of_a_draft_agreement(client, programme_manager):
    public = AgreementFactory(code="LAS-TECH-005")
    draft = AgreementFactory(code="LAS-DRAFT-1", status=Agreement.Status.DRAFT)
    for agreement, value in ((public, 9), (draft, 777)):
        services.figure_record(
            actor=programme_manager,
            agreement=agreement,
            indicator="vendors_validated",
            value=value,
            measured_on=D(2026, 6, 30),
            source="NTV",
        )
    assert "Adoptie in het veld" in client.get(public.get_absolute_url()).content.decode()
    listing = client.get(reverse("adoption:register")).content.decode()
    assert "LAS-TECH-005" in listing and "777" not in listing
    api = client.get("/api/v1/adoption-figures").json()
    assert [(r["agreement"], r["value"]) for r in api["results"]] == [("LAS-TECH-005", 9)]
    export = b"".join(client.get(reverse("adoption:export", args=["csv"])).streaming_content)
    assert b"777" not in export and b"LAS-TECH-005" in export
    client.force_login(programme_manager)
    assert "777" in client.get(reverse("adoption:register")).content.decode()


def test_api_filters_and_targets(client, programme_manager, exchange):
    _figure(programme_manager, exchange, 10, D(2026, 3, 31))
    _figure(programme_manager, exchange, 20, D(2026, 6, 30))
    services.target_set(
        actor=programme_manager,
        exchange=exchange,
        indicator="care_providers",
        value=50,
        target_date=D(2027, 1, 1),
    )
    rows = client.get("/api/v1/adoption-figures?exchange=3&measuredFrom=2026-04-01").json()
    assert [(r["exchange"], r["value"], r["measuredOn"]) for r in rows["results"]] == [
        (3, 20, "2026-06-30")
    ]
    assert client.get("/api/v1/adoption-figures?indicator=nonsense").status_code == 400
    targets = client.get("/api/v1/adoption-targets?exchange=3").json()["results"]
    assert [(t["indicator"], t["value"], t["targetDate"]) for t in targets] == [
        ("care_providers", 50, "2027-01-01")
    ]


def test_dashboards_followers_and_open_data(client, field_party, programme_manager, exchange):
    from portal.notifications.models import Notification

    client.force_login(field_party)
    client.post(
        reverse("notifications:follow"), {"kind": "exchange", "id": exchange.pk, "action": "follow"}
    )
    services.target_set(
        actor=programme_manager,
        exchange=exchange,
        indicator="care_providers",
        value=50,
        target_date=D(2027, 1, 1),
    )
    _figure(programme_manager, exchange, 20, D(2026, 6, 30))
    verbs = set(Notification.objects.filter(user=field_party).values_list("verb", flat=True))
    assert {"adoption.target.set", "adoption.figure.recorded"} <= verbs
    csv = b"".join(client.get("/dashboards/data/adoption-care-providers.csv").streaming_content)
    assert "3. Digitaal voorschrijven,50,20,30" in csv.decode().replace("\r", "")
    assert "/api/v1/adoption-figures" in client.get("/open-data/catalogus.jsonld").content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_adoption_pages_and_api_queries_do_not_grow(persona_client, persona, programme_manager):
    exchange = ExchangeFactory(number=3)
    agreement = AgreementFactory(code="LAS-TECH-005")

    def add(n, start):
        for i in range(n):
            day = D(2020, 1, 1) + dt.timedelta(days=start + i)
            other = ExchangeFactory()
            for subject in ({"exchange": exchange}, {"agreement": agreement}, {"exchange": other}):
                services.figure_record(
                    actor=programme_manager,
                    indicator="care_providers",
                    value=i,
                    measured_on=day,
                    source="x",
                    **subject,
                )

    urls = (
        reverse("adoption:register"),
        exchange.get_absolute_url(),
        agreement.get_absolute_url(),
        "/api/v1/adoption-figures",
        "/dashboards/data/adoption-care-providers.csv",
        reverse("adoption:export", args=["csv"]),
    )
    client = persona_client(persona)
    counts = {}
    for size, (extra, start) in (("one", (1, 0)), ("thirty", (29, 1))):
        add(extra, start)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
                assert response.status_code == 200, url
                if response.streaming:
                    b"".join(response.streaming_content)
            counts[(size, url)] = len(ctx)
    for url in urls:
        assert counts[("one", url)] == counts[("thirty", url)], (url, counts)
    assert (
        " ".join(str(counts[("thirty", url)]) for url in urls)
        == {
            # register: count, page; exchange and agreement pages with their panel (figures and
            # targets: two queries); API: count, page; chart: one; export: one (+ version)
            "anonymous": "3 17 8 3 2 2",  # API: + the data version (ETag)
            "programme_manager": "6 21 12 5 4 4",
        }[persona]
    )
