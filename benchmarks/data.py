"""Generators of benchmark-size data sets. Fast bulk inserts; history is not the point here."""

from __future__ import annotations

import datetime as dt
import random

from agreements.models import Agreement, AgreementSystem, AgreementVersion
from agreements.services import refresh_search_vectors

WORDS = [
    "zorgverlener",
    "identificatie",
    "authenticatie",
    "autorisatie",
    "toestemming",
    "lokalisatie",
    "adressering",
    "logging",
    "netwerk",
    "raadplegen",
    "verwijzen",
    "medicatie",
    "beelden",
    "overdracht",
    "gegevens",
    "standaard",
    "koppelvlak",
    "voorziening",
    "burger",
    "zorgaanbieder",
]


def agreements(n: int = 5000, versions: int = 3, seed: int = 7) -> None:
    rnd = random.Random(seed)
    system, _ = AgreementSystem.objects.get_or_create(
        slug="landelijk-afsprakenstelsel",
        defaults={"name": "Landelijk afsprakenstelsel", "is_national": True},
    )
    layers, topics = Agreement.Layer.values, Agreement.Topic.values
    plateaus = Agreement.Plateau.values
    batch = [
        Agreement(
            code=f"BENCH-{i:05d}",
            title=" ".join(rnd.choice(WORDS) for _ in range(4)).capitalize(),
            system=system,
            layer=rnd.choice(layers),
            topic=rnd.choice(topics),
            plateau=rnd.choice(plateaus),
            status=Agreement.Status.ADOPTED,
        )
        for i in range(n)
    ]
    created = Agreement.objects.bulk_create(batch, batch_size=1000)
    start = dt.date(2024, 1, 1)
    rows = []
    for agreement in created:
        for number in range(1, versions + 1):
            begin = start + dt.timedelta(days=180 * (number - 1))
            last = number == versions
            rows.append(
                AgreementVersion(
                    agreement=agreement,
                    number=number,
                    is_current=last,
                    text=" ".join(rnd.choice(WORDS) for _ in range(80)),
                    effective_from=begin,
                    effective_until=None if last else begin + dt.timedelta(days=180),
                )
            )
    AgreementVersion.objects.bulk_create(rows, batch_size=2000)
    refresh_search_vectors([a.pk for a in created])
