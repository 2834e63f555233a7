from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with ellipses (Paginator.get_elided_page_range)."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )


@register.filter
def page_title(title: str, site: str) -> str:
    """The title "Page – Site" for the browser's title bar and tabs; the site's name alone when a
    page has no title of its own. Whitespace of the title block is folded."""
    title = " ".join(str(title).split())
    return f"{title} – {site}" if title else str(site)


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """The sections other domains add to `obj`'s page (portal.core.panels)."""
    from portal.core.panels import panels_for

    return panels_for(obj, context["request"].user)
