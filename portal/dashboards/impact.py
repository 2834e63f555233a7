"""What depends on an agreement, exchange, programme or standard across the site.

Answers "if this slips or changes, what is affected?". Each group is one query and
shows only what the person may see (drafts, unpublished tranches and pilots, internal
milestones stay hidden from those who may not see them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class Item:
    label: str
    url: str
    note: str = ""


@dataclass
class Group:
    key: str
    title: Promise
    explanation: Promise
    items: list[Item] = field(default_factory=list)


@dataclass
class Impact:
    subject: Any
    subject_label: str
    subject_url: str
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)


def _deliverable_items(qs: QuerySet, user: Any) -> list[Item]:
    qs = qs.visible_to(user).select_related("programme", "tranche").order_by("due", "pk")
    return [
        Item(
            f"{d.title} ({d.programme.name})",
            d.programme.get_absolute_url(),
            f"{d.get_status_display()} · {d.due:%d-%m-%Y}",
        )
        for d in qs
    ]


def _milestones(user: Any, **link: Any) -> list[Item]:
    from roadmap.models import Milestone

    visible = Milestone.objects.filter(**link).visible_to(user).order_by("date")
    return [Item(m.title, m.get_absolute_url(), f"{m.date:%d-%m-%Y}") for m in visible]


def _items(qs: QuerySet, note: Any = None) -> list[Item]:
    return [Item(str(o), o.get_absolute_url(), note(o) if note else "") for o in qs]


def for_agreement(agreement: Any, user: Any) -> Impact:
    from agreements.models import Release
    from portal.consultations.models import Consultation
    from roadmap.models import Deliverable, Exchange, Initiative, Pilot

    releases = (
        Release.objects.filter(items__version__agreement=agreement)
        .distinct()
        .visible_to(user)
        .order_by("-number")
    )
    return Impact(
        agreement,
        f"{agreement.code} {agreement.title}",
        agreement.get_absolute_url(),
        [
            Group(
                "exchanges",
                _("Wegiz exchanges"),
                _("Exchanges on the Wegiz agenda that build on this agreement."),
                _items(Exchange.objects.filter(agreements=agreement).order_by("number")),
            ),
            Group(
                "deliverables",
                _("Programme deliverables"),
                _("Deliverables of programmes and tranches that depend on it."),
                _deliverable_items(Deliverable.objects.filter(agreements=agreement), user),
            ),
            Group(
                "milestones",
                _("Milestones"),
                _("Milestones tied to it."),
                _milestones(user, agreements=agreement),
            ),
            Group(
                "pilots",
                _("Pilots"),
                _("Pilots and tests that tried it out."),
                _items(
                    Pilot.objects.filter(agreements=agreement).visible_to(user).order_by("title")
                ),
            ),
            Group(
                "initiatives",
                _("Regional initiatives"),
                _("Regional initiatives that use it."),
                _items(
                    Initiative.objects.filter(agreements=agreement)
                    .select_related("region")
                    .order_by("region__name", "title"),
                    lambda i: i.region.name,
                ),
            ),
            Group(
                "consultations",
                _("Consultations"),
                _("Consultations held on it."),
                _items(
                    Consultation.objects.filter(agreement=agreement)
                    .visible_to(user)
                    .order_by("-opens_at")
                ),
            ),
            Group(
                "releases",
                _("Releases"),
                _("Releases of the agreement system that contain a version of it."),
                _items(releases),
            ),
        ],
    )


def for_exchange(exchange: Any, user: Any) -> Impact:
    from roadmap.models import Deliverable, Pilot, Programme, Tranche

    return Impact(
        exchange,
        f"{exchange.number}. {exchange.title}",
        exchange.get_absolute_url(),
        [
            Group(
                "programmes",
                _("Programmes"),
                _("Programmes that work on this exchange."),
                _items(Programme.objects.filter(exchanges=exchange).order_by("name")),
            ),
            Group(
                "tranches",
                _("Tranches"),
                _("Tranches that include it."),
                _items(
                    Tranche.objects.filter(exchanges=exchange).visible_to(user).order_by("start")
                ),
            ),
            Group(
                "deliverables",
                _("Programme deliverables"),
                _("Deliverables that depend on it."),
                _deliverable_items(Deliverable.objects.filter(exchanges=exchange), user),
            ),
            Group(
                "milestones",
                _("Milestones"),
                _("Milestones tied to it."),
                _milestones(user, exchanges=exchange),
            ),
            Group(
                "pilots",
                _("Pilots"),
                _("Pilots and tests around it."),
                _items(Pilot.objects.filter(exchanges=exchange).visible_to(user).order_by("title")),
            ),
            Group(
                "agreements",
                _("Agreements it builds on"),
                _("If one of these changes, this exchange may have to follow."),
                _items(exchange.agreements.all().visible_to(user).order_by("code")),
            ),
        ],
    )


def for_programme(programme: Any, user: Any) -> Impact:
    from roadmap.models import Deliverable, Pilot

    own = Deliverable.objects.filter(programme=programme)
    return Impact(
        programme,
        programme.name,
        programme.get_absolute_url(),
        [
            Group(
                "dependents",
                _("Deliverables of other programmes that wait for it"),
                _("These slip when a deliverable of this programme slips."),
                _deliverable_items(
                    Deliverable.objects.filter(depends_on__programme=programme)
                    .exclude(programme=programme)
                    .distinct(),
                    user,
                ),
            ),
            Group(
                "deliverables",
                _("Its own deliverables"),
                _("What this programme delivers, by due date."),
                _deliverable_items(own, user),
            ),
            Group(
                "milestones",
                _("Milestones"),
                _("Milestones tied to it."),
                _milestones(user, programmes=programme),
            ),
            Group(
                "pilots",
                _("Pilots"),
                _("Pilots run under it."),
                _items(
                    Pilot.objects.filter(programme=programme).visible_to(user).order_by("title")
                ),
            ),
            Group(
                "exchanges",
                _("Wegiz exchanges"),
                _("Exchanges it works on."),
                _items(programme.exchanges.order_by("number")),
            ),
        ],
    )


def for_standard(standard: Any, user: Any) -> Impact:
    from agreements.models import Agreement
    from roadmap.models import Exchange

    agreements = Agreement.objects.filter(standards=standard).visible_to(user)
    return Impact(
        standard,
        f"{standard.name}",
        reverse("dashboards:impact-standard", args=[standard.code]),
        [
            Group(
                "agreements",
                _("Agreements that refer to it"),
                _("A new version of the standard may mean a new version of these."),
                _items(agreements.order_by("code")),
            ),
            Group(
                "exchanges",
                _("Wegiz exchanges, through those agreements"),
                _("Exchanges that build on an agreement referring to this standard."),
                _items(
                    Exchange.objects.filter(agreements__in=agreements.values("pk"))
                    .distinct()
                    .order_by("number")
                ),
            ),
        ],
    )
