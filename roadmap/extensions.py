"""Where domains that build on the roadmap add to its pages, so that the roadmap depends on
none of them: sections of the portfolio meeting pack (commitments to parliament, follow-up
of advice) and panels on an exchange's page (the order in council that designates it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class MeetingSection:
    """A part of the meeting pack contributed by another domain: a heading and the
    template (rendered in the page and the PDF) that shows `rows`."""

    title: str
    template: str
    rows: list[Any]
    explanation: str = ""


# Dotted paths of `f(day, since) -> MeetingSection`, registered by domains that build on
# the portfolio (the portfolio itself depends on none of them).
MEETING_SECTIONS: list[str] = []


def register_meeting_section(path: str) -> None:
    if path not in MEETING_SECTIONS:
        MEETING_SECTIONS.append(path)


@dataclass
class Panel:
    """A section of an exchange's page contributed by another domain."""

    key: str
    title: str
    template: str
    rows: list[Any]


# Dotted paths of `f(exchange, user) -> Panel | None`.
EXCHANGE_PANELS: list[str] = []


def register_exchange_panel(path: str) -> None:
    if path not in EXCHANGE_PANELS:
        EXCHANGE_PANELS.append(path)


def exchange_panels(exchange: Any, user: Any) -> list[Panel]:
    from django.utils.module_loading import import_string

    panels = (import_string(path)(exchange, user) for path in EXCHANGE_PANELS)
    return [panel for panel in panels if panel is not None]
