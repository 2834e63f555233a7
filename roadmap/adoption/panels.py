"""The adoption section on the pages of an exchange and of an agreement (see
portal.core.panels): the figures over time against their targets, as a chart with the same
facts in a table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from portal.core.panels import Panel
from roadmap.adoption.selectors import series_figure, series_of


def _panel(subject: Any, user: Any, *, nazorg: bool = False) -> Panel | None:
    series = series_of(subject, user)
    may_record = user.has_perm("adoption.record")
    if not series and not may_record and not nazorg:
        return None
    return Panel(
        "adoption",
        _("Monitoring in the nazorgfase: adoption against target")
        if nazorg
        else _("Adoption in the field"),
        "adoption/_panel.html",
        [
            {
                "series": series,
                "figure": series_figure(series) if any(s.figures for s in series) else None,
                "nazorg": nazorg,
                "subject": subject,
                "query": (
                    f"exchange={subject.number}"
                    if subject._meta.model_name == "exchange"
                    else f"agreement={subject.code}"
                ),
            }
        ],
    )


def exchange_panel(exchange: Any, user: Any) -> Panel | None:
    from roadmap.models.wegiz import Phase

    return _panel(exchange, user, nazorg=exchange.phase == Phase.NAZORG)


def agreement_panel(agreement: Any, user: Any) -> Panel | None:
    return _panel(agreement, user)
