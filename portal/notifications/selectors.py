def personal_data(user) -> dict:
    """What the person follows, their e-mail choice and their notifications."""
    from portal.notifications.models import Notification, Preference, Subscription

    preference = Preference.objects.filter(user=user).first()
    return {
        "emailPreference": preference.email if preference else None,
        "follows": [
            {"section": s.section, "object": str(s.target) if s.object_id else None}
            for s in Subscription.objects.filter(user=user).prefetch_related("target")
        ],
        "notifications": [
            {"label": n.label, "url": n.url, "createdAt": n.created_at.isoformat()}
            for n in Notification.objects.filter(user=user).order_by("-created_at")[:1000]
        ],
    }
