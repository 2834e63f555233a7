from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=512)
def _choice_labels(model: type, field: str, language: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def label(obj, field: str):
    """The label of `obj`'s choice `field` in the interface's language, as
    `get_FOO_display` gives it, from a table built once per language (Django's method
    hashes the whole list of lazy labels on every call: noticeable in a long table)."""
    from django.utils.translation import get_language

    value = getattr(obj, field)
    return _choice_labels(type(obj), field, get_language() or "").get(value, value)


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


class _CrumbNode(template.Node):
    def __init__(self, href: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.href = href
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe

        return format_html(
            '<li class="utrecht-breadcrumb-nav__item"><a class="utrecht-breadcrumb-nav__link"'
            ' href="{}">{}</a></li>',
            self.href.resolve(context),
            mark_safe(self.nodelist.render(context).strip()),  # noqa: S308 (rendered template)
        )


@register.tag
def crumb(parser: template.base.Parser, token: template.base.Token) -> _CrumbNode:
    """`{% crumb url %}label{% endcrumb %}`: one step of the breadcrumb trail, in a page's
    `breadcrumbs` block; base.html puts the trail in NL Design System's breadcrumb
    navigation, after Home."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% crumb url %}label{% endcrumb %}")
    nodelist = parser.parse(("endcrumb",))
    parser.delete_first_token()
    return _CrumbNode(parser.compile_filter(bits[1]), nodelist)


class _TrailNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        from django.urls import reverse
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe
        from django.utils.translation import gettext

        steps = self.nodelist.render(context).strip()
        if not steps:
            return ""
        return format_html(
            '<nav class="utrecht-breadcrumb-nav portal-breadcrumbs" aria-label="{}">'
            '<ol class="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol">'
            '<li class="utrecht-breadcrumb-nav__item"><a class="utrecht-breadcrumb-nav__link"'
            ' href="{}">{}</a></li>{}</ol></nav>',
            gettext("You are here"),
            reverse("core:home"),
            gettext("Home"),
            mark_safe(steps),  # noqa: S308 (rendered template)
        )


@register.tag
def breadcrumb_trail(parser: template.base.Parser, token: template.base.Token) -> _TrailNode:
    """Wraps base.html's `breadcrumbs` block: nothing when a page names no step."""
    nodelist = parser.parse(("endbreadcrumb_trail",))
    parser.delete_first_token()
    return _TrailNode(nodelist)
