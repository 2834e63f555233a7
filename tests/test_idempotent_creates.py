"""Every create form is idempotent: twenty identical sends at once make one item.

Served by a live server thread and driven over HTTP from twenty threads, as a double
click, a retry after a lost answer or many open tabs would; on PostgreSQL. The form's key
is read from the page as a browser would send it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementVersion, Release
from consultations.models import Consultation, DraftVersion
from roadmap.models import (
    AgendaUpdate,
    AlignmentReview,
    Exchange,
    FundingApplication,
    Initiative,
    IntakeProposal,
    IntakeRound,
    PhaseChange,
    Programme,
    Study,
)
from tests.factories import (
    AgreementFactory,
    AgreementSystemFactory,
    ConsultationFactory,
    ExchangeFactory,
    FundingSchemeFactory,
    InitiativeFactory,
    IntakeRoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SENDS = 20
TODAY = dt.date.today()


@dataclass
class Case:
    persona: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict[str, Any]]
    rows: Callable[[], int]
    setup: Callable[[dict], None] = lambda ctx: None


def _setup_agreement(ctx):
    ctx["agreement"] = AgreementFactory(code="LAS-IDEM-1")


def _setup_exchange(ctx):
    ctx["exchange"] = ExchangeFactory(number=77)


def _setup_round(ctx):
    IntakeRoundFactory(status=IntakeRound.Status.OPEN)


def _setup_initiative(ctx):
    ctx["initiative"] = InitiativeFactory(region=ctx["region_x"], slug="idem-x")
    ctx["scheme"] = FundingSchemeFactory()


def _setup_draft_consultation(ctx):
    ctx["consultation"] = ConsultationFactory(slug="idem-c")


CASES = {
    "consultation": Case(
        "programme_manager",
        lambda ctx: reverse("consultations:create"),
        lambda ctx: {
            "title": "Dubbel verstuurd",
            "slug": "dubbel",
            "subject": "gisa",
            "introduction": "Inleiding",
            "opens_at": "2031-01-05T09:00",
            "closes_at": "2031-02-05T17:00",
            "draft": "## Principes\n\nTekst.",
            "questions": "",
        },
        lambda: Consultation.objects.count(),
    ),
    "consultation draft version": Case(
        "programme_manager",
        lambda ctx: reverse("consultations:version", args=[ctx["consultation"].slug]),
        lambda ctx: {"draft": "## Principes\n\nNieuwe tekst.", "note": "Bijgewerkt"},
        lambda: DraftVersion.objects.count(),
        _setup_draft_consultation,
    ),
    "agreement": Case(
        "programme_manager",
        lambda ctx: reverse("agreements:create"),
        lambda ctx: {
            "lock_version": 1,
            "code": "LAS-IDEM-9",
            "title": "Dubbel",
            "system": AgreementSystemFactory(slug="idem").pk,
            "layer": Agreement.Layer.TECHNICAL,
            "topic": Agreement.Topic.ADDRESSING,
            "plateau": Agreement.Plateau.P2026,
            "text": "De tekst.",
        },
        lambda: Agreement.objects.count(),
    ),
    "agreement version": Case(
        "programme_manager",
        lambda ctx: reverse("agreements:version-create", args=["LAS-IDEM-1"]),
        lambda ctx: {
            "lock_version": Agreement.objects.get(code="LAS-IDEM-1").lock_version,
            "text": "Nieuwe tekst.",
            "change_note": "Verduidelijkt",
        },
        lambda: AgreementVersion.objects.count(),
        _setup_agreement,
    ),
    "release": Case(
        "programme_manager",
        lambda ctx: reverse("agreements:release-create"),
        lambda ctx: {"number": "2031.1", "title": "Dubbel", "notes": ""},
        lambda: Release.objects.count(),
    ),
    "exchange": Case(
        "programme_manager",
        lambda ctx: reverse("wegiz:exchange-create"),
        lambda ctx: {"number": 88, "title": "Dubbel", "care_domain": "Zorg", "on_agenda": "on"},
        lambda: Exchange.objects.count(),
    ),
    "phase change": Case(
        "programme_manager",
        lambda ctx: reverse("wegiz:phase-change", args=[77]),
        lambda ctx: {"phase": "voorbereidingsfase", "date": TODAY.isoformat(), "is_planned": "on"},
        lambda: PhaseChange.all_objects.count(),
        _setup_exchange,
    ),
    "study": Case(
        "programme_manager",
        lambda ctx: reverse("wegiz:study", args=[77]),
        lambda ctx: {
            "kind": Study.Kind.values[0],
            "completed_on": TODAY.isoformat(),
            "conclusion": Study.Conclusion.values[0],
            "outcome": "Positief",
        },
        lambda: Study.objects.count(),
        _setup_exchange,
    ),
    "agenda update": Case(
        "programme_manager",
        lambda ctx: reverse("wegiz:update-publish"),
        lambda ctx: {"title": "Stand", "published_on": TODAY.isoformat(), "introduction": ""},
        lambda: AgendaUpdate.objects.count(),
    ),
    "intake round": Case(
        "programme_manager",
        lambda ctx: reverse("wegiz:round-create"),
        lambda ctx: {"title": "Ronde", "description": ""},
        lambda: IntakeRound.objects.count(),
    ),
    "intake proposal": Case(
        "field_party",
        lambda ctx: reverse("wegiz:proposal-create"),
        lambda ctx: {
            "organisation": ctx["organisation_a"].pk,
            "title": "Voorstel",
            "care_process": "Overdracht",
            "parties_involved": "Wijkverpleging",
            "why_it_matters": "Tijd",
            "quality_standard": "Richtlijn",
            "field_support": "Breed",
            "submit": "1",
        },
        lambda: IntakeProposal.objects.count(),
        _setup_round,
    ),
    "initiative": Case(
        "coordinator_x",
        lambda ctx: reverse("regions:initiative-create"),
        lambda ctx: {
            "region": ctx["region_x"].pk,
            "title": "Dubbel",
            "slug": "dubbel",
            "purpose": "Doel",
            "status": Initiative.Status.RUNNING,
        },
        lambda: Initiative.objects.count(),
    ),
    "alignment review": Case(
        "cds_reviewer",
        lambda ctx: reverse("regions:review-create", args=["idem-x"]),
        lambda ctx: {
            **dict.fromkeys(AlignmentReview.POINTS, "aligned"),
            **{f"{p}_note": "Past" for p in AlignmentReview.POINTS},
        },
        lambda: AlignmentReview.objects.count(),
        _setup_initiative,
    ),
    "funding application": Case(
        "coordinator_x",
        lambda ctx: reverse("regions:application-create", args=["idem-x"]),
        lambda ctx: {"scheme": ctx["scheme"].pk, "title": "Aanvraag", "amount_requested": "1000"},
        lambda: FundingApplication.objects.count(),
        _setup_initiative,
    ),
    "portfolio programme": Case(
        "programme_manager",
        lambda ctx: reverse("portfolio:create", args=["programma"]),
        lambda ctx: {"name": "Dubbel", "slug": "dubbel", "status": Programme.Status.RUNNING},
        lambda: Programme.objects.count(),
    ),
}


def _logged_in(user) -> dict[str, str]:
    """A session cookie for `user`, as the login page would give."""
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.mark.parametrize("name", list(CASES))
def test_twenty_parallel_sends_of_a_create_form_make_one_item(
    name, request, live_server, region_x, organisation_a
):
    case = CASES[name]
    ctx = {"region_x": region_x, "organisation_a": organisation_a}
    user = request.getfixturevalue(case.persona)
    case.setup(ctx)
    url = live_server.url + case.url(ctx)
    cookies = _logged_in(user)
    page = requests.get(url, cookies=cookies, timeout=20)
    assert page.status_code == 200, page.text[:500]
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page.text)
    assert key, "the form carries no idempotency key"
    csrf = page.cookies.get("csrftoken") or requests.utils.dict_from_cookiejar(page.cookies).get(
        "csrftoken"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {
        **case.data(ctx),
        "idempotency_key": key.group(1),
        "csrfmiddlewaretoken": token,
    }
    before = case.rows()
    barrier = threading.Barrier(SENDS)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        barrier.wait(timeout=30)
        response = requests.post(
            url,
            data=data,
            cookies={**cookies, "csrftoken": csrf},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )
        answers.append((response.status_code, response.headers.get("Location", "")))

    threads = [threading.Thread(target=send) for _ in range(SENDS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert len(answers) == SENDS
    assert case.rows() == before + 1, (name, answers[:3])
    # Every send is answered as the first was: on to the item it made.
    assert {status for status, _location in answers} == {302}, answers
    assert len({location for _status, location in answers}) == 1, answers


def test_a_refused_send_keeps_nothing_and_the_corrected_send_makes_the_item(
    client, programme_manager
):
    client.force_login(programme_manager)
    page = client.get(reverse("agreements:release-create")).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page).group(1)
    refused = client.post(
        reverse("agreements:release-create"),
        {"idempotency_key": key, "number": "geen nummer", "title": "X"},
    )
    assert refused.status_code == 200
    assert key in refused.content.decode()  # the same form, the same key
    made = client.post(
        reverse("agreements:release-create"),
        {"idempotency_key": key, "number": "2031.2", "title": "X"},
    )
    assert made.status_code == 302
    assert Release.objects.filter(number="2031.2").count() == 1


def test_someone_elses_key_is_refused(client, programme_manager, admin):
    from portal.core.models import CreateReceipt

    client.force_login(programme_manager)
    data = {"idempotency_key": "6d2c1c3e-8f7a-4c6e-9d55-0b8a1f2e3c4d", "title": "Ronde"}
    assert client.post(reverse("wegiz:round-create"), data).status_code == 302
    assert CreateReceipt.objects.filter(user=programme_manager).count() == 1
    other = make_manager()
    client.force_login(other)
    response = client.post(reverse("wegiz:round-create"), data)
    assert response.status_code == 200
    assert "eerder verstuurd" in response.content.decode()
    assert IntakeRound.objects.count() == 1


def make_manager():
    from portal.accounts.roles import Role
    from tests.factories import make_person

    return make_person(Role.PROGRAMME_MANAGER, email="pm-ander@example.org")


def test_old_receipts_are_pruned(programme_manager):
    from portal.core.models import CreateReceipt
    from portal.core.tasks import prune_create_receipts

    old = CreateReceipt.objects.create(
        key="00000000-0000-4000-8000-000000000001", user=programme_manager
    )
    CreateReceipt.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    fresh = CreateReceipt.objects.create(
        key="00000000-0000-4000-8000-000000000002", user=programme_manager
    )
    assert prune_create_receipts() == 1
    assert list(CreateReceipt.objects.values_list("pk", flat=True)) == [fresh.pk]
