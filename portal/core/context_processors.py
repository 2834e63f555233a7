from __future__ import annotations

from functools import cache

from django.conf import settings

from portal.core.navigation import SECTIONS


def _unread(user) -> int:
    from portal.notifications.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def portal(request):
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    current = next((s.key for s in SECTIONS if s.url != "/" and path.startswith(s.url)), None)
    authenticated = bool(user and user.is_authenticated)
    return {
        # A callable: the template calls it once, only where the count is shown.
        "unread_notifications": cache(lambda: _unread(user)) if authenticated else 0,
        "nav_sections": SECTIONS,
        "current_section": current,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "can_view_audit": bool(
            user and user.is_authenticated and user.has_perm("portal.view_audit")
        ),
    }
