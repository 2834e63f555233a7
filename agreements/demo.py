"""Demo content for the catalogue, paraphrased from the policy memo on the national
agreement system (seed 004) and the LDN letters. Figures and parties marked "(fictief)"
are invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from agreements import services
from agreements.models import (
    Agreement,
    AgreementSystem,
    AgreementVersion,
    ComplianceRecord,
    Harmonisation,
    ReleaseItem,
    Standard,
)
from portal.accounts.models import Organisation, User
from portal.core.demo import DEMO_REASON, upsert
from portal.core.services import set_reason

SYSTEMS = [
    (
        "landelijk-afsprakenstelsel",
        "Landelijk afsprakenstelsel",
        True,
        "Het ene landelijke stelsel met alle generieke afspraken; sinds 2024 gebouwd op Twiin.",
    ),
    (
        "twiin",
        "Twiin",
        False,
        "Afsprakenstelsel voor uitwisseling tussen zorgaanbieders; de basis van het landelijke stelsel.",
    ),
    (
        "medmij",
        "MedMij",
        False,
        "Afsprakenstelsel voor uitwisseling tussen burger en zorgaanbieder.",
    ),
    (
        "health-ri",
        "Health-RI",
        False,
        "Afspraken voor hergebruik van gezondheidsgegevens voor onderzoek.",
    ),
    ("nuts", "Nuts", False, "Open afsprakenstelsel en infrastructuur; groeipad TwiinxNuts."),
]

STANDARDS = [
    ("fhir", "HL7 FHIR (Nederlandse profielen)", "nictiz", "https://www.nictiz.nl/standaarden/"),
    ("snomed-ct", "SNOMED CT", "nictiz", "https://www.nictiz.nl/standaarden/snomed-ct/"),
    ("zib", "Zorginformatiebouwstenen (zibs)", "nictiz", "https://zibs.nl/"),
    ("bgz", "Basisgegevensset Zorg (BgZ)", "nictiz", "https://www.nictiz.nl/"),
    ("nen-7503", "NEN 7503 Digitaal voorschrijven en verstrekken", "nen", "https://www.nen.nl/"),
    ("nen-7518", "NEN 7518 Inlogmiddelen in de zorg", "nen", "https://www.nen.nl/"),
    ("nen-7522", "NEN 7522 Governance van standaarden", "nen", "https://www.nen.nl/"),
    ("nta-7516", "NTA 7516 Veilig mailen in de zorg", "nen", "https://www.nen.nl/"),
    ("mitz-koppelvlak", "Mitz-koppelvlak toestemming", "vzvz", "https://www.mitz-toestemming.nl/"),
]

L, T, P = Agreement.Layer, Agreement.Topic, Agreement.Plateau
# code, title, layer, topic, plateau, standards, rule, why
AGREEMENTS = [
    (
        "LAS-TECH-001",
        "Identificatie van zorgverleners",
        L.TECHNICAL,
        T.IDENTIFICATION,
        P.P2026,
        [],
        "Zorgverleners worden landelijk eenduidig geïdentificeerd met hun registratie in het UZI-register.",
        "Zonder één identiteit per zorgverlener kan een ontvanger niet nagaan wie gegevens vraagt.",
    ),
    (
        "LAS-TECH-002",
        "Inloggen van zorgverleners met Dezi",
        L.TECHNICAL,
        T.AUTHENTICATION,
        P.P2026,
        ["nen-7518"],
        "Zorgverleners loggen in met een middel dat aan NEN 7518 voldoet en leunen op Dezi, de opvolger van de UZI-pas.",
        "Eén inlogvoorziening voorkomt dat elke applicatie een eigen inlogmiddel uitgeeft.",
    ),
    (
        "LAS-TECH-003",
        "Inloggen van burgers",
        L.TECHNICAL,
        T.AUTHENTICATION,
        P.P2026,
        [],
        "Burgers loggen in met een erkend middel op het vereiste betrouwbaarheidsniveau.",
        "Burgers moeten bij elke zorgaanbieder op dezelfde manier veilig kunnen inloggen.",
    ),
    (
        "LAS-TECH-004",
        "Autorisatie op rol en behandelrelatie",
        L.TECHNICAL,
        T.AUTHORISATION,
        P.P2026,
        [],
        "Toegang tot gegevens wordt verleend op basis van de rol van de zorgverlener en een aantoonbare behandelrelatie.",
        "Zo krijgt alleen wie bij de zorg betrokken is inzage.",
    ),
    (
        "LAS-TECH-005",
        "Toestemming vastleggen en raadplegen via Mitz",
        L.TECHNICAL,
        T.CONSENT,
        P.P2026,
        ["mitz-koppelvlak"],
        "Toestemming van de burger voor beschikbaarstelling wordt vastgelegd en geraadpleegd via de landelijke toestemmingsvoorziening Mitz.",
        "Eén plek voor toestemming maakt de keuze van de burger overal geldig.",
    ),
    (
        "LAS-TECH-006",
        "Lokaliseren van gegevens",
        L.TECHNICAL,
        T.LOCALISATION,
        P.P2026,
        ["fhir"],
        "Een landelijke lokalisatievoorziening vertelt waar gegevens over een patiënt te vinden zijn, zonder de gegevens zelf te bevatten.",
        "Zonder lokalisatie moet een zorgverlener raden bij welke aanbieder gegevens liggen.",
    ),
    (
        "LAS-TECH-007",
        "Adresseren via het landelijke adresboek",
        L.TECHNICAL,
        T.ADDRESSING,
        P.P2026,
        ["fhir"],
        "Zorgaanbieders vinden elkaars technische adressen in het landelijke adresboek (ZorgAB).",
        "Gedeelde adressering voorkomt losse, verouderde adreslijsten per regio.",
    ),
    (
        "LAS-TECH-008",
        "Logging van uitwisselingen",
        L.TECHNICAL,
        T.LOGGING,
        P.P2026,
        [],
        "Elke raadpleging en verstrekking wordt gelogd op een manier die de burger en de toezichthouder kunnen controleren.",
        "Logging maakt achteraf zichtbaar wie welke gegevens heeft ingezien.",
    ),
    (
        "LAS-TECH-009",
        "Communicatiepatroon raadplegen",
        L.TECHNICAL,
        T.COMMUNICATION_PATTERN,
        P.P2026,
        ["fhir"],
        "Gegevens worden bij de bron geraadpleegd met FHIR REST-interacties volgens de landelijke profielen.",
        "Raadplegen bij de bron houdt gegevens onder verantwoordelijkheid van de zorgaanbieder.",
    ),
    (
        "LAS-TECH-010",
        "Communicatiepatroon verwijzen en notificeren",
        L.TECHNICAL,
        T.COMMUNICATION_PATTERN,
        P.P2026,
        ["fhir"],
        "Bij een verwijzing stuurt de verwijzer een notificatie; de ontvanger haalt de gegevens zelf op.",
        "Zo hoeven geen kopieën van dossiers rond te gaan.",
    ),
    (
        "LAS-TECH-011",
        "Aansluiting op het landelijk dekkend netwerk",
        L.TECHNICAL,
        T.NETWORK,
        P.P2026,
        [],
        "Infrastructuren koppelen met elkaar over beveiligde verbindingen volgens de afspraken van het landelijk dekkend netwerk.",
        "Eén netwerk van netwerken maakt uitwisseling mogelijk tussen zorgaanbieders op verschillende infrastructuren.",
    ),
    (
        "LAS-TECH-012",
        "Veilig mailen tussen zorgaanbieders",
        L.TECHNICAL,
        T.COMMUNICATION_PATTERN,
        P.P2026,
        ["nta-7516"],
        "Zorgaanbieders die gegevens per e-mail sturen, doen dat volgens NTA 7516.",
        "Veilig mailen blijft nodig zolang niet elke uitwisseling gestructureerd verloopt.",
    ),
    (
        "LAS-SEM-001",
        "FHIR als uitwisselformaat",
        L.SEMANTIC,
        T.INFORMATION_MODEL,
        P.P2026,
        ["fhir"],
        "Gestructureerde uitwisseling gebruikt FHIR met de Nederlandse profielen die Nictiz beheert.",
        "Eén internationale standaard verlaagt de kosten voor leveranciers.",
    ),
    (
        "LAS-SEM-002",
        "SNOMED CT voor klinische begrippen",
        L.SEMANTIC,
        T.INFORMATION_MODEL,
        P.P2026,
        ["snomed-ct"],
        "Klinische begrippen worden gecodeerd met SNOMED CT.",
        "Gedeelde codes maken gegevens zonder vertaalslag bruikbaar bij de ontvanger.",
    ),
    (
        "LAS-SEM-003",
        "Zorginformatiebouwstenen als basis",
        L.SEMANTIC,
        T.INFORMATION_MODEL,
        P.P2026,
        ["zib"],
        "Informatiemodellen worden opgebouwd uit de zorginformatiebouwstenen.",
        "Eenmalig vastleggen en meervoudig gebruiken begint bij dezelfde bouwstenen.",
    ),
    (
        "LAS-SEM-004",
        "Basisgegevensset Zorg",
        L.SEMANTIC,
        T.INFORMATION_MODEL,
        P.P2026,
        ["bgz", "zib"],
        "Bij overdracht tussen zorgaanbieders is de Basisgegevensset Zorg beschikbaar.",
        "Een vaste basisset maakt overdracht voorspelbaar.",
    ),
    (
        "LAS-SEM-005",
        "Medicatiegegevens bij digitaal voorschrijven",
        L.SEMANTIC,
        T.INFORMATION_MODEL,
        P.P2026,
        ["nen-7503"],
        "Voorschrijven en verstrekken van medicatie gebeurt volgens NEN 7503.",
        "Eén norm voor taal en techniek voorkomt fouten bij de overdracht van medicatie.",
    ),
    (
        "LAS-ORG-001",
        "Beheer van standaarden",
        L.ORGANISATIONAL,
        T.GOVERNANCE,
        P.P2026,
        ["nen-7522"],
        "Standaarden waarnaar het stelsel verwijst, worden beheerd volgens NEN 7522.",
        "Afspraken kunnen alleen leunen op standaarden met een voorspelbaar beheer.",
    ),
    (
        "LAS-ORG-002",
        "Toetsing vóór aansluiting",
        L.ORGANISATIONAL,
        T.GOVERNANCE,
        P.P2026,
        [],
        "Leveranciers laten hun oplossing toetsen door het landelijke test- en validatiecentrum voordat zij aansluiten.",
        "Toetsing vooraf voorkomt verstoringen voor alle deelnemers.",
    ),
    (
        "LAS-ORG-003",
        "Verantwoordelijkheid van de bronhouder",
        L.ORGANISATIONAL,
        T.GOVERNANCE,
        P.P2026,
        [],
        "Gegevens blijven onder verantwoordelijkheid van de zorgaanbieder die ze heeft vastgelegd.",
        "Centrale opslag alleen waar dat aantoonbaar nodig is en een wettelijke grondslag heeft.",
    ),
    (
        "LAS-ORG-005",
        "Melden van verstoringen",
        L.ORGANISATIONAL,
        T.NETWORK,
        P.P2028,
        [],
        "Deelnemers melden verstoringen in het netwerk binnen afgesproken termijnen bij één meldpunt.",
        "Samenhangende infrastructuur vraagt samenhangend incidentbeheer.",
    ),
    (
        "LAS-JUR-001",
        "Grondslag voor gegevensuitwisseling",
        L.LEGAL,
        T.GOVERNANCE,
        P.P2026,
        [],
        "Uitwisseling vindt plaats op een wettelijke grondslag; voor aangewezen uitwisselingen is dat de Wegiz.",
        "Een heldere grondslag geeft zorgaanbieders zekerheid.",
    ),
    (
        "LAS-JUR-002",
        "Verwerkersafspraken tussen deelnemers",
        L.LEGAL,
        T.GOVERNANCE,
        P.P2026,
        [],
        "Deelnemers leggen hun verwerkingsrelaties vast in een modelovereenkomst.",
        "Eén model voorkomt dat elke koppeling een eigen contract vraagt.",
    ),
    (
        "LAS-JUR-003",
        "Toestemming volgens de wet",
        L.LEGAL,
        T.CONSENT,
        P.P2026,
        [],
        "Beschikbaarstelling via een elektronisch uitwisselingssysteem gebeurt alleen met uitdrukkelijke toestemming van de burger, tenzij de wet anders bepaalt.",
        "De regels voor toestemming gelden voor alle infrastructuren gelijk.",
    ),
    (
        "LAS-JUR-004",
        "Bewaartermijn van logging",
        L.LEGAL,
        T.LOGGING,
        P.P2028,
        [],
        "Loggegevens worden bewaard zolang de wet dat vraagt en daarna verwijderd.",
        "Logging moet controleerbaar zijn zonder gegevens langer te bewaren dan nodig.",
    ),
]
TEMPORARY = [
    (
        "LAS-TECH-013",
        "Tussentijdse koppeling tussen infrastructuren via een gateway",
        L.TECHNICAL,
        T.NETWORK,
        P.P2026,
        [],
        "Tot het landelijk dekkend netwerk volledig is, mogen infrastructuren via een gedeelde gateway koppelen.",
        "Er is op korte termijn geen landelijke oplossing; deze afspraak wordt breed gedragen.",
        dt.date(2026, 1, 15),
        dt.date(2027, 6, 30),
        dt.date(2027, 1, 10),
        "De koppelvlakken van het landelijk dekkend netwerk.",
    ),
    (
        "LAS-ORG-004",
        "Tussentijdse afspraak over zorgaanbiedernummers bij adressering",
        L.ORGANISATIONAL,
        T.ADDRESSING,
        P.P2026,
        [],
        "Zolang het landelijke adresboek niet compleet is, gebruiken deelnemers het AGB-nummer als sleutel bij adressering.",
        "Voorkomt dat regio's eigen nummering invoeren in afwachting van het adresboek.",
        dt.date(2026, 1, 15),
        dt.date(2027, 12, 31),
        dt.date(2027, 6, 1),
        "Adressering via het volledige landelijke adresboek (LAS-TECH-007).",
    ),
]


def _text(rule: str, why: str, extra: str = "") -> str:
    body = f"## Afspraak\n\n{rule}\n\n## Toelichting\n\n{why}\n"
    return body + (f"\n## Aanvulling\n\n{extra}\n" if extra else "")


def load(out: Callable[[str], None]) -> None:
    systems = {}
    for slug, name, national, description in SYSTEMS:
        systems[slug], _ = upsert(
            AgreementSystem,
            {"slug": slug},
            {"name": name, "is_national": national, "description": description},
        )
    orgs = {o.slug: o for o in Organisation.objects.all()}
    standards = {}
    for code, name, maintainer, url in STANDARDS:
        standards[code], _ = upsert(
            Standard, {"code": code}, {"name": name, "maintainer": orgs[maintainer], "url": url}
        )
    if Agreement.objects.filter(code="LAS-TECH-001").exists():
        return  # the catalogue's history is loaded once; running again changes nothing
    manager = User.objects.get(email__startswith="programmamanager@")
    board = User.objects.get(email__startswith="architectuur@")
    national = systems["landelijk-afsprakenstelsel"]

    def create(spec, temporary=None):
        code, title, layer, topic, plateau, stds, rule, why = spec[:8]
        extra = {}
        if temporary:
            extra = {
                "is_temporary": True,
                "valid_from": spec[8],
                "valid_until": spec[9],
                "reassessment_date": spec[10],
                "replacement_note": spec[11],
            }
        return services.agreement_create(
            actor=manager,
            code=code,
            title=title,
            system=national,
            layer=layer,
            topic=topic,
            plateau=plateau,
            text=_text(rule, why),
            standards=[standards[s] for s in stds],
            **extra,
        )

    first = [create(spec) for spec in AGREEMENTS[:20]]
    later = [create(spec) for spec in AGREEMENTS[20:]] + [create(s, True) for s in TEMPORARY]

    def v(agreement, number=None):
        qs = AgreementVersion.objects.filter(agreement=agreement)
        return qs.get(number=number) if number else qs.order_by("-number").first()

    def run_release(number, title, notes, items, day, review_ok=True, publish=True):
        release = services.release_create(actor=manager, number=number, title=title, notes=notes)
        services.release_update(
            actor=manager,
            release=release,
            lock_version=release.lock_version,
            title=title,
            notes=notes,
            items=items,
        )
        services.release_submit(actor=manager, release=release)
        if not publish:
            return release
        sufficient = "sufficient"
        services.release_review(
            actor=board,
            release=release,
            consistency=sufficient,
            consistency_explanation="De afspraken spreken elkaar niet tegen.",
            coherence=sufficient,
            coherence_explanation="De afspraken sluiten aan op de generieke functies en op elkaar.",
            legal=sufficient,
            legal_explanation="Geen strijd met de Wegiz of de AVG gevonden.",
            outcome="approved",
        )
        services.release_publish(actor=manager, release=release, effective_on=day, today=day)
        return release

    run_release(
        "2025.1",
        "Eerste landelijke release",
        "De eerste set generieke afspraken van het landelijke stelsel, overgenomen uit Twiin "
        "en aangevuld met afspraken over toestemming, adressering en logging.",
        [(v(a), ReleaseItem.ChangeType.ADDED) for a in first],
        dt.date(2025, 7, 1),
    )
    changed = {}
    for code, note, extra in [
        (
            "LAS-TECH-002",
            "Dezi als enige inlogvoorziening",
            "Vanaf de inwerkingtreding van de wet DIAZ is Dezi de enige voorziening voor zorgverleners.",
        ),
        (
            "LAS-TECH-009",
            "Paginering en foutmeldingen vastgelegd",
            "Antwoorden worden gepagineerd; fouten worden gemeld als OperationOutcome.",
        ),
        (
            "LAS-SEM-001",
            "FHIR R4 als vaste versie",
            "Tot een volgende release is FHIR R4 de vaste versie; overgang naar R5 gaat via een release.",
        ),
    ]:
        agreement = Agreement.objects.get(code=code)
        base = v(agreement)
        changed[code] = services.version_create(
            actor=manager,
            agreement=agreement,
            text=base.text + f"\n## Aanvulling\n\n{extra}\n",
            change_note=note,
            lock_version=agreement.lock_version,
        )
    run_release(
        "2026.1",
        "Release voorjaar 2026",
        "Voegt juridische afspraken en twee tussentijdse afspraken toe en scherpt de afspraken "
        "over inloggen, raadplegen en FHIR aan.",
        [(v(a), ReleaseItem.ChangeType.ADDED) for a in later]
        + [(ver, ReleaseItem.ChangeType.CHANGED) for ver in changed.values()],
        dt.date(2026, 1, 15),
    )
    pending = []
    for code, note, extra in [
        (
            "LAS-TECH-005",
            "Toestemming ook voor spoedeisende zorg",
            "Bij spoedeisende zorg geldt de vastgelegde keuze van de burger ook buiten de eigen regio.",
        ),
        (
            "LAS-TECH-007",
            "Adresboek verplicht voor alle aangesloten aanbieders",
            "Aangesloten zorgaanbieders houden hun adressen in het adresboek zelf actueel.",
        ),
    ]:
        agreement = Agreement.objects.get(code=code)
        pending.append(
            services.version_create(
                actor=manager,
                agreement=agreement,
                text=v(agreement).text + f"\n## Aanvulling\n\n{extra}\n",
                change_note=note,
                lock_version=agreement.lock_version,
            )
        )
    mail = Agreement.objects.get(code="LAS-TECH-012")
    run_release(
        "2026.2",
        "Release najaar 2026",
        "Breidt de afspraken over toestemming en adressering uit en trekt de afspraak over "
        "veilig mailen in nu gestructureerde uitwisseling de norm is.",
        [(ver, ReleaseItem.ChangeType.CHANGED) for ver in pending]
        + [(v(mail), ReleaseItem.ChangeType.WITHDRAWN)],
        None,
        publish=False,
    )

    for code, system, relation, note in [
        (
            "LAS-TECH-001",
            "twiin",
            Harmonisation.Relation.MERGED,
            "Opgegaan in het landelijke stelsel.",
        ),
        (
            "LAS-TECH-009",
            "twiin",
            Harmonisation.Relation.MERGED,
            "Opgegaan in het landelijke stelsel.",
        ),
        (
            "LAS-TECH-003",
            "medmij",
            Harmonisation.Relation.REFERS_TO,
            "MedMij verwijst hiernaar voor inloggen van burgers.",
        ),
        ("LAS-TECH-005", "medmij", Harmonisation.Relation.REFERS_TO, ""),
        (
            "LAS-TECH-004",
            "nuts",
            Harmonisation.Relation.DUPLICATES,
            "Dubbeling; opgeheven via het groeipad TwiinxNuts.",
        ),
        ("LAS-SEM-002", "health-ri", Harmonisation.Relation.REFERS_TO, ""),
    ]:
        upsert(
            Harmonisation,
            {"agreement": Agreement.objects.get(code=code), "system": systems[system]},
            {"relation": relation, "note": note, "since": dt.date(2025, 7, 1)},
        )

    for org, code, result, tested in [
        ("zorgsoft-demo", "LAS-TECH-002", ComplianceRecord.Result.PASSED, dt.date(2026, 3, 2)),
        ("zorgsoft-demo", "LAS-TECH-007", ComplianceRecord.Result.PASSED, dt.date(2026, 4, 20)),
        ("koppelwerk", "LAS-TECH-009", ComplianceRecord.Result.PARTIAL, dt.date(2026, 5, 11)),
        ("koppelwerk", "LAS-TECH-005", ComplianceRecord.Result.FAILED, dt.date(2026, 6, 8)),
        (
            "ziekenhuis-demostad",
            "LAS-SEM-004",
            ComplianceRecord.Result.PASSED,
            dt.date(2026, 2, 16),
        ),
    ]:
        version = AgreementVersion.objects.get(agreement__code=code, is_current=True)
        record = ComplianceRecord(
            organisation=orgs[org],
            version=version,
            result=result,
            tested_on=tested,
            valid_until=tested + dt.timedelta(days=730),
        )
        set_reason(record, DEMO_REASON)
        record.save()
    out(f"  catalogue: {Agreement.objects.count()} agreements, 3 releases")
