from django import template

from portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, heading_offset: int = 1):
    """Markdown to safe HTML; its headings start one level below the page's h2. The texts
    are written in Dutch: in another interface language they are marked so (WCAG 3.1.2)."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    html = render_markdown(text, heading_offset=int(heading_offset))
    if not html or (get_language() or "nl").split("-")[0] == "nl":
        return html
    return mark_safe(f'<div lang="nl">{html}</div>')  # noqa: S308 (sanitised by render_markdown)
