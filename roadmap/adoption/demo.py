"""Demo adoption figures and targets: quarterly figures for a few exchanges of the agenda
and two agreements. Every figure is invented and its source says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from agreements.models import Agreement
from portal.accounts.models import User
from roadmap.adoption import services
from roadmap.models import AdoptionMeasurement, Exchange

D = dt.date
QUARTERS = [
    D(2025, 3, 31),
    D(2025, 6, 30),
    D(2025, 9, 30),
    D(2025, 12, 31),
    D(2026, 3, 31),
    D(2026, 6, 30),
    D(2026, 9, 30),
]

# exchange number → indicator → (figures per quarter, (target, by))
EXCHANGES = {
    3: {
        "care_providers": ([1850, 2300, 2720, 3150, 3480, 3900, 4210], (5200, D(2027, 7, 1))),
        "vendors_validated": ([4, 5, 7, 8, 9, 11, 12], (15, D(2027, 1, 1))),
    },
    2: {
        "care_providers": ([14, 19, 23, 30, 36, 41, 47], (72, D(2027, 12, 31))),
        "vendors_validated": ([2, 3, 3, 4, 5, 5, 6], (8, D(2027, 6, 30))),
    },
    1: {
        "care_providers": ([31, 35, 40, 44, 52, 57, 61], (70, D(2028, 1, 1))),
    },
}
AGREEMENTS = {
    "LAS-TECH-005": {"vendors_validated": ([3, 4, 6, 7, 9, 10, 12], (20, D(2027, 12, 31)))},
    "LAS-SEM-001": {"systems_in_use": ([40, 55, 63, 80, 96, 110, 131], (200, D(2027, 12, 31)))},
}
SOURCE = "Kwartaalrapportage NTV (fictieve cijfers)"


def load(out: Callable[[str], None]) -> None:
    if AdoptionMeasurement.objects.exists():
        return
    manager = User.objects.get(email__startswith="programmamanager@")
    reporter = User.objects.get(email__startswith="ntv@")
    subjects: list[tuple[dict, dict]] = []
    for number, indicators in EXCHANGES.items():
        exchange = Exchange.objects.filter(number=number).first()
        if exchange is not None:
            subjects.append(({"exchange": exchange}, indicators))
    for code, indicators in AGREEMENTS.items():
        agreement = Agreement.objects.published().filter(code=code).first()
        if agreement is not None:
            subjects.append(({"agreement": agreement}, indicators))
    n = 0
    for subject, indicators in subjects:
        for indicator, (values, (target, by)) in indicators.items():
            services.target_set(
                actor=manager,
                indicator=indicator,
                value=target,
                target_date=by,
                note="Doel in deze demo verzonnen.",
                **subject,
            )
            for day, value in zip(QUARTERS, values, strict=True):
                # The NTV reports validations; the ministry's monitor the connections.
                actor = reporter if indicator == "vendors_validated" else manager
                services.figure_record(
                    actor=actor,
                    indicator=indicator,
                    value=value,
                    measured_on=day,
                    source=SOURCE if actor is reporter else "Monitor VWS (fictieve cijfers)",
                    **subject,
                )
                n += 1
    out(f"  adoption: {n} figures for {len(subjects)} exchanges and agreements")
