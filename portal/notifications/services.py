"""Every write of following and notifications.

Notifications are the outbox: `record_history_change` runs on every history record
that django-simple-history writes, which is inside the transaction of the change
itself. If the change rolls back, so does its notification; if the broker is down
when the change commits, the notification waits in the table until a task sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.accounts.roles import STAFF_ROLES
from portal.core.content import SECTIONS, Kind, kind_of, part_of
from portal.core.services import set_reason
from portal.core.visibility import is_public, may_see
from portal.notifications.models import Notification, Preference, Subscription

log = logging.getLogger(__name__)

# Within this window, a second change of the same kind to the same object for the same
# person is folded into the unread, unsent notification already waiting (a release that
# gets ten items is one notice; a new draft after the opening notice is a second one).
FOLD_WINDOW = dt.timedelta(minutes=10)


def staff_users_q() -> Q:
    """The people who may see what is not public: ministry staff (see accounts.rules)."""
    return Q(groups__name__in=[str(r) for r in STAFF_ROLES]) | Q(is_superuser=True)


def _targets(instance: Any) -> list[Any]:
    """The followed wholes a history record of `instance` is news about (see the parts
    each domain registers in its `content` module)."""
    if kind_of(instance):
        return [instance]
    part = part_of(instance)
    if part is None or not part.notifies(instance):
        return []
    return [t for t in (getattr(instance, path, None) for path in part.paths) if t is not None]


def record_history_change(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Signal receiver: one history record → notifications for those who follow."""
    targets = _targets(instance)
    if not targets:
        return
    actor_id = getattr(history_instance, "history_user_id", None)
    # A part that is not public (a version no release carries yet) is news only to those
    # who may see it, whatever its whole.
    part_is_public = kind_of(instance) is not None or is_public(instance)
    for target in targets:
        notify(
            target,
            verb=history_instance.history_change_reason or "",
            change_type=history_instance.history_type,
            changed_model=instance._meta.label_lower,
            actor_id=actor_id,
            public=part_is_public,
        )


def notify(
    target: Any,
    *,
    verb: str,
    change_type: str = "~",
    changed_model: str = "",
    actor_id: int | None = None,
    public: bool = True,
) -> int:
    """Write a notification for each follower of `target` (or its section) who may see it.
    `public=False` says the change itself is not public: only staff followers hear of it."""
    kind = kind_of(target)
    if kind is None or target.pk is None:
        return 0
    ct = ContentType.objects.get_for_model(target)
    followers = Subscription.objects.filter(
        Q(content_type=ct, object_id=target.pk) | Q(section=kind.section),
        user__is_active=True,
    )
    if actor_id:
        followers = followers.exclude(user_id=actor_id)
    if not public or not kind.is_public(target):
        followers = followers.filter(user__in=_staff_ids())
    user_ids = set(followers.values_list("user_id", flat=True))
    return _write(
        target, ct, kind.key, user_ids, verb, change_type, changed_model or target._meta.label_lower
    )


def hand_over(
    target: Any, *, verb: str, recipients: Any, actor: Any = None, replaces: str = ""
) -> int:
    """Tell the people a step hands work to, or affects, whether or not they follow it.

    `recipients` is a queryset of users (the board for a submitted release, the
    commenters for a published report, …). Only active people who may see `target` (its
    model's one visibility rule) are told; the actor never hears of their own step. A
    person already told of this change as a follower gets no second notice: with the same
    verb it is folded, and a follower's waiting notice under the verb `replaces` becomes
    this more particular one ("the report is published" → "… with the answer to your
    comment"). Written to
    the outbox in the step's transaction: in the portal at once, by e-mail per the
    person's preference.
    """
    if target.pk is None:
        return 0
    # People only: an integrator client's account (portal/integrations) reads the API.
    people = recipients.filter(is_active=True, api_client__isnull=True).distinct()
    if actor is not None and actor.pk:
        people = people.exclude(pk=actor.pk)
    user_ids = {person.pk for person in people if may_see(person, target)}
    kind = kind_of(target)
    ct = ContentType.objects.get_for_model(target)
    key = kind.key if kind else target._meta.model_name
    if replaces and user_ids:
        Notification.objects.filter(
            user_id__in=user_ids,
            content_type=ct,
            object_id=target.pk,
            verb=replaces,
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=timezone.now() - FOLD_WINDOW,
        ).delete()
    return _write(target, ct, key, user_ids, verb, "~", target._meta.label_lower)


