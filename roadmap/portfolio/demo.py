"""Demo content for the portfolio and pilots, from seeds 000 and 002 (the programmes,
the milestones and the pilots; the ICT review board's advice is in `parliament.demo`). Risks,
deliverable dates and scores are invented and say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal.accounts.models import Organisation, User
from roadmap.models import (
    Blueprint,
    Decision,
    DecisionAction,
    Deliverable,
    Exchange,
    Milestone,
    OutcomeAssessment,
    Pilot,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)
from roadmap.portfolio.services import (
    deliverable_reschedule,
    milestone_reschedule,
    record_save,
)

D = dt.date

PROGRAMMES = [
    (
        "igf",
        "Implementatie Generieke Functies (IGF)",
        "Directie Informatiebeleid / CIO",
        "closed",
        D(2022, 1, 1),
        D(2026, 7, 1),
        "Generieke functies realiseren en beproeven; op 1 juli 2026 beëindigd, waarna beproevingen in het veld volgen.",
    ),
    (
        "ldn",
        "Landelijk Dekkend Netwerk",
        "Directie Informatiebeleid / CIO",
        "running",
        D(2023, 1, 1),
        None,
        "Infrastructuren koppelen tot één netwerk van netwerken.",
    ),
    (
        "data-voor-burgers",
        "Data voor Burgers",
        "Directie Informatiebeleid / CIO",
        "running",
        D(2023, 1, 1),
        None,
        "Burgers digitaal toegang geven tot hun eigen gezondheidsgegevens.",
    ),
    (
        "eenheid-taal-techniek",
        "Eenheid van Taal en Techniek",
        "Directie Informatiebeleid / CIO",
        "running",
        D(2022, 1, 1),
        None,
        "Standaarden en normen voor eenduidige vastlegging en uitwisseling.",
    ),
    (
        "gis-architectuur",
        "GIS-architectuur",
        "Directie Informatiebeleid / CIO",
        "running",
        D(2024, 1, 1),
        None,
        "De doelarchitectuur van het stelsel (GISA) opstellen en toetsen.",
    ),
    (
        "transitie-las",
        "Transitie Landelijk afsprakenstelsel",
        "Directie Informatiebeleid / CIO",
        "running",
        D(2024, 1, 1),
        None,
        "Van losse afsprakenstelsels naar één landelijk stelsel.",
    ),
    (
        "medicatieoverdracht",
        "Medicatieoverdracht",
        "Directie Geneesmiddelen en Medische Technologie",
        "running",
        D(2021, 1, 1),
        None,
        "Veilige overdracht van medicatiegegevens in de keten.",
    ),
]

MILESTONES = [
    ("Omslag van testen naar implementatie", D(2026, 7, 1), "achieved", ["igf"]),
    (
        "GISA versie 1 vastgesteld (na consultatie in september)",
        D(2026, 9, 30),
        "planned",
        ["gis-architectuur"],
    ),
    ("Publieke consultatie GISA", D(2026, 9, 1), "achieved", ["gis-architectuur"]),
    ("Wet DIAZ (Dezi) in werking", D(2027, 1, 1), "planned", ["igf", "ldn"]),
    ("Evaluatie beleid afsprakenstelsel", D(2026, 12, 31), "planned", ["transitie-las"]),
    ("EHDS-uitvoeringswet in werking", D(2029, 3, 29), "planned", ["data-voor-burgers", "ldn"]),
]


def _save(actor, instance, lock_version=None, **m2m):
    return record_save(actor=actor, instance=instance, m2m=m2m or None, lock_version=lock_version)


def load(out: Callable[[str], None]) -> None:
    if Programme.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    progs = {}
    for slug, name, owner, status, start, end, goal in PROGRAMMES:
        progs[slug] = _save(
            pm,
            Programme(
                slug=slug,
                name=name,
                owner_directorate=owner,
                commissioner="DGCZ (demo)",
                status=status,
                start=start,
                end=end,
                goal=goal,
            ),
        )
    exchanges = {e.number: e for e in Exchange.objects.all()}
    t1 = _save(
        pm,
        Tranche(
            slug="tranche-1-basisgegevens",
            name="Tranche 1: basisgegevens en beelden",
            status="running",
            goal="BgZ en beeldbeschikbaarheid werkend tussen ziekenhuizen in het hele land.",
            value_for_care_providers="Ziekenhuizen vragen de basisgegevens en beelden van een verwezen patiënt direct op.",
            start=D(2026, 1, 1),
            end=D(2026, 12, 31),
            is_published=True,
        ),
        exchanges=[e for n, e in exchanges.items() if n in (1, 2)],
    )
    t2 = _save(
        pm,
        Tranche(
            slug="tranche-2-medicatie-overdracht",
            name="Tranche 2: medicatie en eOverdracht",
            status="planned",
            goal="Medicatieoverdracht en verpleegkundige eOverdracht via de generieke functies.",
            value_for_care_providers="Actuele medicatie en overdrachtsgegevens bij ontslag, zonder overtypen.",
            start=D(2027, 1, 1),
            end=D(2027, 9, 30),
            is_published=True,
        ),
        exchanges=[e for n, e in exchanges.items() if n in (3, 4)],
    )
    # Deliverables (dates are demo figures).
    d = {}
    for key, prog, tranche, title, start, due, status in [
        (
            "adres",
            "ldn",
            t1,
            "Adressering via het landelijke adresboek in productie",
            D(2026, 1, 1),
            D(2026, 6, 30),
            "delivered",
        ),
        (
            "dezi",
            "igf",
            t1,
            "Dezi-inlog bij de eerste tien ziekenhuizen",
            D(2026, 2, 1),
            D(2026, 9, 30),
            "in_progress",
        ),
        (
            "bgz",
            "eenheid-taal-techniek",
            t1,
            "BgZ-profielen vastgesteld door Nictiz",
            D(2026, 1, 1),
            D(2026, 5, 31),
            "delivered",
        ),
        (
            "beeld",
            "ldn",
            t1,
            "Beeldbeschikbaarheid over het netwerk",
            D(2026, 4, 1),
            D(2026, 10, 31),
            "in_progress",
        ),
        (
            "mitz",
            "ldn",
            t2,
            "Toestemming via Mitz voor medicatieoverdracht",
            D(2026, 10, 1),
            D(2027, 3, 31),
            "planned",
        ),
        (
            "mo",
            "medicatieoverdracht",
            t2,
            "Medicatieoverdracht in ziekenhuis en apotheek",
            D(2027, 1, 1),
            D(2027, 6, 30),
            "planned",
        ),
        (
            "gisa",
            "gis-architectuur",
            None,
            "GISA versie 1",
            D(2026, 1, 1),
            D(2026, 9, 30),
            "in_progress",
        ),
    ]:
        d[key] = _save(
            pm,
            Deliverable(
                programme=progs[prog],
                tranche=tranche,
                title=title,
                start=start,
                due=due,
                status=status,
            ),
        )
    for key, numbers in (("beeld", [1]), ("bgz", [2]), ("mo", [3])):
        d[key].exchanges.set([exchanges[n] for n in numbers if n in exchanges])
    progs["medicatieoverdracht"].exchanges.set(
        [exchanges[n] for n in (3, 5, 6, 7) if n in exchanges]
    )
    d["beeld"].depends_on.add(d["dezi"])
    d["mo"].depends_on.add(d["mitz"])
    # A slip: Dezi's rollout moved by three months (demo).
    dezi = d["dezi"]
    deliverable_reschedule(
        actor=pm, deliverable=dezi, due=D(2026, 12, 31), lock_version=dezi.lock_version
    )
    for title, day, status, prog_slugs in MILESTONES:
        _save(
            pm,
            Milestone(title=title, date=day, owner="VWS", status=status),
            programmes=[progs[s] for s in prog_slugs],
        )
    gisa = Milestone.objects.get(title__startswith="GISA versie 1")
    gisa = milestone_reschedule(
        actor=pm, milestone=gisa, date=D(2026, 12, 15), lock_version=gisa.lock_version
    )
    gisa.status = Milestone.Status.SLIPPED
    _save(pm, gisa, lock_version=gisa.lock_version)
    for programme, title, p, i, mitigation in [
        (
            "igf",
            "Wet DIAZ later in werking dan 1 januari 2027 (demo)",
            3,
            5,
            "Dezi-beproevingen doorzetten onder huidige grondslag.",
        ),
        (
            "ldn",
            "Leveranciers sluiten te laat aan op het adresboek (demo)",
            4,
            3,
            "Aansluitverplichting in de volgende tranche.",
        ),
        (
            "gis-architectuur",
            "Onvoldoende draagvlak voor GISA (demo)",
            2,
            4,
            "Consultatiesessies met koepels.",
        ),
        (
            "medicatieoverdracht",
            "Capaciteit bij apotheeksystemen (demo)",
            3,
            3,
            "Gefaseerde invoering per regio.",
        ),
    ]:
        _save(
            pm,
            Risk(
                programme=progs[programme],
                title=title,
                probability=p,
                impact=i,
                owner="Programmamanager",
                mitigation=mitigation,
                review_date=D(2026, 12, 1),
            ),
        )
    meeting = _save(
        pm, PortfolioMeeting(date=D(2026, 10, 6), title="Portfolio-overleg oktober 2026")
    )
    decision = _save(
        pm,
        Decision(
            meeting=meeting,
            programme=progs["ldn"],
            date=meeting.date,
            title="Tranche 2 start op 1 januari 2027",
            decision="De tweede tranche begint op 1 januari 2027 met medicatieoverdracht en eOverdracht.",
            rationale="Tranche 1 levert op schema; Mitz-aansluiting is voorwaarde.",
            is_published=True,
        ),
    )
    _save(
        pm,
        DecisionAction(
            decision=decision,
            description="Planning Mitz-aansluiting delen met leveranciers",
            owner="Programma LDN",
            due=D(2026, 11, 1),
        ),
    )
    internal = _save(
        pm,
        Decision(
            meeting=meeting,
            date=meeting.date,
            title="Extra capaciteit Dezi (intern)",
            decision="Twee extra implementatiecoaches voor Dezi.",
            is_published=False,
        ),
    )
    _save(
        pm,
        DecisionAction(
            decision=internal,
            description="Inhuur coaches regelen",
            owner="DI/CIO",
            due=D(2026, 12, 1),
        ),
    )
    orgs = {o.slug: o for o in Organisation.objects.all()}
    pilots = [
        (
            "dezi-witte-kruis",
            "Inloggen met Dezi bij de ambulancezorg",
            "pilot",
            D(2025, 9, 1),
            D(2025, 12, 15),
            "authenticatie",
            ["witte-kruis"],
            "Zorgverleners van een ambulancedienst loggen in met Dezi in de acute praktijk.",
            (5, 4, 3, 4),
            "Technisch goed werkbaar in de acute zorg; opschaling vraagt uitrol van middelen.",
        ),
        (
            "adressering-test",
            "Technische test adressering",
            "technical_test",
            D(2025, 3, 1),
            D(2025, 6, 30),
            "adressering",
            ["zorgsoft-demo", "koppelwerk"],
            "Adressen opvragen via het landelijke adresboek.",
            (4, 3, 4, 3),
            "Afgerond; adresgegevens moeten door aanbieders zelf actueel worden gehouden.",
        ),
        (
            "medmij-hergebruik",
            "Hergebruik van MedMij-techniek",
            "technical_test",
            D(2025, 10, 1),
            D(2026, 3, 31),
            "authenticatie",
            ["medmij", "zorgsoft-demo"],
            "MedMij-techniek breder inzetten voor uitwisseling tussen zorgaanbieders.",
            (4, 3, 3, 3),
            "Bruikbaar als bouwsteen; afspraken moeten in het landelijke stelsel landen.",
        ),
        (
            "hackathon-2026",
            "Hackathon generieke functies",
            "hackathon",
            D(2026, 4, 14),
            D(2026, 4, 15),
            "lokalisatie",
            ["koppelwerk"],
            "Teams bouwen in twee dagen oplossingen met de generieke functies.",
            None,
            "",
        ),
        (
            "cumuluz-prototype",
            "CumuluZ-prototype en de generieke functies",
            "field_trial",
            D(2026, 7, 1),
            None,
            "lokalisatie",
            ["cumuluz"],
            "Samenhang tussen het integratieprototype van CumuluZ en de generieke functies toetsen.",
            None,
            "",
        ),
    ]
    for slug, title, kind, start, end, function, participants, summary, scores, lessons in pilots:
        pilot = _save(
            pm,
            Pilot(
                slug=slug,
                title=title,
                kind=kind,
                start=start,
                end=end,
                status="completed" if end and end < D(2026, 11, 1) else "running",
                summary=summary,
                generic_function=function,
                lessons=lessons,
                programme=progs["igf"],
            ),
            participants=[orgs[s] for s in participants if s in orgs],
        )
        if scores:
            _save(
                pm,
                OutcomeAssessment(
                    pilot=pilot,
                    technical_feasibility=scores[0],
                    technical_feasibility_explanation="Zie de rapportage van de beproeving (demo-score).",
                    user_experience=scores[1],
                    user_experience_explanation="Ervaringen van deelnemers (demo-score).",
                    scalability=scores[2],
                    scalability_explanation="Opschaling naar de hele sector (demo-score).",
                    work_process_impact=scores[3],
                    work_process_impact_explanation="Effect op het werkproces (demo-score).",
                    assessed_on=end,
                ),
            )
    _save(
        pm,
        Blueprint(
            pilot=Pilot.objects.get(slug="dezi-witte-kruis"),
            title="Blauwdruk inloggen met Dezi in de acute zorg",
            summary="Stappen voor ambulancediensten om Dezi in te voeren (demo).",
        ),
    )
    out(f"  portfolio: {Programme.objects.count()} programmes, {Pilot.objects.count()} pilots")
