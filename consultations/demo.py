"""Demo consultations from the seeds (GISA v1 in September 2026, the DIAZ order in council,
release 2026.2, the first tranche of the Stelselwet). Comments are invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from consultations import services
from consultations.models import Comment, Consultation
from portal.accounts.models import Organisation, User
from portal.core.services import set_reason

AMS = timezone.get_fixed_timezone(60)


def _at(y, m, d, h=9):
    return dt.datetime(y, m, d, h, 0, tzinfo=AMS)


GISA = """## Doel en reikwijdte
De GISA beschrijft de doelarchitectuur van het gezondheidsinformatiestelsel.

## Principes
Gegevens blijven bij de bron; uitwisseling verloopt via generieke functies.

## Generieke functies
Identificatie, authenticatie, autorisatie, toestemming, lokalisatie, adressering en logging.

## Landelijk dekkend netwerk
Infrastructuren koppelen tot één netwerk van netwerken.
"""
DIAZ = """## Reikwijdte van de AMvB
De AMvB regelt welke zorgverleners Dezi gebruiken om in te loggen.

## Overgangstermijn
Zorgaanbieders krijgen een overgangstermijn om bestaande middelen te vervangen.

## Toezicht
De naleving wordt gemonitord.
"""


# The standard fields every consultation carries (in our own words; contact fictional).
STANDARD = {
    "gisa-v1": {
        "purpose": "Toetsen of de doelarchitectuur herkenbaar en uitvoerbaar is voor zorgaanbieders, leveranciers en regio's.",
        "target_group": "Zorgaanbieders, ICT-leveranciers, koepels, standaardisatieorganisaties en regio's.",
        "expected_effects": "Eén gedeeld beeld van het stelsel, minder maatwerk en meer hergebruik van landelijke voorzieningen.",
        "regulatory_burden": "Geen directe lasten; de architectuur bepaalt wel de richting van latere afspraken.",
        "contact": "Team GIS-architectuur, gisa@example.org (fictief)",
    },
    "amvb-diaz": {
        "purpose": "Horen of de regels voor inloggen met Dezi werkbaar zijn en welke overgangstermijn nodig is.",
        "target_group": "Zorgaanbieders en hun ICT-leveranciers.",
        "expected_effects": "Veilig en eenduidig inloggen voor zorgprofessionals; minder losse inlogmiddelen.",
        "regulatory_burden": "Aanpassing van inlogvoorzieningen; eenmalige kosten per leverancier, te ramen in de consultatie.",
        "contact": "Programma IGF, diaz@example.org (fictief)",
    },
    "stelselwet-tranche-1": {
        "purpose": "Ophalen hoe het veld de eerste verplichtingen van de Stelselwet beoordeelt.",
        "target_group": "Zorgaanbieders, zorgverzekeraars en ICT-leveranciers.",
        "expected_effects": "Verplichte aansluiting op het landelijk dekkend netwerk en uniforme afspraken.",
        "regulatory_burden": "Aansluitkosten voor zorgaanbieders; gefaseerd over meerdere jaren.",
        "contact": "Directie Informatiebeleid, stelselwet@example.org (fictief)",
    },
    "release-2026-2": {
        "purpose": "Reacties op de wijzigingen in de afspraken van release 2026.2.",
        "target_group": "Leveranciers, zorgaanbieders en beheerorganisaties van afsprakenstelsels.",
        "expected_effects": "Toestemming ook in de spoedeisende zorg; een verplicht adresboek.",
        "regulatory_burden": "Aanpassing van systemen aan de gewijzigde afspraken.",
        "contact": "Beheer afsprakenstelsel, afspraken@example.org (fictief)",
    },
}


def _pdf(title: str) -> bytes:
    """A one-page PDF with a title line: enough to show a downloadable document."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 16 Tf 72 770 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _document(pm, consultation, kind, title) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(f"{consultation.slug}.pdf", _pdf(title), "application/pdf")
    services.document_add(
        actor=pm, consultation=consultation, kind=kind, title=title, upload=upload
    )


def _session(pm, consultation, title, starts, place, people, notes=""):
    """A session; `people` registered (written directly: registration closes at the start,
    and the demo may describe sessions already held), attendance and notes when held."""
    from consultations.models import SessionRegistration

    session = services.session_create(
        actor=pm,
        consultation=consultation,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place=place,
        online_url="https://example.org/sessie-demo",
        capacity=40,
        description="Toelichting door het ministerie en ruimte voor vragen (demo).",
    )
    registrations = []
    for user, organisation in people:
        registration = SessionRegistration(session=session, user=user, organisation=organisation)
        set_reason(registration, "portal.demo.loaded")
        registration.save()
        registrations.append(registration)
    if notes and starts <= timezone.now():
        services.session_record(
            actor=pm,
            session=session,
            lock_version=session.lock_version,
            attended={r.pk for r in registrations[:-1] or registrations},
            notes=notes,
        )


def _comment(consultation, section, author, organisation, text, publish=True):
    comment = Comment(
        consultation=consultation,
        section=section,
        author=author,
        organisation=organisation,
        text=text,
        may_publish=publish,
    )
    set_reason(comment, "portal.demo.loaded")
    comment.save()
    return comment


