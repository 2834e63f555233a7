"""Demo content for the Wegiz agenda: the eleven exchanges of the 2021 agenda (seed 003)
as they stood then, and a 2026 update with the first five exchanges (seed 000).
Expected dates after 2021 and the intake proposals are invented for the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal.accounts.models import Organisation, User
from roadmap.models import Exchange
from roadmap.wegiz import services

D = dt.date
V, P, U, N = "voorfase", "voorbereidingsfase", "uitvoeringsfase", "nazorgfase"

# number, title, domain, commissioner, quality standard, information standard, NEN norm,
# phases [(phase, date)], designations {spoor: (step, expected)}, studies
EXCHANGES_2021 = [
    (
        1,
        "Beelden en verslagen tussen ziekenhuizen",
        "Medisch-specialistische zorg",
        "Directie Curatieve Zorg",
        "Kwaliteitsstandaard beeldbeschikbaarheid",
        "Beeldbeschikbaarheid (Nictiz)",
        "NEN 7543",
        [(V, D(2019, 1, 15)), (P, D(2019, 9, 1)), (U, D(2020, 9, 1))],
        {2: ("drafting", D(2024, 1, 1)), 1: ("considered", None)},
        [
            (
                "mkba",
                D(2020, 3, 1),
                "positive",
                "Baten voor patiënt en ziekenhuis wegen op tegen de invoeringskosten.",
            )
        ],
    ),
    (
        2,
        "Basisgegevensset Zorg (BgZ) tussen ziekenhuizen",
        "Medisch-specialistische zorg",
        "Directie Curatieve Zorg",
        "Basisgegevensset Zorg",
        "BgZ (Nictiz)",
        "NEN 7540",
        [(V, D(2019, 1, 15)), (P, D(2019, 9, 1)), (U, D(2020, 9, 1))],
        {2: ("drafting", D(2024, 7, 1))},
        [
            (
                "mkba",
                D(2020, 3, 1),
                "positive",
                "Minder dubbele uitvragen bij verwijzing; positief saldo.",
            )
        ],
    ),
    (
        3,
        "Digitaal voorschrijven en verstrekken van medicatie",
        "Farmacie",
        "Directie Geneesmiddelen en Medische Technologie",
        "Richtlijn Overdracht van medicatiegegevens",
        "Medicatieproces (Nictiz)",
        "NEN 7503",
        [(V, D(2019, 6, 1)), (P, D(2020, 1, 15)), (U, D(2021, 3, 1))],
        {1: ("drafting", D(2023, 1, 1)), 2: ("considered", D(2026, 1, 1))},
        [],
    ),
    (
        4,
        "Verpleegkundige overdracht",
        "Verpleging en verzorging",
        "Directie Langdurige Zorg",
        "Verpleegkundige overdracht",
        "eOverdracht (Nictiz)",
        "",
        [(V, D(2020, 1, 15)), (P, D(2020, 11, 1))],
        {},
        [
            (
                "mkba",
                D(2021, 2, 1),
                "positive",
                "Tijdwinst bij overdracht tussen ziekenhuis, wijkverpleging en verpleeghuis.",
            )
        ],
    ),
    (
        5,
        "Medicatieoverdracht: medicatie- en toedieningsgegevens",
        "Farmacie",
        "Directie Geneesmiddelen en Medische Technologie",
        "Richtlijn Overdracht van medicatiegegevens",
        "Medicatieproces (Nictiz)",
        "",
        [(V, D(2020, 3, 1)), (P, D(2021, 1, 15))],
        {},
        [],
    ),
    (
        6,
        "Labgegevens voor medicatiebewaking",
        "Farmacie",
        "Directie Geneesmiddelen en Medische Technologie",
        "Richtlijn Overdracht van medicatiegegevens",
        "Medicatieproces (Nictiz)",
        "",
        [(V, D(2020, 3, 1)), (P, D(2021, 1, 15))],
        {},
        [],
    ),
    (
        7,
        "Contra-indicaties en overgevoeligheden",
        "Farmacie",
        "Directie Geneesmiddelen en Medische Technologie",
        "Richtlijn Overdracht van medicatiegegevens",
        "Medicatieproces (Nictiz)",
        "",
        [(V, D(2020, 3, 1)), (P, D(2021, 1, 15))],
        {},
        [],
    ),
    (
        8,
        "Geboortezorg",
        "Geboortezorg",
        "Directie Curatieve Zorg",
        "Zorgstandaard Integrale Geboortezorg",
        "Perinatologie (Nictiz)",
        "",
        [(V, D(2020, 6, 1))],
        {},
        [],
    ),
    (
        9,
        "Geboortezorg naar jeugdgezondheidszorg",
        "Jeugd",
        "Directie Jeugd",
        "",
        "Overdracht JGZ (Nictiz)",
        "",
        [(V, D(2020, 6, 1))],
        {},
        [],
    ),
    (
        10,
        "Pathologiebeelden",
        "Medisch-specialistische zorg",
        "Directie Curatieve Zorg",
        "",
        "Pathologie (Nictiz)",
        "",
        [(V, D(2021, 2, 1))],
        {},
        [],
    ),
    (
        11,
        "Oncologische zorg",
        "Medisch-specialistische zorg",
        "Directie Curatieve Zorg",
        "",
        "Oncologie (Nictiz)",
        "",
        [(V, D(2021, 2, 1))],
        {},
        [],
    ),
]


def _preparation_studies(manager, exchange: Exchange, move: dt.date) -> None:
    """The law's procedure ends the voorbereidingsfase with an MKBA and a maturity scan:
    where the demo figures name none, one is recorded a month before the move (demo)."""
    done = set(exchange.studies.values_list("kind", flat=True))
    for kind in ("mkba", "volwassenheidsscan"):
        if kind not in done:
            services.study_add(
                actor=manager,
                exchange=exchange,
                kind=kind,
                completed_on=move - dt.timedelta(days=30),
                conclusion="positive",
                outcome="Afgerond vóór de overgang naar de uitvoeringsfase (demo).",
            )


def load(out: Callable[[str], None]) -> None:
    if Exchange.objects.exists():
        return
    manager = User.objects.get(email__startswith="programmamanager@")
    for (
        number,
        title,
        domain,
        commissioner,
        quality,
        information,
        nen,
        phases,
        designations,
        studies,
    ) in EXCHANGES_2021:
        exchange = services.exchange_create(
            actor=manager,
            number=number,
            title=title,
            care_domain=domain,
            commissioner=commissioner,
            quality_standard=quality,
            information_standard=information,
            nen_norm=nen,
            phase=phases[0][0],
            since=phases[0][1],
        )
        for kind, day, conclusion, outcome in studies:
            services.study_add(
                actor=manager,
                exchange=exchange,
                kind=kind,
                completed_on=day,
                conclusion=conclusion,
                outcome=outcome,
            )
        for phase, day in phases[1:]:
            if phase == U:
                _preparation_studies(manager, exchange, day)
            services.phase_change_record(
                actor=manager,
                exchange=exchange,
                phase=phase,
                date=day,
                reason="Vastgelegd bij het opstellen van de agenda 2021.",
            )
        for spoor, (step, expected) in designations.items():
            services.designation_set(
                actor=manager, exchange=exchange, spoor=spoor, step=step, expected_in_force=expected
            )
    services.agenda_update_publish(
        actor=manager,
        title="Meerjarenagenda Wegiz 2021",
        published_on=D(2021, 7, 1),
        introduction="De eerste meerjarenagenda: elf gegevensuitwisselingen die in aanmerking "
        "komen voor aanwijzing onder de Wegiz.",
    )

    def ex(n: int) -> Exchange:
        return Exchange.objects.get(number=n)

    # Between 2021 and 2026 (demo figures).
    _preparation_studies(manager, ex(4), D(2024, 3, 1))
    services.phase_change_record(
        actor=manager,
        exchange=ex(4),
        phase=U,
        date=D(2024, 3, 1),
        reason="Norm voor eOverdracht in ontwikkeling bij NEN.",
    )
    services.designation_set(
        actor=manager, exchange=ex(4), spoor=2, step="drafting", expected_in_force=D(2027, 1, 1)
    )
    services.designation_set(
        actor=manager, exchange=ex(1), spoor=2, step="consultation", expected_in_force=D(2027, 1, 1)
    )
    services.designation_set(
        actor=manager,
        exchange=ex(2),
        spoor=2,
        step="council_of_state",
        expected_in_force=D(2026, 7, 1),
    )
    services.designation_set(
        actor=manager,
        exchange=ex(3),
        spoor=1,
        step="in_force",
        expected_in_force=D(2023, 1, 1),
        actual_in_force=D(2024, 1, 1),
    )
    services.designation_set(
        actor=manager, exchange=ex(3), spoor=2, step="drafting", expected_in_force=D(2027, 7, 1)
    )
    services.phase_change_record(
        actor=manager, exchange=ex(8), phase=P, date=D(2023, 5, 1), reason="Eerste toets positief."
    )
    for number in (5, 6, 7):
        exchange = ex(number)
        services.exchange_update(
            actor=manager, exchange=exchange, lock_version=exchange.lock_version, on_agenda=False
        )
    acute = services.exchange_create(
        actor=manager,
        number=12,
        title="Acute zorg",
        care_domain="Acute zorg",
        commissioner="Directie Curatieve Zorg",
        quality_standard="Kwaliteitskader spoedzorgketen",
        information_standard="Acute zorg (Nictiz)",
        phase=V,
        since=D(2022, 2, 1),
    )
    services.phase_change_record(
        actor=manager,
        exchange=acute,
        phase=P,
        date=D(2023, 3, 1),
        reason="MKBA en volwassenheidsscan gestart.",
    )
    services.study_add(
        actor=manager,
        exchange=acute,
        kind="volwassenheidsscan",
        completed_on=D(2024, 6, 1),
        conclusion="mixed",
        outcome="Ambulancediensten zijn zover; bij huisartsenposten is nog werk nodig.",
    )
    _preparation_studies(manager, acute, D(2025, 1, 15))
    services.phase_change_record(
        actor=manager,
        exchange=acute,
        phase=U,
        date=D(2025, 1, 15),
        reason="Start van de normontwikkeling.",
    )
    services.designation_set(
        actor=manager, exchange=acute, spoor=2, step="drafting", expected_in_force=D(2027, 7, 1)
    )
    # Digital prescribing: spoor 1 in force, monitored since (demo dates).
    services.phase_change_record(
        actor=manager,
        exchange=ex(3),
        phase=N,
        date=D(2025, 7, 1),
        reason="Spoor 1 in werking; de naleving wordt gevolgd (demo).",
    )
    services.phase_change_record(
        actor=manager,
        exchange=ex(1),
        phase=N,
        date=D(2028, 1, 1),
        is_planned=True,
        reason="Verwacht na inwerkingtreding.",
    )
    services.agenda_update_publish(
        actor=manager,
        title="Actualisatie Meerjarenagenda 2026",
        published_on=D(2026, 5, 18),
        introduction="Vijf gegevensuitwisselingen gaan als eerste verplicht elektronisch en "
        "gestandaardiseerd: BgZ, beeldbeschikbaarheid, acute zorg, medicatieoverdracht "
        "en verpleegkundige eOverdracht. Verwachte data na 2021 zijn in deze demo verzonnen.",
    )

    # A closed intake round with three proposals (fictional).
    intake = services.intake_round_create(
        actor=manager, title="Intake 2025", description="Voorstellen voor de actualisatie van 2026."
    )
    intake = services.intake_round_open(actor=manager, intake=intake)
    vendor = User.objects.get(email__startswith="leverancier@")
    coordinator = User.objects.get(email__startswith="coordinator.noord@")
    orgs = {o.slug: o for o in Organisation.objects.all()}
    proposals = [
        services.proposal_create_and_submit(
            actor=coordinator,
            intake=intake,
            organisation=orgs["ziekenhuis-demostad"],
            title="Uitwisseling van leefstijlgegevens bij verwijzing (fictief)",
            care_process="Verwijzing van huisarts naar leefstijlcoach.",
            parties_involved="Huisartsen, leefstijlcoaches, gemeenten.",
            why_it_matters="Dubbele intake bij de coach kost tijd en motivatie van de patiënt.",
            quality_standard="Zorgstandaard Gecombineerde Leefstijlinterventie",
            field_support="Gesteund door twee regionale samenwerkingsverbanden (demo).",
        ),
        services.proposal_create_and_submit(
            actor=vendor,
            intake=intake,
            organisation=orgs["zorgsoft-demo"],
            title="Afsprakenplanning tussen zorgaanbieders (fictief)",
            care_process="Plannen van vervolgafspraken bij een andere zorgaanbieder.",
            parties_involved="Ziekenhuizen en ICT-leveranciers.",
            why_it_matters="Patiënten bellen nu zelf rond voor een afspraak.",
            quality_standard="Geen kwaliteitsstandaard bekend",
            field_support="Alleen vanuit leveranciers.",
        ),
        services.proposal_create_and_submit(
            actor=vendor,
            intake=intake,
            organisation=orgs["zorgsoft-demo"],
            title="Wondzorgdossier in de wijkverpleging (fictief)",
            care_process="Overdracht van wondzorg tussen ziekenhuis en wijkverpleging.",
            parties_involved="Wijkverpleging, ziekenhuizen, huisartsen.",
            why_it_matters="Foto's en behandelplannen gaan nu per post of niet mee.",
            quality_standard="Richtlijn Wondzorg",
            field_support="Brede steun uit de wijkverpleging (demo).",
        ),
    ]
    services.intake_round_close(actor=manager, intake=intake)
    accepted, declined, _pending = proposals
    for proposal, scores in ((accepted, (4, 4, 3)), (declined, (2, 1, 3))):
        services.proposal_assess(
            actor=manager,
            proposal=proposal,
            added_value_score=scores[0],
            added_value_explanation="Beoordeeld in de eerste toets.",
            support_score=scores[1],
            support_explanation="Gewogen op steun uit het veld.",
            feasibility_score=scores[2],
            feasibility_explanation="Standaarden en techniek beschikbaar.",
        )
    services.proposal_accept(
        actor=manager,
        proposal=accepted,
        number=13,
        care_domain="Huisartsenzorg",
        reason="Voldoet aan de eerste toets.",
    )
    services.proposal_decline(
        actor=manager,
        proposal=declined,
        reason="Onvoldoende steun uit het veld en geen kwaliteitsstandaard.",
    )

    out(f"  wegiz: {Exchange.objects.count()} exchanges, 2 agenda updates, 1 intake round")
