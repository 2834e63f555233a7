"""The comment cards of a section's page, written out in Python from plain rows
(`selectors.comment_cards`).

A section of a busy consultation lists fifty comments a page; through the template
engine each card cost about half a millisecond (some twenty variable lookups, filters
and translations), which made the page's cost grow with the page's length. Here a card
costs a few string operations. The markup is the same NL Design System markup the
templates use; every value is escaped (`html.escape`, or a filter that escapes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.core.templatetags.portal_tags import content_language


def _changes(answer: dict[str, Any]) -> SafeString:
    parts = []
    if answer["section_number"]:
        parts.append(
            format_html(
                " {}",
                gettext("section %(n)s of draft version %(v)s")
                % {"n": answer["section_number"], "v": answer["section_version"]},
            )
        )
    if answer["agreement_code"]:
        parts.append(
            format_html(
                ' <a class="utrecht-link" href="{}">{} v{}</a>',
                answer["agreement_url"],
                answer["agreement_code"],
                answer["agreement_version"],
            )
        )
    if answer["release_number"]:
        parts.append(
            format_html(
                ' <a class="utrecht-link" href="{}">{}</a>',
                answer["release_url"],
                gettext("release %(n)s") % {"n": answer["release_number"]},
            )
        )
    if not parts:
        return SafeString("")
    # each part was built by format_html
    return format_html("<br>{}{}", gettext("What changed:"), SafeString("".join(parts)))


def render_comment_cards(
    cards: Iterable[dict[str, Any]], *, show_answers: bool, hide_token: str | None
) -> SafeString:
    """The cards as HTML. `hide_token` (the request's CSRF token) adds the form to hide an
    active comment; give it only to those who may hide comments."""
    unnamed = escape(gettext("Not published with a name"))
    answer_word = escape(gettext("Answer"))
    reason_label = escape(gettext("Reason for hiding"))
    hide_word = escape(gettext("Hide"))
    date_pattern = get_format("DATE_FORMAT")
    days: dict[dt.date, str] = {}  # a page's comments share a few days: each written once
    out = []
    for m in cards:
        pk = int(m["pk"])
        who = escape(m["attribution"]) if m["may_publish"] else unnamed
        day = timezone.localtime(m["created_at"]).date()
        when = days.get(day)
        if when is None:
            when = days[day] = escape(dateformat.format(day, date_pattern))
        badge = (
            f' <span class="utrecht-badge-status portal-badge">{escape(m["status_label"])}</span>'
            if not m["active"]
            else ""
        )
        text = content_language(linebreaksbr(m["text"], autoescape=True))
        files = "".join(
            f'<p class="utrecht-paragraph"><a class="utrecht-link" href="'
            f'{escape(reverse("consultations:attachment", args=[f["pk"]]))}">'
            f"{escape(f['original_name'])}</a> ({escape(filesizeformat(f['size']))})</p>"
            for f in m["attachments"]
        )
        answer = ""
        a = m["answer"]
        if show_answers and a:
            answer = (
                f'<p class="utrecht-paragraph"><strong>{answer_word}: '
                f"{escape(a['disposition'])}.</strong> "
                f"{conditional_escape(content_language(a['reason']))}"
                f"{_changes(a)}</p>"
            )
        form = ""
        if hide_token and m["active"]:
            action = escape(reverse("consultations:comment-hide", args=[pk]))
            form = (
                f'<form method="post" action="{action}" class="portal-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(hide_token)}">'
                f'<div class="utrecht-form-field">'
                f'<label class="utrecht-form-label" for="hide-{pk}">{reason_label}</label>'
                f'<input type="text" id="hide-{pk}" name="reason"></div>'
                f'<button class="utrecht-button utrecht-button--secondary-action" type="submit">'
                f'{hide_word}<span class="rhc-visually-hidden"> #{pk}</span></button></form>'
            )
        out.append(
            f'<article class="rhc-card portal-card" aria-labelledby="m-{pk}">'
            f'<h2 class="utrecht-heading-3" id="m-{pk}">{who} <small>{when}</small>{badge}</h2>'
            f'<p class="utrecht-paragraph">{conditional_escape(text)}</p>'
            f"{files}{answer}{form}</article>\n"
        )
    # Every value above was escaped (or is markup built here from escaped values).
    return SafeString("".join(out))
