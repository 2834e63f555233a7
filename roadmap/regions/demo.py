"""Demo content for regions: the twelve provinces, one coordinator per two provinces, two
clearly fictional initiatives per province, a funding scheme with the binding criteria of
seed 001, reports on time, late and open, alignment reviews and applications in every state.
All initiatives, figures and reviews are invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from portal.accounts.models import Organisation, User
from portal.core.demo import DEMO_USERS, upsert
from portal.core.services import set_reason
from roadmap.models import (
    BuildingBlock,
    FundingScheme,
    Initiative,
    ProgressReport,
    Region,
    RegionAssignment,
)
from roadmap.regions import services

CRITERIA = [
    ("gisa", "Past in de doelarchitectuur van het gezondheidsinformatiestelsel (GISA)."),
    (
        "geen-dubbeling",
        "Dupliceert geen generieke functionaliteit die landelijk wordt gerealiseerd.",
    ),
    (
        "koppelvlakken",
        "Gebruikt in het stelsel gestandaardiseerde koppelvlakken en open internationale standaarden zoals FHIR.",
    ),
    ("nieuw", "Voegt nieuwe functionaliteit toe."),
    ("schaalbaar", "Is aantoonbaar schaalbaar."),
    ("hergebruik", "Hergebruikt bewezen bouwstenen."),
    (
        "bronhouder",
        "Houdt gegevens onder verantwoordelijkheid van de zorgaanbieder; centrale opslag alleen bij aangetoonde noodzaak en met een wettelijke grondslag.",
    ),
    ("vastlegging", "Vult gestandaardiseerde vastlegging bij de bron aan en vervangt die niet."),
]

TEMPLATES = [
    (
        "Regionaal dossier acute zorg",
        "Acute zorg",
        ["lokalisatie"],
        "Een regionale index van waar gegevens van spoedpatiënten staan.",
    ),
    (
        "Samen thuis: ouderenzorg digitaal",
        "Ouderenzorg, wijkverpleging",
        ["adressering"],
        "Overdracht tussen huisarts, wijkverpleging en verpleeghuis.",
    ),
]


# The twelve provinces, with their ISO 3166-2:NL codes.
REGIONS = [
    ("Drenthe", "DR"),
    ("Flevoland", "FL"),
    ("Friesland", "FR"),
    ("Gelderland", "GE"),
    ("Groningen", "GR"),
    ("Limburg", "LI"),
    ("Noord-Brabant", "NB"),
    ("Noord-Holland", "NH"),
    ("Overijssel", "OV"),
    ("Utrecht", "UT"),
    ("Zeeland", "ZE"),
    ("Zuid-Holland", "ZH"),
]


def load_provinces(out: Callable[[str], None]) -> None:
    """The twelve provinces as regions, and the demo coordinators' assignments."""
    regions = {}
    for name, code in REGIONS:
        slug = name.lower()
        regions[slug], _ = upsert(Region, {"slug": slug}, {"name": name, "code": code})
    for spec in DEMO_USERS:
        if not spec.regions:
            continue
        user = User.objects.get(email=spec.email)
        for slug in spec.regions:
            upsert(RegionAssignment, {"user": user, "region": regions[slug]}, {})


