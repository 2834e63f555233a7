"""Consultations' public chart (registered with the dashboards)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Consultation
from portal.dashboards.charts import Chart, Table, register_chart

# --- Consultations -----------------------------------------------------------------------------


def consultation_handling() -> Table:
    """Comments per consultation and how they were handled. Dispositions are counted only
    once the report is published: before that they are the ministry's work in progress.
    Read from the counts kept on the consultation (and the report's table stored when it
    was published), never by counting every comment."""
    dispositions = ("adopted", "partly", "not_adopted", "noted")
    rows = (
        Consultation.objects.published()
        .order_by("opens_at", "pk")
        .values("title", "status", "n_comments", "report_counts")
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
        totals = (r["report_counts"] or {}).get("totals")
        if r["status"] == Consultation.Status.REPORTED and totals:
            handled = [totals.get(d, 0) for d in dispositions]
            table.rows.append(
                [r["title"], totals["total"], *handled, totals["total"] - sum(handled)]
            )
        else:
            table.rows.append([r["title"], r["n_comments"], 0, 0, 0, 0, r["n_comments"]])
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
