"""What the roadmap contributes to the impact view: exchanges and programmes as subjects,
and what of the roadmap depends on an agreement, exchange, programme or standard."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from portal.dashboards.impact import (
    GroupSpec,
    Item,
    Subject,
    items,
    register_group,
    register_subject,
)
from roadmap.models import (
    BuildingBlock,
    Deliverable,
    Exchange,
    Initiative,
    Milestone,
    Pilot,
    Programme,
    Tranche,
)


def _deliverables(qs: QuerySet, user: Any) -> list[Item]:
    qs = qs.visible_to(user).select_related("programme", "tranche").order_by("due", "pk")
    return [
        Item(
            f"{d.title} ({d.programme.name})",
            d.programme.get_absolute_url(),
            f"{d.get_status_display()} · {date_format(d.due, 'DATE_FORMAT')}",
        )
        for d in qs
    ]


def _milestones(user: Any, **link: Any) -> list[Item]:
    visible = Milestone.objects.filter(**link).visible_to(user).order_by("date")
    return [
        Item(m.title, m.get_absolute_url(), date_format(m.date, "DATE_FORMAT")) for m in visible
    ]


def _pilots(user: Any, **link: Any) -> list[Item]:
    return items(Pilot.objects.filter(**link).visible_to(user).order_by("title"))


MILESTONES = (_("Milestones"), _("Milestones tied to it."))


def _register_for_agreement() -> None:
    specs = [
        (
            "exchanges",
            _("Wegiz exchanges"),
            _("Exchanges on the Wegiz agenda that build on this agreement."),
            lambda a, user: items(Exchange.objects.filter(agreements=a).order_by("number")),
        ),
        (
            "deliverables",
            _("Programme deliverables"),
            _("Deliverables of programmes and tranches that depend on it."),
            lambda a, user: _deliverables(Deliverable.objects.filter(agreements=a), user),
        ),
        ("milestones", *MILESTONES, lambda a, user: _milestones(user, agreements=a)),
        (
            "pilots",
            _("Pilots"),
            _("Pilots and tests that tried it out."),
            lambda a, user: _pilots(user, agreements=a),
        ),
        (
            "initiatives",
            _("Regional initiatives"),
            _("Regional initiatives that use it."),
            lambda a, user: items(
                Initiative.objects.filter(agreements=a)
                .select_related("region")
                .order_by("region__name", "title"),
                lambda i: i.region.name,
            ),
        ),
        (
            "building-blocks",
            _("Building blocks"),
            _("National building blocks it specifies."),
            lambda a, user: items(
                BuildingBlock.objects.filter(agreements=a).visible_to(user).order_by("name"),
                lambda b: str(b.get_status_display()),
            ),
        ),
    ]
    for order, (key, title, explanation, build) in enumerate(specs, start=1):
        register_group(GroupSpec("agreement", key, title, explanation, build, order=order * 10))


def _register_for_exchange() -> None:
    specs = [
        (
            "programmes",
            _("Programmes"),
            _("Programmes that work on this exchange."),
            lambda e, user: items(Programme.objects.filter(exchanges=e).order_by("name")),
        ),
        (
            "tranches",
            _("Tranches"),
            _("Tranches that include it."),
            lambda e, user: items(
                Tranche.objects.filter(exchanges=e).visible_to(user).order_by("start")
            ),
        ),
        (
            "deliverables",
            _("Programme deliverables"),
            _("Deliverables that depend on it."),
            lambda e, user: _deliverables(Deliverable.objects.filter(exchanges=e), user),
        ),
        ("milestones", *MILESTONES, lambda e, user: _milestones(user, exchanges=e)),
        (
            "pilots",
            _("Pilots"),
            _("Pilots and tests around it."),
            lambda e, user: _pilots(user, exchanges=e),
        ),
        (
            "agreements",
            _("Agreements it builds on"),
            _("If one of these changes, this exchange may have to follow."),
            lambda e, user: items(e.agreements.all().visible_to(user).order_by("code")),
        ),
    ]
    for order, (key, title, explanation, build) in enumerate(specs, start=1):
        register_group(GroupSpec("exchange", key, title, explanation, build, order=order * 10))


def _register_for_programme() -> None:
    specs = [
        (
            "dependents",
            _("Deliverables of other programmes that wait for it"),
            _("These slip when a deliverable of this programme slips."),
            lambda p, user: _deliverables(
                Deliverable.objects.filter(depends_on__programme=p).exclude(programme=p).distinct(),
                user,
            ),
        ),
        (
            "deliverables",
            _("Its own deliverables"),
            _("What this programme delivers, by due date."),
            lambda p, user: _deliverables(Deliverable.objects.filter(programme=p), user),
        ),
        ("milestones", *MILESTONES, lambda p, user: _milestones(user, programmes=p)),
        (
            "pilots",
            _("Pilots"),
            _("Pilots run under it."),
            lambda p, user: _pilots(user, programme=p),
        ),
        (
            "exchanges",
            _("Wegiz exchanges"),
            _("Exchanges it works on."),
            lambda p, user: items(p.exchanges.order_by("number")),
        ),
    ]
    for order, (key, title, explanation, build) in enumerate(specs, start=1):
        register_group(GroupSpec("programme", key, title, explanation, build, order=order * 10))


def register() -> None:
    register_subject(
        Subject(
            "exchange",
            find=lambda user, number: Exchange.objects.filter(number=number).first(),
            label=lambda e: f"{e.number}. {e.title}",
            url=lambda e: e.get_absolute_url(),
        )
    )
    register_subject(
        Subject(
            "programme",
            find=lambda user, slug: Programme.objects.filter(slug=slug).first(),
            label=lambda p: p.name,
            url=lambda p: p.get_absolute_url(),
        )
    )
    _register_for_agreement()
    _register_for_exchange()
    _register_for_programme()
    register_group(
        GroupSpec(
            "standard",
            "exchanges",
            _("Wegiz exchanges, through those agreements"),
            _("Exchanges that build on an agreement referring to this standard."),
            lambda standard, user: items(
                Exchange.objects.filter(
                    agreements__in=Agreement.objects.filter(standards=standard)
                    .visible_to(user)
                    .values("pk")
                )
                .distinct()
                .order_by("number")
            ),
            order=20,
        )
    )
