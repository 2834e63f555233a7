"""What the PDFs (WeasyPrint) share: the design tokens inlined, so that a PDF is laid out
with the site's colours without fetching anything."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=1)
def _tokens() -> str:
    path = finders.find("css/tokens.css")
    text = open(path, encoding="utf-8").read() if path else ""  # noqa: SIM115
    return text.replace("</", "<\\/")


@register.simple_tag
def pdf_tokens() -> str:
    """The token file's custom properties, for a <style> element of a PDF template."""
    return mark_safe(_tokens())  # noqa: S308 (our own static file)
