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


def agreements(n: int = 5000, versions: int = 3, seed: int = 7, start: int = 0) -> None:
    """Agreements BENCH-<start> … BENCH-<start + n - 1>, each with `versions` versions."""
    rnd = random.Random(seed + start)
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
        for i in range(start, start + n)
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
    _analyze()


def consultation_comments(n: int = 50000, sections: int = 40, seed: int = 11):
    """One consultation with `sections` sections and `n` comments (most of them public)."""
    import datetime as dt

    from django.utils import timezone

    from consultations.models import Consultation, DraftVersion, Section
    from portal.accounts.models import Membership, Organisation, User

    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Benchmark-consultatie",
        slug="bench",
        subject="document",
        introduction="x",
        status=Consultation.Status.REPORTED,
        report_published_at=now,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    version = DraftVersion.objects.create(consultation=consultation, number=1)
    parts = Section.objects.bulk_create(
        Section(version=version, order=i, number=str(i), title=f"Paragraaf {i}", text="x")
        for i in range(1, sections + 1)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench-organisatie {i}",
            slug=f"bench-org-{i}",
            kind="care_provider",
            is_fictional=True,
        )
        for i in range(50)
    )
    user = User.objects.create_user("bench@example.org", "x", full_name="Bench")
    Membership.objects.bulk_create(Membership(user=user, organisation=o) for o in orgs)
    _analyze()
    more_comments(consultation, n, seed=seed)
    return consultation, parts


def more_comments(consultation, n: int, seed: int = 11) -> None:
    """`n` more answered comments on the consultation's sections, and its report table
    stored again, as publishing the report (or moderating after it) does."""
    from consultations import selectors
    from consultations.models import Answer, Comment, Section, recount_sections
    from portal.accounts.models import Organisation, User

    rnd = random.Random(seed + Comment.objects.filter(consultation=consultation).count())
    parts = list(Section.objects.filter(version__consultation=consultation).order_by("order"))
    # The first section draws a tenth of the comments (as a contested section does), so
    # that the section page measured is a full page of fifty at both data sizes: its
    # scaling then compares the same page, not a short page with a full one.
    first = parts[0]
    orgs = list(Organisation.objects.filter(slug__startswith="bench-org-"))
    user = User.objects.get(email="bench@example.org")
    rows = [
        Comment(
            consultation=consultation,
            section=first if rnd.random() < 0.1 else rnd.choice(parts),
            author=user,
            organisation=rnd.choice(orgs),
            may_publish=rnd.random() < 0.9,
            text=" ".join(rnd.choice(WORDS) for _ in range(40)),
        )
        for _ in range(n)
    ]
    created = Comment.objects.bulk_create(rows, batch_size=5000)
    dispositions = ["adopted", "partly", "not_adopted", "noted"]
    Answer.objects.bulk_create(
        (
            Answer(
                comment=c, disposition=rnd.choice(dispositions), reason="Verwerkt", answered_by=user
            )
            for c in created
        ),
        batch_size=5000,
    )
    recount_sections([p.pk for p in parts])  # bulk inserts skip Comment.save
    _analyze()
    consultation.report_counts = selectors.report_rows(consultation)
    consultation.save(update_fields=["report_counts"])


def _analyze() -> None:
    """Bulk loads leave the planner without statistics; autovacuum would gather them in
    production, a benchmark gathers them at once."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
