"""Demo commitments and motions, taken from the source letters (summaries in our own words).

The letters give the Kamerstuk numbers; where they do not give the day a motion was
adopted or a promise made, the date is the first day of the month or year the letter
places it in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from agreements.models import Agreement
from parliament import services
from parliament.models import Commitment, TrackKind
from portal.accounts.models import User
from roadmap.models import Exchange, Programme

D = dt.date
C, M = Commitment.Kind.COMMITMENT, Commitment.Kind.MOTION
OPEN, IN_PROGRESS = Commitment.Status.OPEN, Commitment.Status.IN_PROGRESS
LETTER, DEBATE, MOTION = (
    Commitment.Source.LETTER,
    Commitment.Source.DEBATE,
    Commitment.Source.MOTION,
)

# kind, title, summary, source, source title, Kamerstuk, date, submitters, owner, due,
# state (OPEN, IN_PROGRESS or (fulfilled on, by)), programmes, exchanges, agreements
ITEMS = [
    (
        C,
        "De Kamer informeren over NEN 7518 (inlogmiddelen)",
        "De minister informeert de Kamer over de norm voor specifieke inlogmiddelen van zorgprofessionals, NEN 7518, zodra de vaststelling is afgerond.",
        DEBATE,
        "Nota naar aanleiding van het verslag, wetsvoorstel DIAZ",
        "36702-6",
        D(2025, 10, 1),
        "",
        "Directie Informatiebeleid / CIO",
        D(2026, 12, 31),
        IN_PROGRESS,
        ["igf"],
        [],
        ["LAS-TECH-001"],
    ),
    (
        C,
        "De AMvB onder de wet DIAZ met de Kamer delen",
        "De algemene maatregel van bestuur die het wetsvoorstel Digitale Identificatie en Authenticatie in de Zorg uitwerkt, wordt met de Kamer gedeeld en aan beide Kamers voorgehangen.",
        DEBATE,
        "Nota naar aanleiding van het verslag, wetsvoorstel DIAZ",
        "36702-6",
        D(2025, 10, 1),
        "",
        "Directie Informatiebeleid / CIO",
        D(2026, 12, 31),
        IN_PROGRESS,
        ["igf"],
        [],
        [],
    ),
    (
        C,
        "Voortgang van het landelijk dekkend netwerk",
        "De Kamer krijgt inzicht in de voortgang van het landelijk dekkend netwerk, langs de fundamenten van de Nationale visie en strategie.",
        LETTER,
        "Stand-van-zakenbrief landelijk dekkend netwerk",
        "27529-331",
        D(2025, 1, 1),
        "",
        "Programma Landelijk Dekkend Netwerk",
        D(2026, 6, 30),
        (D(2026, 5, 18), "Kamerbrief voortgang landelijk dekkend netwerk (18 mei 2026)"),
        ["ldn"],
        [],
        [],
    ),
    (
        C,
        "Keuzes over de ADG en de HDAB voor het commissiedebat digitale zorg",
        "Voor het commissiedebat digitale zorg van 21 mei krijgt de Kamer een aparte brief over de keuzes rond de toegangsverlenende dienst (ADG) en de HDAB onder de EHDS.",
        LETTER,
        "Kamerbrief voortgang landelijk dekkend netwerk",
        "",
        D(2026, 5, 18),
        "",
        "Directie Informatiebeleid / CIO",
        D(2026, 5, 21),
        OPEN,
        ["ldn"],
        [],
        [],
    ),
    (
        C,
        "Tijdpad van de vier geprioriteerde Wegiz-uitwisselingen",
        "Met de geactualiseerde Meerjarenagenda Wegiz krijgt de Kamer een zo volledig mogelijk tijdpad van de vier geprioriteerde gegevensuitwisselingen.",
        LETTER,
        "Voortgangsbrief elektronische gegevensuitwisseling",
        "27529-263",
        D(2021, 1, 1),
        "",
        "Directie Informatiebeleid / CIO",
        D(2021, 7, 31),
        (
            D(2021, 7, 1),
            "Voortgangsbrief Wegiz met de geactualiseerde Meerjarenagenda (zomer 2021)",
        ),
        [],
        [1, 2, 3, 4],
        [],
    ),
    (
        C,
        "Aparte brief over toestemming bij gegevensuitwisseling",
        "Een brief over de problemen rond toestemming voor gegevensverwerking in de zorg, waarin ook het Estse model wordt bekeken.",
        DEBATE,
        "Algemeen Overleg gegevensuitwisseling, oktober 2020",
        "",
        D(2020, 10, 1),
        "",
        "Directie Informatiebeleid / CIO",
        D(2022, 1, 31),
        OPEN,
        [],
        [],
        [],
    ),
    (
        M,
        "Motie De Vries c.s.: regie nemen en een wettelijke basis onderzoeken",
        "Verzoekt de regering regie te nemen en te onderzoeken of een wettelijke basis kan worden gemaakt om goede, verantwoorde en veilige elektronische gegevensuitwisseling tussen zorgaanbieders te verplichten.",
        MOTION,
        "Motie De Vries c.s.",
        "29515-432",
        D(2018, 1, 1),
        "De Vries (VVD), Dijkstra (D66), Van den Berg (CDA)",
        "Directie Informatiebeleid / CIO",
        None,
        (
            D(2021, 7, 1),
            "Wet elektronische gegevensuitwisseling in de zorg (Wegiz) bij de Kamer ingediend",
        ),
        [],
        [],
        [],
    ),
    (
        M,
        "Motie Ellemeet: gegevensuitwisseling in de zorg",
        "Een van de moties waarmee de Kamer vraagt om betere elektronische gegevensuitwisseling tussen zorgverleners.",
        MOTION,
        "Motie Ellemeet",
        "29515-427",
        D(2018, 1, 1),
        "Ellemeet (GroenLinks)",
        "Directie Informatiebeleid / CIO",
        None,
        IN_PROGRESS,
        [],
        [],
        [],
    ),
    (
        M,
        "Motie Raemakers c.s.: versnelling van gegevensuitwisseling",
        "Vraagt de regering om vaart te maken met elektronische gegevensuitwisseling in de zorg.",
        MOTION,
        "Motie Raemakers c.s.",
        "35000-XVI-46",
        D(2020, 1, 1),
        "Raemakers (D66) c.s.",
        "Directie Informatiebeleid / CIO",
        None,
        IN_PROGRESS,
        [],
        [],
        [],
    ),
    (
        M,
        "Motie Van den Berg/Kerstens: eenheid van taal en techniek",
        "Vraagt om afspraken over eenheid van taal en techniek, zodat systemen van zorgaanbieders gegevens kunnen uitwisselen.",
        MOTION,
        "Motie Van den Berg/Kerstens",
        "27529-222",
        D(2020, 1, 1),
        "Van den Berg (CDA), Kerstens (PvdA)",
        "Programma Eenheid van taal en techniek",
        None,
        IN_PROGRESS,
        ["eenheid-taal-techniek"],
        [],
        [],
    ),
]


def load(out: Callable[[str], None]) -> None:
    if Commitment.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    programmes = {p.slug: p for p in Programme.objects.all()}
    exchanges = {e.number: e for e in Exchange.objects.all()}
    agreements = {a.code: a for a in Agreement.objects.all()}
    for (
        kind,
        title,
        summary,
        source,
        source_title,
        kamerstuk,
        source_date,
        submitters,
        owner,
        due,
        state,
        progs,
        exs,
        agrs,
    ) in ITEMS:
        c = services.commitment_create(
            actor=pm,
            kind=kind,
            title=title,
            summary=summary,
            source=source,
            source_title=source_title,
            kamerstuk=kamerstuk,
            source_date=source_date,
            submitters=submitters,
            owner=owner,
            due=due,
            programmes=[programmes[s] for s in progs if s in programmes],
            exchanges=[exchanges[n] for n in exs if n in exchanges],
            agreements=[agreements[code] for code in agrs if code in agreements],
        )
        if state == IN_PROGRESS:
            c = services.commitment_start(actor=pm, commitment=c, lock_version=c.lock_version)
        elif isinstance(state, tuple):
            on, by = state
            c = services.commitment_fulfil(
                actor=pm, commitment=c, lock_version=c.lock_version, on=on, by=by
            )
        services.commitment_publish(actor=pm, commitment=c, lock_version=c.lock_version)
    out(f"  {len(ITEMS)} commitments and motions")


# slug, kind, title, summary, owner, dossier, parent, {stage: (planned, actual, note)},
# exchanges, commitment titles
TRACKS = [
    (
        "wet-diaz",
        TrackKind.ACT,
        "Wet digitale identificatie en authenticatie in de zorg (DIAZ)",
        "Regelt het inlogstelsel Dezi: zorgprofessionals loggen in met een goedgekeurd middel op het hoogste betrouwbaarheidsniveau; verplicht voor grensoverschrijdende uitwisseling onder de EHDS.",
        "Directie Informatiebeleid / CIO",
        "36702",
        None,
        {
            "parliament": (
                None,
                None,
                "Wetsvoorstel aanhangig bij de Tweede Kamer; de minister vraagt om voortvarende behandeling.",
            ),
            "entry_into_force": (D(2027, 1, 1), None, "Uiterlijk 1 januari 2027."),
        },
        [],
        [],
    ),
    (
        "amvb-diaz",
        TrackKind.ORDER,
        "AMvB onder de wet DIAZ",
        "Werkt de wet DIAZ uit. Wordt met de Kamer gedeeld en aan beide Kamers voorgehangen.",
        "Directie Informatiebeleid / CIO",
        "36702",
        "wet-diaz",
        {
            "internet_consultation": (
                D(2026, 6, 30),
                None,
                "Verwacht in het tweede kwartaal van 2026.",
            ),
            "pre_scrutiny": (D(2026, 10, 1), None, "Voorhang bij beide Kamers."),
            "entry_into_force": (D(2027, 1, 1), None, ""),
        },
        [],
        ["De AMvB onder de wet DIAZ met de Kamer delen"],
    ),
    (
        "uitvoeringswet-ehds",
        TrackKind.ACT,
        "Uitvoeringswetgeving European Health Data Space",
        "Brengt de Nederlandse wetgeving in lijn met de EHDS-verordening, in tranches via meerdere wetsvoorstellen die samen de Stelselwet gegevensverwerking in de zorg vormen.",
        "Directie Informatiebeleid / CIO",
        "",
        None,
        {
            "entry_into_force": (
                D(2029, 3, 29),
                None,
                "De eerste EHDS-bepalingen gelden vanaf 29 maart 2029.",
            )
        },
        [],
        [],
    ),
]


def _wegiz_orders(exchanges: list) -> list[tuple]:
    """One order in council per exchange in the uitvoeringsfase: it designates the exchange."""
    return [
        (
            f"amvb-wegiz-{e.number}",
            TrackKind.ORDER,
            f"AMvB Wegiz: {e.title}",
            f"Wijst de gegevensuitwisseling “{e.title}” aan als verplicht elektronisch onder de Wegiz.",
            e.commissioner or "Directie Informatiebeleid / CIO",
            "",
            None,
            {},
            [e],
            [],
        )
        for e in exchanges
    ]


def load_tracks(out: Callable[[str], None]) -> None:
    from parliament.models import LegislativeTrack
    from roadmap.models.wegiz import Phase

    if LegislativeTrack.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    commitments = {c.title: c for c in Commitment.objects.all()}
    in_implementation = list(
        Exchange.objects.filter(phase=Phase.UITVOERING, on_agenda=True).order_by("number")
    )
    made: dict[str, LegislativeTrack] = {}
    today = dt.date.today()
    for slug, kind, title, summary, owner, dossier, parent, dates, exs, cs in [
        *TRACKS,
        *_wegiz_orders(in_implementation),
    ]:
        track = services.track_create(
            actor=pm,
            slug=slug,
            kind=kind,
            title=title,
            summary=summary,
            owner=owner,
            dossier=dossier,
            parent=made.get(parent) if parent else None,
            exchanges=exs,
            commitments=[commitments[t] for t in cs if t in commitments],
        )
        if dates:
            steps = {s.stage for s in track.steps.all()}
            track = services.track_plan(
                actor=pm,
                track=track,
                lock_version=track.lock_version,
                dates={stage: value for stage, value in dates.items() if stage in steps},
                today=today,
            )
        track = services.track_publish(actor=pm, track=track, lock_version=track.lock_version)
        made[slug] = track
    out(f"  {len(made)} legislative tracks")


# --- advisory reports -------------------------------------------------------------------

AGREED, PARTLY = "agreed", "partly"
CONCLUSION, RECOMMENDATION = "conclusion", "recommendation"

# kind, label, title, disposition, reasoning, owner, deadline, follow-up, state
# ("open", "in_progress" or "done"), programmes, milestone titles, decision titles
ACICT_ITEMS = [
    (
        CONCLUSION,
        "A",
        "Te ambitieuze IZA-doelen werkten remmend op de voortgang",
        PARTLY,
        "De oorspronkelijke tijdlijnen bleken te krap, mede door afhankelijkheden van wetgeving en implementatie in het veld. Dat de IZA-doelen zelf averechts werkten, deelt het ministerie niet: ze gaven richting aan een gezamenlijke ambitie.",
        "Directie Informatiebeleid / CIO",
        None,
        "Planning en fasering van nieuwe programma's worden realistischer ingericht, in tranches.",
        "done",
        ["igf"],
        [],
        [],
    ),
    (
        CONCLUSION,
        "B",
        "De beleidsdirecties van de Wegiz-programma's stuurden IGF te weinig aan",
        AGREED,
        "Herkend: de afstemming tussen beleidsdirecties en IGF was complex. Prioriteiten worden nu samen bepaald vanuit concrete knelpunten, met inzichten uit beproevingen en pilots.",
        "Beleidsdirecties Wegiz",
        None,
        "",
        "in_progress",
        ["igf"],
        [],
        [],
    ),
    (
        CONCLUSION,
        "C",
        "De aansturing binnen DI/CIO en IGF schoot tekort",
        AGREED,
        "Herkend: IGF was een van de eerste programma's waarin de regierol van het ministerie op grote schaal vorm kreeg; het rapport wijst aan waar professionalisering nodig is.",
        "Directie Informatiebeleid / CIO",
        None,
        "",
        "in_progress",
        ["igf"],
        [],
        [],
    ),
    (
        CONCLUSION,
        "D",
        "VWS voert te weinig regie op gegevensuitwisseling in het zorgveld",
        AGREED,
        "Herkend: vrijwillige samenwerking alleen bleek niet genoeg. Nationale verplichtingen worden voorbereid, in samenhang met de EHDS en de Stelselwet.",
        "Directie Informatiebeleid / CIO",
        None,
        "",
        "in_progress",
        [],
        ["EHDS-uitvoeringswet in werking"],
        [],
    ),
    (
        RECOMMENDATION,
        "1",
        "Beëindig alle IGF-activiteiten, behalve Dezi en Mitz",
        PARTLY,
        "Het programma stopt per 1 juli 2026; de generieke functies gaan verder in beproevingen met het veld. Dezi volgt de wet DIAZ, Mitz wordt door de VZVZ met het veld geïmplementeerd.",
        "Directie Informatiebeleid / CIO",
        D(2026, 7, 1),
        "Programma per 1 juli 2026 afgesloten; beproevingen in en met het veld zijn begonnen.",
        "done",
        ["igf"],
        ["Omslag van testen naar implementatie"],
        [],
    ),
    (
        RECOMMENDATION,
        "2",
        "Neem concrete belemmeringen stap voor stap weg in plaats van generieke oplossingen te bouwen",
        AGREED,
        "Sluit aan bij de tranche-aanpak: per Wegiz-uitwisseling wordt gezocht naar deeloplossingen met directe waarde in de zorgpraktijk, zonder losse puntoplossingen.",
        "Programma Landelijk Dekkend Netwerk",
        D(2027, 1, 1),
        "De tweede tranche begint op 1 januari 2027.",
        "in_progress",
        ["ldn"],
        [],
        ["Tranche 2 start op 1 januari 2027"],
    ),
    (
        RECOMMENDATION,
        "3",
        "Maak de Wegiz-programma's samen met het veld verantwoordelijk voor het wegnemen van belemmeringen",
        AGREED,
        "Eens dat opdrachtgeverschap en sturing beter belegd moeten worden. Waar dat nog ontbreekt, wijst VWS per Wegiz-uitwisseling een opdrachtgever aan.",
        "Beleidsdirecties Wegiz",
        D(2026, 10, 1),
        "Opdrachtgevers per uitwisseling worden aangewezen; overlegstructuren worden doorgelicht.",
        "in_progress",
        [],
        [],
        [],
    ),
    (
        RECOMMENDATION,
        "4",
        "Verbeter uitvoering en coördinatie van projecten binnen DI/CIO",
        AGREED,
        "Omarmd: project-, programma- en portfoliomanagement worden verder geprofessionaliseerd, met een periodiek strategisch portfolio-overleg en één GIS-architectuur.",
        "Directie Informatiebeleid / CIO",
        D(2026, 9, 30),
        "Het portfolio-overleg is ingericht; de eerste versie van de GIS-architectuur ging in september in consultatie.",
        "done",
        [],
        ["Publieke consultatie GISA"],
        [],
    ),
    (
        RECOMMENDATION,
        "5",
        "Blijf juridische instrumenten ontwikkelen om regie te voeren",
        AGREED,
        "De Stelselwet gegevensverwerking in de zorg verankert afspraken wettelijk; keuzes worden gemaakt vanuit consent in plaats van consensus. Na het zomerreces evalueert het ministerie de aanpak met het veld.",
        "Directie Informatiebeleid / CIO",
        D(2026, 12, 31),
        "",
        "open",
        [],
        [],
        [],
    ),
]


def load_advice(out: Callable[[str], None]) -> None:
    from parliament.models import AdviceItem, AdvisoryReport
    from roadmap.models import Decision, Milestone

    if AdvisoryReport.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    programmes = {p.slug: p for p in Programme.objects.all()}
    milestones = {m.title: m for m in Milestone.objects.all()}
    decisions = {d.title: d for d in Decision.objects.all()}
    report = services.advice_create(
        actor=pm,
        slug="acict-igf-2026",
        advisor="Adviescollege ICT-toetsing (AcICT)",
        title="Advies over het programma Implementatie Generieke Functies",
        summary="Het Adviescollege ICT-toetsing onderzocht van september 2025 tot en met februari 2026 het programma Implementatie Generieke Functies. Het trekt vier conclusies over doelen, sturing en regie en doet vijf aanbevelingen; de minister reageerde met een brief aan de Kamer.",
        received_on=D(2026, 5, 28),
        response_on=D(2026, 6, 15),
        response_reference="27529-362",
        programmes=[programmes[s] for s in ("igf",) if s in programmes],
    )
    for (
        kind,
        label,
        title,
        disposition,
        reasoning,
        owner,
        deadline,
        follow_up,
        state,
        progs,
        mils,
        decs,
    ) in ACICT_ITEMS:
        item = services.advice_item_create(
            actor=pm,
            report=report,
            kind=kind,
            label=label,
            title=title,
            disposition=disposition,
            reasoning=reasoning,
            owner=owner,
            deadline=deadline,
            follow_up=follow_up,
            programmes=[programmes[s] for s in progs if s in programmes],
            milestones=[milestones[t] for t in mils if t in milestones],
            decisions=[decisions[t] for t in decs if t in decisions],
        )
        if state in (AdviceItem.Status.IN_PROGRESS, AdviceItem.Status.DONE):
            item = services.advice_item_start(actor=pm, item=item, lock_version=item.lock_version)
        if state == AdviceItem.Status.DONE:
            services.advice_item_complete(actor=pm, item=item, lock_version=item.lock_version)
    report.refresh_from_db()
    services.advice_publish(actor=pm, report=report, lock_version=report.lock_version)
    out(f"  1 advisory report with {len(ACICT_ITEMS)} conclusions and recommendations")
