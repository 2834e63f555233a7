"""Markdown written by people, rendered to HTML that is safe to show to everyone."""

from __future__ import annotations

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def _shift_headings(html: str, levels: int) -> str:
    # Headings in a text shown under a page's own h2 start at h3, so the outline holds.
    for level in range(5 - levels, 0, -1):
        html = re.sub(rf"<(/?)h{level}\b", rf"<\1h{level + levels}", html)
    return html


def render_markdown(text: str, *, heading_offset: int = 0) -> SafeString:
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    if heading_offset:
        html = _shift_headings(html, heading_offset)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
