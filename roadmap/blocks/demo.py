"""Demo building blocks, named in the source letters (descriptions in our own words); the
links to agreements and pilots follow the demo catalogue and pilots."""

from __future__ import annotations

from collections.abc import Callable

from agreements.models import Agreement
from portal.accounts.models import User
from roadmap.blocks import services
from roadmap.models import BuildingBlock, Pilot

# slug, name, summary, owner, generic function, status, agreements, pilots
BLOCKS = [
    (
        "dezi",
        "Dezi",
        "Het inlogstelsel voor zorgprofessionals: een keuze uit inlogmiddelen op het hoogste betrouwbaarheidsniveau, met de wet DIAZ als grondslag.",
        "Ministerie van VWS (CIBG)",
        "authenticatie",
        "in_pilot",
        ["LAS-TECH-002"],
        ["dezi-witte-kruis", "hackathon-2026"],
    ),
    (
        "mitz",
        "Mitz",
        "De landelijke toestemmingsvoorziening: burgers leggen vast wie hun gegevens mag inzien, zorgverleners raadplegen dat vóór het opvragen.",
        "VZVZ",
        "toestemming",
        "available",
        ["LAS-TECH-005"],
        [],
    ),
    (
        "zorgab",
        "ZorgAB",
        "Het zorgadresboek: adressen en technische eindpunten van zorgaanbieders, eerst ingezet bij medicatieoverdracht en spoedzorg.",
        "VZVZ",
        "adressering",
        "in_pilot",
        ["LAS-TECH-007"],
        ["adressering-test"],
    ),
    (
        "uzi-register",
        "UZI-pas en UZI-register",
        "De huidige identificatie van zorgverleners met pas en register; een opvolger wordt ontwikkeld, waarna de pas wordt uitgefaseerd.",
        "Ministerie van VWS (CIBG)",
        "identificatie",
        "phasing_out",
        ["LAS-TECH-001"],
        [],
    ),
    (
        "medmij",
        "MedMij-techniek",
        "De techniek waarmee burgers via hun persoonlijke gezondheidsomgeving gegevens ophalen; getest op breder gebruik tussen zorgaanbieders.",
        "Stichting MedMij",
        "communicatiepatroon",
        "available",
        ["LAS-TECH-009"],
        ["medmij-hergebruik"],
    ),
    (
        "twiin-portaal",
        "Twiin-portaal",
        "Tijdelijke infrastructuur voor uitwisseling tussen zorgaanbieders, op weg naar het landelijk dekkend netwerk (groeipad met Nuts).",
        "Stichting Twiin",
        "netwerk",
        "available",
        ["LAS-TECH-011"],
        [],
    ),
]


def load(out: Callable[[str], None]) -> None:
    if BuildingBlock.objects.exists():
        return
    pm = User.objects.get(email__startswith="programmamanager@")
    agreements = {a.code: a for a in Agreement.objects.all()}
    pilots = {p.slug: p for p in Pilot.objects.all()}
    for slug, name, summary, owner, function, status, codes, tested in BLOCKS:
        block = services.block_create(
            actor=pm,
            slug=slug,
            name=name,
            summary=summary,
            owner=owner,
            generic_function=function,
            status=status,
            agreements=[agreements[c] for c in codes if c in agreements],
            pilots=[pilots[s] for s in tested if s in pilots],
        )
        services.block_publish(actor=pm, block=block, lock_version=block.lock_version)
    out(f"  {len(BLOCKS)} building blocks")
