"""Personal data is kept no longer than the privacy page says (`RETENTION_DAYS`)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone


def _before(key: str) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=settings.RETENTION_DAYS[key])


@shared_task(name="accounts.apply_retention", acks_late=True)
def apply_retention() -> dict[str, int]:
    """Delete or scrub what has outlived its purpose; safe to run twice. Returns how many
    records of each kind it removed or scrubbed."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    from portal.accounts.models import AccessRequest, Invitation, User
    from portal.notifications.models import Digest, Notification

    done: dict[str, int] = {}
    login_cutoff = _before("login_records")
    done["login_records"] = (
        AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
        + AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
        + AccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
    )
    done["expired_sessions"] = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    invitations = Invitation.objects.filter(expires_at__lt=_before("expired_invitations"))
    done["expired_invitations"] = invitations.delete()[0]
    notifications_cutoff = _before("notifications")
    done["notifications"] = (
        Notification.objects.filter(created_at__lt=notifications_cutoff).delete()[0]
        + Digest.objects.filter(created_at__lt=notifications_cutoff).delete()[0]
    )
    # Registrations whose e-mail address was never confirmed (not those waiting for an
    # administrator's approval of their organisation).
    unverified = (
        User.objects.filter(
            is_active=False,
            closed_at__isnull=True,
            last_login__isnull=True,
            oidc_subject="",
            date_joined__lt=_before("unverified_registrations"),
        )
        .exclude(access_requests__source=AccessRequest.Source.LOGIN_SERVICE)
        .exclude(consultation_comments__isnull=False)
    )
    count = 0
    for user in unverified:
        with transaction.atomic():
            pk = user.pk
            user._change_reason = "accounts.user.unverified_registration_removed"
            user.delete()
            User.history.filter(id=pk).update(
                email=f"removed-{pk}@closed.invalid", full_name="", oidc_subject=""
            )
            count += 1
    done["unverified_registrations"] = count
    # The history of a closed account keeps who did what, not their name or address.
    closed = User.objects.filter(closed_at__lt=_before("closed_account_history"))
    scrubbed = User.history.filter(id__in=closed.values("id")).exclude(
        email__endswith="@closed.invalid", full_name=""
    )
    done["closed_account_history"] = 0
    for user_id in set(scrubbed.values_list("id", flat=True)):
        done["closed_account_history"] += scrubbed.filter(id=user_id).update(
            email=f"closed-{user_id}@closed.invalid", full_name="", oidc_subject=""
        )
    return done
