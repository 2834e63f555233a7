from __future__ import annotations

from django.conf import settings

from portal.core.navigation import SECTIONS


def portal(request):
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    current = next((s.key for s in SECTIONS if s.url != "/" and path.startswith(s.url)), None)
    return {
        "nav_sections": SECTIONS,
        "current_section": current,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        "can_view_audit": bool(
            user and user.is_authenticated and user.has_perm("portal.view_audit")
        ),
    }
