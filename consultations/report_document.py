"""The consultation report as Typst sources: the first part holds the summary, the tables
and the sessions; every part then lays out a run of published comments with their answers
(see `consultations/report.typ`, and `portal.core.typeset` for why in parts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from consultations import selectors
from consultations.models import PRIVATE_PERSON, Answer, Consultation
from portal.core import typeset
from portal.core.markdown import render_markdown
from portal.core.typeset import string

# What one comment needs, read as plain rows (no model instances for 50,000 comments).
COMMENT_FIELDS = (
    "organisation_id",
    "organisation__name",
    "section__number",
    "section__title",
    "question__order",
    "text",
    "answer__disposition",
    "answer__reason",
)


@lru_cache(maxsize=1)
def _template() -> str:
    return Path(__file__).with_name("report.typ").read_text(encoding="utf-8")


def title(consultation: Consultation) -> str:
    return gettext("Report of the consultation") + ": " + consultation.title


def _header(consultation: Consultation, *, first_page: int) -> str:
    colours = typeset.colours()
    words = {
        "doc-title": title(consultation),
        "sender": gettext("Ministry of Health, Welfare and Sport"),
        "portal-name": gettext("GIS portal"),
        "lang": (get_language() or settings.LANGUAGE_CODE).split("-")[0],
    }
    lines = [f"#let {name} = {string(value)}" for name, value in words.items()]
    lines += [
        f"#let blue = {colours['blue']}",
        f"#let text-colour = {colours['text']}",
        f"#let muted = {colours['muted']}",
        f"#let border = {colours['border']}",
        f"#let first-page = {first_page}",
    ]
    return "\n".join(lines) + "\n" + _template()


def _table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = lambda row: ", ".join(f"[#{string(v)}]" for v in row)  # noqa: E731
    parts = [f"table.header({cells(columns)})", *(cells(r) for r in rows)]
    return f"#table(columns: {len(columns)}, {', '.join(p for p in parts if p)})\n"


# Translatable words stay outside f-strings: makemessages (xgettext) cannot see into them.
def _heading(level: int, text: str) -> str:
    return f"#heading(level: {level}, {string(text)})\n"


def _par(text: str) -> str:
    return f"#par({string(text)})\n"


def summary(consultation: Consultation) -> str:
    """The first pages: heading, summary, how the comments were handled, responses per
    kind of organisation, the sessions, and the heading of the comment list."""
    rows = consultation.report_counts or selectors.report_rows(consultation)
    dispositions = Answer.Disposition.choices
    out = ["#brand()\n", f"#heading(level: 1, {string(title(consultation))})\n"]
    if consultation.report_published_at:
        published = date_format(timezone.localtime(consultation.report_published_at), "DATE_FORMAT")
        out.append(_par(gettext("Published on") + " " + published))
    if consultation.report_summary:
        out.append(typeset.html_to_typst(render_markdown(consultation.report_summary)))
    out.append(_heading(2, gettext("How the comments were handled")))
    out.append(
        _table(
            [
                gettext("Section or question"),
                gettext("Comments"),
                *[str(label) for _v, label in dispositions],
            ],
            (
                [
                    (
                        f"§{r['section__number']} {r['section__title']}"
                        if r.get("section_id")
                        else gettext("Question") + f" {r['question__order']}"
                    ),
                    r["total"],
                    *[r.get(value, 0) for value, _label in dispositions],
                ]
                for r in rows.get("targets", [])
            ),
        )
    )
    by_kind = selectors.responses_by_kind(rows)
    if by_kind:
        out.append(_heading(2, gettext("Responses per kind of organisation")))
        out.append(
            _table(
                [gettext("Kind"), gettext("Comments"), gettext("Organisations")],
                ([label, total, organisations or "—"] for label, total, organisations in by_kind),
            )
        )
    sessions = list(selectors.report_sessions(consultation))
    if sessions:
        out.append(_heading(2, gettext("Sessions with the field")))
        for s in sessions:
            when = date_format(timezone.localtime(s.starts_at), "DATETIME_FORMAT")
            where = s.place or gettext("online")
            counts = gettext("%(taken)s registered, %(attended)s attended") % {
                "taken": s.taken,
                "attended": s.attended_n,
            }
            out.append(f"#heading(level: 3, {string(s.title)})\n")
            out.append(f"#par({string(f'{when}, {where} · {counts}')})\n")
            if s.notes:
                out.append(f"#par({string(s.notes)})\n")
    out.append(_heading(2, gettext("Published comments and their answers")))
    return "".join(out)


def comments(rows: Iterable[Sequence[Any]]) -> str:
    """The comments of one part, from rows of `COMMENT_FIELDS`."""
    labels = {value: str(label) for value, label in Answer.Disposition.choices}
    private = str(PRIVATE_PERSON)
    question = gettext("Question")
    out = []
    for org_id, org_name, number, section_title, order, text, disposition, reason in rows:
        who = org_name if org_id is not None else private
        target = f"§{number} {section_title}" if number is not None else f"{question} {order}"
        answer = ""
        if disposition:
            label = labels.get(disposition, disposition)
            answer = f", answer: {string(label)}, reason: {string(reason)}"
        out.append(f"#comment({string(who)}, {string(target)}, {string(text)}{answer})\n")
    return "".join(out)


def header(consultation: Consultation, *, first_page: int) -> str:
    """What every part begins with: the words, colours and layout; its pages are numbered
    from `first_page` (known only once the part before it is laid out)."""
    return _header(consultation, first_page=first_page)


def body(consultation: Consultation, *, first: bool, rows: Iterable[Sequence[Any]]) -> str:
    """The rest of a part: the summary pages when `first`, then its comments. It can be
    written while the part before it is still being laid out."""
    return (summary(consultation) if first else "") + comments(rows)


def part(
    consultation: Consultation, *, first_page: int, first: bool, rows: Iterable[Sequence[Any]]
) -> str:
    """The Typst source of one part: `header` and `body`."""
    return header(consultation, first_page=first_page) + body(consultation, first=first, rows=rows)
