from __future__ import annotations

from typing import Any

from django import template

from portal.core.content import kind_of
from portal.notifications.services import is_following

register = template.Library()


@register.inclusion_tag("notifications/_follow.html", takes_context=True)
def follow_button(context: dict[str, Any], target: Any) -> dict[str, Any]:
    """A follow / stop-following button for any followable object (one query)."""
    request = context["request"]
    kind = kind_of(target)
    user = request.user
    return {
        "request": request,
        "user": user,
        "target": target,
        "kind": kind.key if kind else "",
        "following": bool(kind and user.is_authenticated and is_following(user, target)),
        "csrf_token": context.get("csrf_token"),
    }
