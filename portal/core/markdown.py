"""Markdown written by people, rendered to HTML that is safe to show to everyone."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

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
    """The safe HTML of a text; the same text is parsed once per process, not per request."""
    return _render(text or "", heading_offset)


_local = threading.local()


def _parser() -> md.Markdown:
    # One parser per thread (a parser keeps state while converting), reset between texts:
    # building one costs more than parsing a short text.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = md.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return parser


@lru_cache(maxsize=4096)
def _render(text: str, heading_offset: int) -> SafeString:
    # Bounded, and keyed on the text itself, so an edited text is never served stale.
    html = _parser().reset().convert(text)
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
