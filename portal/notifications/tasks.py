"""Sending notifications by e-mail: immediately, or as a daily or weekly digest.

Both tasks are safe to run twice or side by side. Immediate mail locks the pending
rows it takes (SKIP LOCKED), sends, then marks them in the same transaction; a digest
is a row with a unique key per person and period, so a second run finds it and stops.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy, override

from portal.notifications.messages import describe
from portal.notifications.models import Digest, Notification, Preference
from portal.notifications.unsubscribe import unsubscribe_url

BATCH = 500


def _email_q(choice: str) -> Q:
    """People whose e-mail preference is `choice` (no preference row means immediate)."""
    if choice == Preference.Email.IMMEDIATE:
        return Q(user__notification_preference__isnull=True) | Q(
            user__notification_preference__email=choice
        )
    return Q(user__notification_preference__email=choice)


def _message(user: Any, notifications: list[Notification], subject: Any) -> EmailMultiAlternatives:
    """The e-mail to one person, in the language they last chose in the portal."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    with override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        subject = str(subject)
        items = [{"text": describe(n), "url": base + n.url} for n in notifications]
        link = base + unsubscribe_url(user)
        body = render_to_string(
            "notifications/email.txt",
            {
                "user": user,
                "items": items,
                "unsubscribe": link,
                "preferences": base + "/meldingen/instellingen/",
            },
        )
    message = EmailMultiAlternatives(subject, body, None, [user.email])
    # RFC 8058: mail programs may offer their own one-click unsubscribe button.
    message.extra_headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return message


@shared_task(name="notifications.send_pending", acks_late=True)
def send_pending() -> int:
    """E-mail what is pending for people who want to hear immediately."""
    sent = 0
    User = get_user_model()
    while True:
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(_email_q(Preference.Email.IMMEDIATE), emailed_at__isnull=True)
                .filter(user__is_active=True)
                .order_by("user_id", "created_at")[:BATCH]
            )
            if not rows:
                return sent
            by_user: dict[int, list[Notification]] = defaultdict(list)
            for row in rows:
                by_user[row.user_id].append(row)
            users = User.objects.in_bulk(list(by_user))
            subject = gettext_lazy("News on what you follow in the GIS portal")
            messages = [_message(users[uid], items, subject) for uid, items in by_user.items()]
            get_connection().send_messages(messages)
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                emailed_at=timezone.now()
            )
            sent += len(messages)


def period_start(period: str, today: dt.date) -> dt.date:
    if period == Digest.Period.WEEKLY:
        return today - dt.timedelta(days=today.weekday())
    return today


@shared_task(name="notifications.send_digests", acks_late=True)
def send_digests(period: str) -> int:
    """One digest per person for this period, with everything not yet e-mailed."""
    if period not in Digest.Period.values:
        raise ValueError(period)
    start = period_start(period, timezone.localdate())
    User = get_user_model()
    user_ids = list(
        Notification.objects.filter(_email_q(period), emailed_at__isnull=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = Digest.objects.create(
                        user_id=user_id, period=period, period_start=start
                    )
            except IntegrityError:
                continue  # this period's digest exists: a second run sends nothing
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(user_id=user_id, emailed_at__isnull=True)
                .order_by("created_at")
            )
            if not rows:
                continue
            user = User.objects.get(pk=user_id)
            subject = (
                gettext_lazy("Your daily digest from the GIS portal")
                if period == Digest.Period.DAILY
                else gettext_lazy("Your weekly digest from the GIS portal")
            )
            get_connection().send_messages([_message(user, rows, subject)])
            now = timezone.now()
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                emailed_at=now, digest=digest
            )
            Digest.objects.filter(pk=digest.pk).update(sent_at=now)
            sent += 1
    return sent