def _write(
    target: Any,
    ct: ContentType,
    kind_key: str,
    user_ids: set[int],
    verb: str,
    change_type: str,
    changed_model: str,
) -> int:
    """One unread notification per person, folded into one already waiting (see
    `FOLD_WINDOW`), and a worker asked to send the e-mail once the change commits."""
    if not user_ids:
        return 0
    now = timezone.now()
    waiting = set(
        Notification.objects.filter(
            user_id__in=user_ids,
            content_type=ct,
            object_id=target.pk,
            verb=verb[:100],
            changed_model=changed_model,
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=now - FOLD_WINDOW,
        ).values_list("user_id", flat=True)
    )
    label = str(target)[:300]
    url = target.get_absolute_url()
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                content_type=ct,
                object_id=target.pk,
                kind=kind_key,
                label=label,
                url=url,
                verb=verb[:100],
                change_type=change_type,
                changed_model=changed_model,
                created_at=now,
            )
            for user_id in sorted(user_ids - waiting)
        ]
    )
    transaction.on_commit(send_soon)
    return len(user_ids - waiting)


def _staff_ids():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(staff_users_q()).values("pk")


def send_soon() -> None:
    """Ask a worker to send pending e-mail now. A broker outage loses nothing: the
    notification stays pending and the beat schedule sends it when the broker is back."""
    from portal.notifications.tasks import send_pending

    try:
        send_pending.delay()
    except Exception:
        log.warning("notifications: broker unavailable, e-mail waits for the next run")


# Following ----------------------------------------------------------------------------


def is_following(user: Any, target: Any) -> bool:
    ct = ContentType.objects.get_for_model(target)
    return Subscription.objects.filter(user=user, content_type=ct, object_id=target.pk).exists()


def follow(*, actor: Any, target: Any | None = None, section: str = "") -> Subscription:
    if target is None and section not in SECTIONS:
        raise ValueError(section)
    lookup: dict[str, Any] = {"user": actor}
    if target is not None:
        lookup.update(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    else:
        lookup.update(content_type=None, object_id=None, section=section)
    existing = Subscription.objects.filter(**lookup).first()
    if existing:
        return existing
    subscription = Subscription(**lookup)
    set_reason(subscription, "notifications.follow.started")
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError:  # a double click: the other request made it
        return Subscription.objects.get(**lookup)
    return subscription


def unfollow(*, actor: Any, subscription_id: int) -> bool:
    subscription = Subscription.objects.filter(user=actor, pk=subscription_id).first()
    if subscription is None:
        return False
    set_reason(subscription, "notifications.follow.stopped")
    subscription.delete()
    return True


def unfollow_target(*, actor: Any, target: Any) -> bool:
    ct = ContentType.objects.get_for_model(target)
    subscription = Subscription.objects.filter(
        user=actor, content_type=ct, object_id=target.pk
    ).first()
    if subscription is None:
        return False
    return unfollow(actor=actor, subscription_id=subscription.pk)


def unfollow_section(*, actor: Any, section: str) -> bool:
    subscription = Subscription.objects.filter(
        user=actor, content_type=None, section=section
    ).first()
    if subscription is None:
        return False
    return unfollow(actor=actor, subscription_id=subscription.pk)


# Reading and preferences ----------------------------------------------------------------


def mark_read(*, actor: Any, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def preference_of(user: Any) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def set_email_preference(*, user: Any, email: str, reason: str) -> Preference:
    if email not in Preference.Email.values:
        raise ValueError(email)
    with transaction.atomic():
        preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
        if preference.email != email:
            preference.email = email
            set_reason(preference, reason)
            preference.save()
    return preference


def target_kind(target: Any) -> Kind | None:
    return kind_of(target)


def forget(user) -> None:
    """A closed account follows nothing and is told nothing."""
    from portal.core.services import set_reason
    from portal.notifications.models import Digest, Notification, Preference, Subscription

    for audited in (*Subscription.objects.filter(user=user), *Preference.objects.filter(user=user)):
        set_reason(audited, "notifications.account_closed")
        audited.delete()
    Notification.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
