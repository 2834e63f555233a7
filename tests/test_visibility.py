"""What is not public stays out of sight everywhere, driven by the content registry.

For every registered kind whose model has non-public rows, and for the parts that follow
their whole (an unreleased version, a deliverable of an unpublished tranche, an
unpublished decision, a comment not for publication, an undecided funding application),
a non-public object is planted with one marker in every text field and linked to public
objects. Then every page without arguments, the pages of the public objects around it,
every API list and detail, every export, feed, dashboard CSV, impact view and search
(results and facet counts) is read as anonymous, a field party, a coordinator of another
region and a CDS reviewer: the marker appears nowhere, and nobody of them is notified of
the hidden changes. Staff still see every planted object, marked as not public.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.api.registry import api_resources
from portal.core.content import SECTIONS, registered_kinds
from portal.dashboards.charts import registered_charts
from portal.notifications.models import Notification
from portal.notifications.services import follow
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    CommentFactory,
    ConsultationFactory,
    DraftVersionFactory,
    ExchangeFactory,
    FundingApplicationFactory,
    FundingSchemeFactory,
    InitiativeFactory,
    ProgrammeFactory,
    ReleaseFactory,
    ReleaseItemFactory,
    SectionFactory,
    StandardFactory,
    UserFactory,
)
from tests.test_permission_matrix import all_url_names

MARK = "zqxhidden"  # lower case in every planted text; searched for in upper case
QUERY = MARK.upper()
REGIONAL = "zqxregional"  # what a region shares with CDS and staff only
OUTSIDERS = ["anonymous", "field_party", "coordinator_y", "cds_reviewer"]


def marked(model: type[models.Model], n: str, **values: Any) -> models.Model:
    """Create a row of `model` with the marker in every free text field not given."""
    for f in model._meta.concrete_fields:
        if f.name in values or f.attname in values or f.choices or f.primary_key:
            continue
        if isinstance(f, models.SlugField):
            values[f.name] = f"{MARK}-{n}"[: f.max_length]
        elif (isinstance(f, models.CharField | models.TextField) and not f.has_default()) or (
            isinstance(f, models.CharField | models.TextField) and f.blank
        ):
            limit = f.max_length or 200
            values[f.name] = f"{MARK} {n} {f.name}"[:limit]
    return model.objects.create(**values)


# --- the public objects the hidden ones hang on -------------------------------------------


def _hubs(region_x, organisation_a) -> dict[str, Any]:
    from consultations.models import Consultation

    standard = StandardFactory()
    agreement = AgreementFactory(code="LAS-PUB-001", title="Openbare afspraak")
    agreement.standards.add(standard)
    exchange = ExchangeFactory(number=77, title="Openbare uitwisseling", care_domain="x")
    exchange.agreements.add(agreement)
    programme = ProgrammeFactory(name="Openbaar programma", slug="openbaar")
    programme.exchanges.add(exchange)
    now = timezone.now()
    consultation = ConsultationFactory(
        title="Openbare consultatie",
        slug="openbaar",
        subject=Consultation.Subject.GISA,
        introduction="x",
        status=Consultation.Status.SCHEDULED,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=30),
        agreement=agreement,
    )
    version = DraftVersionFactory(consultation=consultation, number=1)
    section = SectionFactory(version=version, order=1, number="1", title="Eén")
    initiative = InitiativeFactory(
        region=region_x, slug="openbaar-initiatief", title="Openbaar initiatief", purpose="x"
    )
    initiative.agreements.add(agreement)
    scheme = FundingSchemeFactory(name="Openbare regeling", slug="openbare-regeling")
    return {
        "standard": standard,
        "agreement": agreement,
        "exchange": exchange,
        "programme": programme,
        "consultation": consultation,
        "section": section,
        "initiative": initiative,
        "scheme": scheme,
        "organisation": organisation_a,
    }


# --- one planter per kind with non-public rows: a new kind without one fails -----------------


def _agreement(h):
    from agreements.models import Agreement

    hidden = AgreementFactory(
        code=f"{MARK}-AGR", title=f"{MARK} agreement", status=Agreement.Status.DRAFT
    )
    hidden.versions.update(text=f"{MARK} draft text", change_note=f"{MARK} note")
    hidden.standards.add(h["standard"])
    h["exchange"].agreements.add(hidden)
    h["initiative"].agreements.add(hidden)
    return hidden


def _release(h):

    release = ReleaseFactory(number=f"{MARK}-1", title=f"{MARK} release", notes=f"{MARK} notes")
    ReleaseItemFactory(
        release=release, version=h["agreement"].versions.get(), change_type="changed"
    )
    return release


def _tranche(h):
    from roadmap.models import Tranche

    tranche = marked(
        Tranche,
        "tranche",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        is_published=False,
    )
    tranche.exchanges.add(h["exchange"])
    return tranche


def _milestone(h):
    from roadmap.models import Milestone

    milestone = marked(
        Milestone,
        "milestone",
        date=dt.date(2027, 1, 1),
        original_date=dt.date(2027, 1, 1),
        is_public=False,
    )
    milestone.programmes.add(h["programme"])
    milestone.exchanges.add(h["exchange"])
    milestone.agreements.add(h["agreement"])
    return milestone


def _pilot(h):
    from roadmap.models import OutcomeAssessment, Pilot

    pilot = marked(Pilot, "pilot", kind=Pilot.Kind.PILOT, is_published=False)
    pilot.programme = h["programme"]
    pilot.save()
    pilot.exchanges.add(h["exchange"])
    pilot.agreements.add(h["agreement"])
    marked(
        OutcomeAssessment,
        "outcome",
        pilot=pilot,
        technical_feasibility=1,
        user_experience=1,
        scalability=1,
        work_process_impact=1,
        assessed_on=dt.date(2026, 1, 1),
    )
    return pilot


def _consultation(h):
    from consultations.models import Consultation

    now = timezone.now()
    return marked(
        Consultation,
        "consultation",
        subject=Consultation.Subject.GISA,
        status=Consultation.Status.DRAFT,
        opens_at=now + dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=40),
        agreement=h["agreement"],
    )


def _commitment(h):
    from parliament.models import Commitment

    commitment = marked(
        Commitment,
        "commitment",
        kind=Commitment.Kind.MOTION,
        source=Commitment.Source.MOTION,
        source_date=dt.date(2026, 1, 1),
        due=dt.date(2026, 2, 1),  # overdue: on the managers' to-do, not on anyone else's
        fulfilled_url="",
        is_published=False,
    )
    commitment.programmes.add(h["programme"])
    commitment.exchanges.add(h["exchange"])
    commitment.agreements.add(h["agreement"])
    return commitment


def _legislation(h):
    from parliament.models import LegislativeTrack, ProcedureStep

    track = marked(
        LegislativeTrack, "legislation", kind=LegislativeTrack.Kind.ORDER, is_published=False
    )
    marked(ProcedureStep, "step", track=track, stage="draft", planned=dt.date(2026, 6, 1))
    track.exchanges.add(h["exchange"])
    track.programmes.add(h["programme"])
    return track


def _advice(h):
    from parliament.models import AdviceItem, AdvisoryReport

    report = marked(AdvisoryReport, "advice", received_on=dt.date(2026, 5, 1), is_published=False)
    report.programmes.add(h["programme"])
    item = marked(
        AdviceItem,
        "adviceitem",
        report=report,
        kind=AdviceItem.Kind.RECOMMENDATION,
        disposition=AdviceItem.Disposition.AGREED,
        deadline=dt.date(2026, 2, 1),  # overdue: on the managers' to-do only
    )
    item.programmes.add(h["programme"])
    return report


def _block(h):
    from roadmap.models import BuildingBlock

    block = marked(
        BuildingBlock,
        "block",
        generic_function="toestemming",
        status=BuildingBlock.Status.IN_PILOT,
        url="",
        is_published=False,
    )
    block.agreements.add(h["agreement"])
    h["initiative"].building_blocks.add(block)
    return block


PLANTERS: dict[str, Callable[[dict], Any]] = {
    "building-block": _block,
    "commitment": _commitment,
    "legislation": _legislation,
    "advice": _advice,
    "agreement": _agreement,
    "release": _release,
    "tranche": _tranche,
    "milestone": _milestone,
    "pilot": _pilot,
    "consultation": _consultation,
}


def _parts(h, tranche) -> dict[str, Any]:
    """Hidden parts of public wholes."""
    from consultations.models import Comment
    from roadmap.models import Decision, Deliverable

    version = AgreementVersionFactory(
        agreement=h["agreement"], number=2, text=f"{MARK} unreleased wording"
    )
    deliverable = marked(
        Deliverable,
        "deliverable",
        programme=h["programme"],
        tranche=tranche,
        start=dt.date(2026, 1, 1),
        due=dt.date(2026, 6, 1),
        original_due=dt.date(2026, 6, 1),
    )
    deliverable.exchanges.add(h["exchange"])
    deliverable.agreements.add(h["agreement"])
    decision = marked(Decision, "decision", programme=h["programme"], date=dt.date(2026, 2, 1))
    author = UserFactory()
    hidden_comment = CommentFactory(
        consultation=h["consultation"],
        section=h["section"],
        author=author,
        organisation=h["organisation"],
        text=f"{MARK} comment not for publication",
        may_publish=False,
    )
    moderated = CommentFactory(
        consultation=h["consultation"],
        section=h["section"],
        author=author,
        organisation=h["organisation"],
        text=f"{MARK} hidden by the moderator",
        status=Comment.Status.HIDDEN,
        hidden_reason=f"{MARK} reason",
    )
    # CDS reviewers assess every region's applications; the others may not see this one.
    application = FundingApplicationFactory(
        initiative=h["initiative"],
        scheme=h["scheme"],
        title=f"{REGIONAL} application",
        amount_requested=1000,
    )
    return {
        "version": version,
        "deliverable": deliverable,
        "decision": decision,
        "comment": hidden_comment,
        "moderated": moderated,
        "application": application,
    }


@pytest.fixture
def planted(db, region_x, organisation_a, programme_manager, request):
    h = _hubs(region_x, organisation_a)
    # Everyone looking follows the public wholes and every section before anything hidden
    # happens, so any notification of a hidden change would reach them.
    followers = {}
    for name in [*OUTSIDERS[1:], "programme_manager"]:
        user = request.getfixturevalue(name)
        for key in ("agreement", "exchange", "programme", "consultation", "initiative"):
            follow(actor=user, target=h[key])
        for section in SECTIONS:
            follow(actor=user, section=section)
        followers[name] = user
    hidden = {key: plant(h) for key, plant in PLANTERS.items()}
    parts = _parts(h, hidden["tranche"])
    from portal.search.indexing import rebuild

    rebuild()
    return {"hubs": h, "hidden": hidden, "parts": parts, "followers": followers}


def test_every_kind_with_private_rows_has_a_planter():
    private = {k.key for k in registered_kinds() if k.has_private_rows()}
    assert private, "the registry must know kinds with non-public rows"
    assert private <= set(PLANTERS), (
        f"kinds without a planted hidden object: {private - set(PLANTERS)}"
    )


# --- what an outsider reads ------------------------------------------------------------------

SKIP_NAMES = {"accounts:logout", "set-language", "notifications:unsubscribe"}


def _plain_urls() -> list[str]:
    urls = []
    for name, _pattern in all_url_names():
        if name.startswith("admin:") or "<unnamed>" in name or name in SKIP_NAMES:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def _urls_around(p) -> list[str]:
    h, hidden, parts = p["hubs"], p["hidden"], p["parts"]
    a, e, prog, c = h["agreement"], h["exchange"], h["programme"], h["consultation"]
    urls = [
        a.get_absolute_url(),
        a.get_absolute_url() + "?asOf=2026-06-01",
        reverse("agreements:compare", args=[a.code]),
        reverse("agreements:compare", args=[a.code]) + "?van=1&naar=2",
        e.get_absolute_url(),
        prog.get_absolute_url(),
        c.get_absolute_url(),
        reverse("consultations:section", args=[c.slug, h["section"].pk]),
        h["initiative"].get_absolute_url(),
        reverse("regions:scheme", args=[h["scheme"].slug]),
        reverse("dashboards:impact-agreement", args=[a.code]),
        reverse("dashboards:impact-exchange", args=[e.number]),
        reverse("dashboards:impact-programme", args=[prog.slug]),
        reverse("dashboards:impact-standard", args=[h["standard"].code]),
        reverse("search:results") + f"?q={QUERY}",
        reverse("portfolio:gantt-data"),
    ]
    for kind in registered_kinds():
        urls.append(reverse("search:results") + f"?q={QUERY}&kind={kind.key}")
    for chart in registered_charts():
        urls.append(reverse("dashboards:csv", args=[chart.key]))
        urls.append(reverse("dashboards:chart", args=[chart.key]))
    for name, _pattern in all_url_names():
        if name.endswith("export"):
            for fmt in ("csv", "json"):
                urls.append(reverse(name, kwargs={"fmt": fmt}))
    # The API: every collection, and the details of the public objects.
    for prefix, _basename in api_resources():
        urls.append(f"/api/v1/{prefix}?pageSize=100")
    urls += [
        f"/api/v1/agreements/{a.code}",
        f"/api/v1/exchanges/{e.number}",
        f"/api/v1/programmes/{prog.slug}",
        f"/api/v1/consultations/{c.slug}",
        f"/api/v1/consultations/{c.slug}/comments",
        f"/api/v1/initiatives/{h['initiative'].slug}",
        f"/api/v1/standards/{h['standard'].code}",
    ]
    # The planted objects' own addresses must not answer with them either.
    urls += [obj.get_absolute_url() for obj in hidden.values()]
    urls.append(reverse("regions:application", args=[parts["application"].pk]))
    return urls


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nothing_hidden_reaches_an_outsider(persona, planted, persona_client):
    client = persona_client(persona)
    leaks = []
    for url in sorted(set(_plain_urls() + _urls_around(planted))):
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        # A page may repeat its own address (the language switch returns to it).
        path = url.split("?")[0]
        text = text.replace(path, "").replace(quote(path), "")
        if MARK in text or (persona != "cds_reviewer" and REGIONAL in text):
            leaks.append(f"{url} ({response.status_code})")
    assert not leaks, f"{persona} reads hidden content at: {leaks}"


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_search_counts_nothing_hidden_for_an_outsider(persona, planted, request):
    """Not only the text: the totals and facet counts of a search leave hidden objects out."""
    from portal.search.selectors import search

    user = request.getfixturevalue(persona)
    results = search(user or AnonymousUser(), QUERY)
    assert results.total == 0
    assert results.facets == []
    for kind in registered_kinds():
        assert search(user or AnonymousUser(), QUERY, kind.key).total == 0, kind.key


@pytest.mark.parametrize("persona", OUTSIDERS[1:])
def test_outsiders_are_not_told_of_hidden_changes(persona, planted):
    user = planted["followers"][persona]
    notices = Notification.objects.filter(user=user)
    hidden_parts = {"agreements.agreementversion", "roadmap.deliverable", "roadmap.decision"}
    hidden_kinds = {obj._meta.label_lower for obj in planted["hidden"].values()}
    told = {n.changed_model for n in notices}
    assert not told & (hidden_parts | hidden_kinds), told
    assert not any(MARK in (n.label + n.url).lower() for n in notices)


def test_staff_are_told_and_see_everything_marked_as_not_public(planted, programme_manager):
    from django.test import Client

    # Staff following the wholes hear of the hidden changes (the new version, the deliverable).
    changed = set(
        Notification.objects.filter(user=programme_manager).values_list("changed_model", flat=True)
    )
    assert {"agreements.agreementversion", "roadmap.deliverable"} <= changed
    client = Client()
    client.force_login(programme_manager)
    for obj in planted["hidden"].values():
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200, obj
        assert MARK in response.content.decode().lower(), obj
    # In search every planted kind is found and marked as not public.
    page = client.get(reverse("search:results") + f"?q={QUERY}").content.decode()
    found = re.findall(r"niet openbaar|not public", page)
    assert len(found) >= len(PLANTERS), page
    compare = client.get(
        reverse("agreements:compare", args=[planted["hubs"]["agreement"].code])
    ).content.decode()
    assert f"{MARK} unreleased wording" in compare
