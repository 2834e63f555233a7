"""Where domains that build on the portfolio add to its meeting pack (commitments to
parliament, follow-up of advice), so that the portfolio depends on none of them."""

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