def load(out: Callable[[str], None]) -> None:
    if Initiative.objects.exists():
        return
    today = timezone.localdate()
    pm = User.objects.get(email__startswith="programmamanager@")
    cds = User.objects.get(email__startswith="cds@")
    scheme = FundingScheme(
        name="Transformatiemiddelen regionale gegevensuitwisseling (demo)",
        slug="transformatiemiddelen",
        description="Regeling voor regionale initiatieven; bindende criteria volgen de voorwaarden uit de brief over het landelijk dekkend netwerk.",
        source="IZA-transformatiemiddelen (fictief bedrag)",
        budget=4_000_000,
        current_version=1,
    )
    set_reason(scheme, "portal.demo.loaded")
    scheme.save()
    services.scheme_set_criteria(actor=pm, scheme=scheme, criteria=CRITERIA)

    # Calls around today, so that the demo always has one closed, one open, one to come.
    def at_five(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))

    for name, opens, closes in [
        ("Eerste ronde (demo)", today - dt.timedelta(days=400), today - dt.timedelta(days=300)),
        ("Tweede ronde (demo)", today - dt.timedelta(days=60), today + dt.timedelta(days=45)),
        ("Derde ronde (demo)", today + dt.timedelta(days=120), today + dt.timedelta(days=220)),
    ]:
        services.call_create(
            actor=pm,
            scheme=scheme,
            name=name,
            opens_on=opens,
            deadline=at_five(closes),
            description="Aanvragen tot de deadline; daarna worden ze niet meer in behandeling genomen.",
        )
    learning = services.scheme_create(
        actor=pm,
        slug="leerbudget",
        name="Leer- en kennisdelingsbudget regio's (demo)",
        description="Kleine bijdragen voor kennisdeling tussen regio's over hergebruik van landelijke bouwstenen.",
        source="Programmabudget (fictief bedrag)",
        budget=500_000,
        is_open=True,
    )
    services.scheme_set_criteria(actor=pm, scheme=learning, criteria=CRITERIA[:2])
    orgs = list(Organisation.objects.filter(kind="care_provider"))
    coordinator_of = {a.region_id: a.user for a in RegionAssignment.objects.select_related("user")}
    initiatives = []
    blocks = list(BuildingBlock.objects.filter(slug__in=["mitz", "zorgab"]).order_by("name"))
    for n, region in enumerate(Region.objects.order_by("name")):
        coordinator = coordinator_of.get(region.pk)
        if coordinator is None:
            continue
        for k, (title, domains, functions, purpose) in enumerate(TEMPLATES):
            initiative = services.initiative_create(
                actor=coordinator,
                region=region,
                slug=f"{region.slug}-{k + 1}",
                title=f"{title} {region.name} (fictief)",
                purpose=purpose,
                care_domains=domains,
                funding_source="IZA-transformatiemiddelen" if k == 0 else "Eigen middelen regio",
                funding_amount=250000 + 50000 * ((n + k) % 5),
                status="running",
                own_functions=functions if (n + k) % 3 == 0 else [],
                organisations=orgs,
                own_builds="Eigen regionale index (demo)." if (n + k) % 3 == 0 else "",
                building_blocks=blocks if (n + k) % 3 != 0 else blocks[:1],
            )
            initiative.is_demo = True
            set_reason(initiative, "portal.demo.loaded")
            initiative.save(update_fields=["is_demo"])
            initiatives.append((initiative, coordinator))
    for index, (initiative, coordinator) in enumerate(initiatives):
        past = services.report_open_period(initiative=initiative, day=dt.date(2026, 5, 1))
        late = services.report_open_period(initiative=initiative, day=dt.date(2026, 8, 1))
        services.report_open_period(initiative=initiative, day=today)
        if index % 4 != 3:  # one in four never sent its Q2 report: missing
            services.report_submit(
                actor=coordinator,
                report=past,
                lock_version=past.lock_version,
                progress="Eerste koppelingen live (demo).",
                results="Drie zorgaanbieders aangesloten.",
                next_steps="Uitbreiden naar de huisartsen.",
            )
            ProgressReport.objects.filter(pk=past.pk).update(
                submitted_at=timezone.make_aware(dt.datetime(2026, 7, 10, 12, 0))
            )
        if index % 2 == 0:
            services.report_save(
                actor=coordinator,
                report=late,
                lock_version=late.lock_version,
                progress="Concept: aansluiting loopt vertraging op.",
            )
    verdicts = ["aligned", "partly", "not_aligned"]
    for index, (initiative, _coordinator) in enumerate(initiatives[::2]):
        v = verdicts[index % 3]
        services.review_record(
            actor=cds,
            initiative=initiative,
            reviewed_on=dt.date(2026, 9, 15),
            architecture=v,
            architecture_note="Sluit aan op de GISA-bouwstenen (demo).",
            generic_functions="partly" if initiative.own_functions else "aligned",
            generic_functions_note="Let op eigen lokalisatie; gebruik de landelijke voorziening (demo).",
            agreements="aligned",
            agreements_note="Volgt de landelijke afspraken (demo).",
            standards=v,
            standards_note="FHIR-profielen van Nictiz gebruiken (demo).",
            reuse="partly",
            reuse_note="Bouwstenen van andere regio's hergebruiken (demo).",
        )
    # Applications in every state.
    states = ["draft", "submitted", "granted", "conditional", "refused"]
    for state, (initiative, coordinator) in zip(states, initiatives[1::4], strict=False):
        application = services.application_create(
            actor=coordinator,
            initiative=initiative,
            scheme=scheme,
            title=f"Opschaling {initiative.title}",
            amount_requested=400000,
        )
        if state == "draft":
            continue
        criteria = list(services.criteria_of(scheme))
        services.application_save_answers(
            actor=coordinator,
            application=application,
            lock_version=application.lock_version,
            answers={
                c.pk: (f"Toelichting op '{c.code}' (demo).", "Projectplan, hoofdstuk 3 (demo).")
                for c in criteria
            },
        )
        services.application_submit(actor=coordinator, application=application)
        if state == "submitted":
            continue
        # The criteria bind: a refusal and a conditional grant each rest on one not met.
        unmet_code = {"refused": "geen-dubbeling", "conditional": "schaalbaar"}.get(state)
        for c in criteria:
            services.application_assess(
                actor=pm,
                application=application,
                criterion=c,
                verdict="not_met" if c.code == unmet_code else "met",
                reasoning="Beoordeeld op het projectplan (demo).",
            )
        unmet = services.unmet_criteria(application)
        services.application_decide(
            actor=pm,
            application=application,
            status=state,
            rationale="Voldoet aan de bindende criteria (demo)."
            if state != "refused"
            else "Bouwt een eigen lokalisatievoorziening naast de landelijke (demo).",
            amount_granted=None if state == "refused" else 350000,
            conditions={
                c.pk: (
                    "Toon de schaalbaarheid aan met een tweede regio (demo).",
                    timezone.localdate() + dt.timedelta(days=365),
                )
                for c in unmet
            }
            if state == "conditional"
            else None,
        )
    out(
        f"  regions: {Initiative.objects.count()} initiatives, scheme with {len(CRITERIA)} criteria"
    )
