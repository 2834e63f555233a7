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


CONTENT_LANGUAGE = "nl"


def _interface_is_content_language() -> bool:
    from django.utils.translation import get_language

    return (get_language() or CONTENT_LANGUAGE).split("-")[0] == CONTENT_LANGUAGE


@register.filter
def content_lang_attr(value) -> str:
    """` lang="nl"` for a form option that names a database object (its value is a model
    choice), when the interface is in another language; used by the option templates in
    templates/django/forms/widgets/ so that every select, radio and checkbox list does it."""
    from django.utils.safestring import mark_safe

    if getattr(value, "instance", None) is None or _interface_is_content_language():
        return ""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"')  # noqa: S308 (a constant)


@register.filter(name="nl")
def content_language(value):
    """Content written in Dutch (titles, names, texts from the database), marked with its
    language when the interface is in another one (WCAG 3.1.2). Interface text (a lazy
    translation) is left alone: it is in the interface's language already."""
    from django.utils.functional import Promise
    from django.utils.html import conditional_escape, format_html

    if value in (None, "") or isinstance(value, Promise) or _interface_is_content_language():
        return value
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, conditional_escape(value))
