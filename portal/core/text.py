"""Plain text from our Markdown, for the search index and other non-HTML uses."""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import strip_tags

from portal.core.markdown import render_markdown


def plain(markdown_text: str) -> str:
    """Markdown to plain words: no markup in the index or in the snippets."""
    if not markdown_text:
        return ""
    return html.unescape(strip_tags(str(render_markdown(markdown_text))))


def join_lines(*parts: Any) -> str:
    """The non-empty parts, one per line."""
    return "\n".join(str(p) for p in parts if p)