def load(out: Callable[[str], None]) -> None:
    if Consultation.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    vendor = User.objects.get(email__startswith="leverancier@")
    coordinator = User.objects.get(email__startswith="coordinator.noord@")
    zorgsoft = Organisation.objects.get(slug="zorgsoft-demo")
    hospital = Organisation.objects.get(slug="ziekenhuis-demostad")

    gisa = services.consultation_create(
        actor=pm,
        title="GISA versie 1",
        slug="gisa-v1",
        **STANDARD["gisa-v1"],
        subject="gisa",
        introduction="Publieke consultatie op de eerste versie van de doelarchitectuur (september 2026).",
        opens_at=_at(2026, 9, 1),
        closes_at=_at(2026, 9, 30, 17),
        draft=GISA,
        questions=["Mist u principes die de architectuur zou moeten volgen?"],
    )
    gisa = services.consultation_schedule(actor=pm, consultation=gisa)
    sections = list(services.current_version(gisa).sections.all())
    comments = [
        _comment(
            gisa,
            sections[1],
            vendor,
            zorgsoft,
            "Maak expliciet dat ook leveranciers gegevens bij de bron laten (demo).",
        ),
        _comment(
            gisa,
            sections[1],
            coordinator,
            hospital,
            "Steun voor het bronprincipe; graag een overgangspad voor regionale opslag (demo).",
        ),
        _comment(
            gisa,
            sections[2],
            vendor,
            zorgsoft,
            "Noem de koppelvlakken per generieke functie (demo).",
            publish=False,
        ),
        _comment(
            gisa,
            sections[3],
            coordinator,
            hospital,
            "Hoe verhouden regionale netwerken zich tot het LDN? (demo)",
        ),
    ]
    services.answer_comments(
        actor=pm,
        consultation=gisa,
        comments=comments[:2],
        disposition="partly",
        reason="Het bronprincipe blijft; een overgangspad komt in paragraaf 2.",
        changed_section=sections[1],
    )
    services.answer_comments(
        actor=pm,
        consultation=gisa,
        comments=[comments[2]],
        disposition="adopted",
        reason="De koppelvlakken worden per functie genoemd.",
    )
    services.answer_comments(
        actor=pm,
        consultation=gisa,
        comments=[comments[3]],
        disposition="noted",
        reason="Wordt uitgewerkt in het document over het LDN.",
    )
    _document(pm, gisa, "draft", "GISA versie 1 (concept, demo)")
    _document(pm, gisa, "explanatory", "Toelichting bij GISA versie 1 (demo)")
    _session(
        pm,
        gisa,
        "Veldsessie GISA voor leveranciers en regio's",
        _at(2026, 9, 15, 13),
        "Den Haag, Parnassusplein 5 (demo)",
        [(vendor, zorgsoft), (coordinator, hospital)],
        notes="Deelnemers vroegen om een overgangspad voor regionale opslag en om koppelvlakken "
        "per generieke functie; beide punten zijn meegenomen in de reacties (demo).",
    )
    services.report_publish(
        actor=pm,
        consultation=gisa,
        summary="Vier reacties; het bronprincipe blijft, met een overgangspad (demo).",
    )

    diaz = services.consultation_create(
        actor=pm,
        title="AMvB onder de wet DIAZ",
        slug="amvb-diaz",
        **STANDARD["amvb-diaz"],
        subject="amvb",
        introduction="Consultatie op de ontwerp-AMvB over inloggen met Dezi.",
        opens_at=_at(2026, 11, 10),
        closes_at=_at(2026, 12, 15, 17),
        draft=DIAZ,
        questions=["Is de overgangstermijn haalbaar voor uw organisatie?"],
    )
    _document(pm, diaz, "draft", "Ontwerp-AMvB DIAZ (demo)")
    _document(pm, diaz, "explanatory", "Nota van toelichting (demo)")
    services.consultation_schedule(actor=pm, consultation=diaz)
    _session(
        pm,
        diaz,
        "Online sessie: de overgangstermijn",
        _at(2026, 12, 8, 10),
        "",
        [(vendor, zorgsoft)],
    )
    diaz_sections = list(services.current_version(diaz).sections.all())
    _comment(
        diaz,
        diaz_sections[1],
        vendor,
        zorgsoft,
        "Twaalf maanden is te kort voor kleine praktijken (demo).",
    )

    stelselwet = services.consultation_create(
        actor=pm,
        title="Eerste tranche Stelselwet",
        slug="stelselwet-tranche-1",
        **STANDARD["stelselwet-tranche-1"],
        subject="document",
        introduction="Consultatie op de eerste tranche van de Stelselwet.",
        opens_at=_at(2026, 10, 1),
        closes_at=_at(2026, 11, 1, 17),
        draft="## Verplichtingen\nZorgaanbieders sluiten aan op het landelijk dekkend netwerk.\n\n## Inwerkingtreding\nGefaseerd vanaf 2028.",
    )
    services.consultation_schedule(actor=pm, consultation=stelselwet)
    st_sections = list(services.current_version(stelselwet).sections.all())
    _comment(
        stelselwet,
        st_sections[0],
        coordinator,
        hospital,
        "Graag financiering voor de aansluiting (demo).",
    )

    release = services.consultation_create(
        actor=pm,
        title="Release 2026.2 van het afsprakenstelsel",
        slug="release-2026-2",
        **STANDARD["release-2026-2"],
        subject="agreement",
        introduction="Consultatie op de wijzigingen in release 2026.2.",
        opens_at=_at(2026, 12, 1),
        closes_at=_at(2027, 1, 15, 17),
        draft="## Toestemming\nUitbreiding naar spoedeisende zorg.\n\n## Adressering\nAdresboek verplicht.",
    )
    services.consultation_schedule(actor=pm, consultation=release)
    out(f"  consultations: {Consultation.objects.count()} consultations")
