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
    services.report_publish(
        actor=pm,
        consultation=gisa,
        summary="Vier reacties; het bronprincipe blijft, met een overgangspad (demo).",
    )

    diaz = services.consultation_create(
        actor=pm,
        title="AMvB onder de wet DIAZ",
        slug="amvb-diaz",
        subject="amvb",
        introduction="Consultatie op de ontwerp-AMvB over inloggen met Dezi.",
        opens_at=_at(2026, 11, 10),
        closes_at=_at(2026, 12, 15, 17),
        draft=DIAZ,
        questions=["Is de overgangstermijn haalbaar voor uw organisatie?"],
    )
    services.consultation_schedule(actor=pm, consultation=diaz)
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
        subject="agreement",
        introduction="Consultatie op de wijzigingen in release 2026.2.",
        opens_at=_at(2026, 12, 1),
        closes_at=_at(2027, 1, 15, 17),
        draft="## Toestemming\nUitbreiding naar spoedeisende zorg.\n\n## Adressering\nAdresboek verplicht.",
    )
    services.consultation_schedule(actor=pm, consultation=release)
    out(f"  consultations: {Consultation.objects.count()} consultations")
