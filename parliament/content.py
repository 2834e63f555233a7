"""What the register of commitments and motions contributes to search, follow,
notifications and the impact view of what it is about."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parliament.models import AdviceItem, Commitment, LegislativeTrack
from portal.core.content import Document, Kind, Part, register_kind, register_part
from portal.core.text import join_lines
from portal.dashboards.impact import GroupSpec, items, register_group


def _note(c: Commitment) -> str:
    return f"{c.get_kind_display()} · {c.get_status_display()}"


def _commitments(user: Any, **link: Any) -> list:
    qs = Commitment.objects.filter(**link).visible_to(user).order_by("due", "pk")
    return items(qs, _note)


def _advice_items(obj: Any, user: Any) -> list:
    from django.db.models import Q

    qs = (
        AdviceItem.objects.filter(Q(programmes=obj) | Q(report__programmes=obj))
        .visible_to(user)
        .select_related("report")
        .distinct()
        .order_by("report__title", "kind", "label", "pk")
    )
    return items(
        qs,
        lambda i: f"{i.report.title} · {i.get_disposition_display()} · {i.get_status_display()}",
    )


def register() -> None:
    register_kind(
        Kind(
            "commitment",
            "parliament.commitment",
            "parliament",
            _("Commitments and motions"),
            search=lambda o: Document(
                o.title,
                join_lines(
                    o.get_kind_display(),
                    o.summary,
                    o.kamerstuk,
                    o.source_title,
                    o.submitters,
                    o.owner,
                ),
            ),
        )
    )
    register_kind(
        Kind(
            "legislation",
            "parliament.legislativetrack",
            "parliament",
            _("Legislation"),
            search=lambda o: Document(
                o.title, join_lines(o.get_kind_display(), o.summary, o.dossier, o.owner)
            ),
        )
    )
    register_part(Part("parliament.procedurestep", ("track",)))
    register_kind(
        Kind(
            "advice",
            "parliament.advisoryreport",
            "parliament",
            _("Advice"),
            search=lambda o: Document(
                o.title,
                join_lines(
                    o.advisor,
                    o.summary,
                    o.response_reference,
                    *(f"{i.label}. {i.title}" for i in o.items.all()),
                ),
            ),
        )
    )
    # An item's changes (disposition, follow-up) notify the report's followers.
    register_part(Part("parliament.adviceitem", ("report",), reindexes=True))
    register_group(
        GroupSpec(
            "programme",
            "advice",
            _("Advice"),
            _("Conclusions and recommendations about it, with their follow-up."),
            _advice_items,
            order=210,
        )
    )
    for subject, link in (("exchange", "exchanges"), ("programme", "programmes")):
        register_group(
            GroupSpec(
                subject,
                "legislation",
                _("Legislation"),
                _("Acts and orders in council about it (for an exchange: that designate it)."),
                lambda obj, user, link=link: items(
                    LegislativeTrack.objects.filter(**{link: obj})
                    .visible_to(user)
                    .order_by("title"),
                    lambda t: str(t.get_kind_display()),
                ),
                order=190,
            )
        )
    title, explanation = (
        _("Commitments and motions"),
        _("Commitments to parliament and motions about it."),
    )
    for subject, link in (
        ("agreement", "agreements"),
        ("exchange", "exchanges"),
        ("programme", "programmes"),
    ):
        register_group(
            GroupSpec(
                subject,
                "commitments",
                title,
                explanation,
                lambda obj, user, link=link: _commitments(user, **{link: obj}),
                order=200,
            )
        )
