from django import template

from portal.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, heading_offset: int = 1):
    """Markdown to safe HTML; its headings start one level below the page's h2."""
    return render_markdown(text, heading_offset=int(heading_offset))
