"""Consultations' public chart (registered with the dashboards)."""

from __future__ import annotations

from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Comment, Consultation
from portal.dashboards.charts import Chart, Table, register_chart

# --- Consultations -----------------------------------------------------------------------------


def consultation_handling() -> Table:
    """Comments per consultation and how they were handled. Dispositions are counted only
    once the report is published: before that they are the ministry's work in progress."""
    active = Q(comments__status=Comment.Status.ACTIVE)
    reported = Q(status=Consultation.Status.REPORTED)
    counts = {
        f"d_{d}": Count("comments", filter=active & Q(comments__answer__disposition=d))
        for d in ("adopted", "partly", "not_adopted", "noted")
    }
    rows = (
        Consultation.objects.published()
        .annotate(
            total=Count("comments", filter=active),
            is_reported=Case(When(reported, then=Value(1)), default=Value(0)),
            **counts,
        )
        .order_by("opens_at", "pk")
        .values("title", "total", "is_reported", *counts)
    )
    table = Table(
        [
            _("Consultation"),
            _("Comments"),
            _("Adopted"),
            _("Partly adopted"),
            _("Not adopted"),
            _("Noted"),
            _("Awaiting the report"),
        ]
    )
    for r in rows:
        if r["is_reported"]:
            handled = [r[k] for k in counts]
            table.rows.append([r["title"], r["total"], *handled, r["total"] - sum(handled)])
        else:
            table.rows.append([r["title"], r["total"], 0, 0, 0, 0, r["total"]])
    return table


def register() -> None:
    register_chart(
        Chart(
            "consultation-handling",
            gettext_lazy("Consultations"),
            gettext_lazy("Consultations: comments received and how they were handled"),
            gettext_lazy(
                "Each bar shows the share of comments adopted, partly adopted, not adopted or "
                "noted; dispositions count once the report is published."
            ),
            consultation_handling,
            barmode="percent",
            horizontal=True,
            order=110,
            first_series=2,  # the total is in the table; the bars show its shares
        )
    )
