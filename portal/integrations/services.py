"""Registering integrator clients and their event subscriptions (administrators)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from portal.accounts.models import Membership, Organisation
from portal.core.services import require, set_reason
from portal.integrations.delivery import check_callback_url, new_secret
from portal.integrations.models import CLIENT_ROLES, ApiClient, EventSubscription
from portal.integrations.registry import BINDINGS, EVENT_TYPES, SCOPES

if TYPE_CHECKING:
    from portal.accounts.models import User


def _check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown:
        raise ValidationError({"scopes": _("Unknown scope: %(s)s") % {"s": ", ".join(unknown)}})
    return chosen


def _bind(account: User, organisation: Organisation | None, bindings: Mapping[str, list[Any]]):
    account.memberships.exclude(organisation=organisation).delete()
    if (
        organisation is not None
        and not account.memberships.filter(organisation=organisation).exists()
    ):
        membership = Membership(user=account, organisation=organisation)
        set_reason(membership, "integrations.client.bound")
        membership.save()
    for name, objects in bindings.items():
        BINDINGS[name].write(account, list(objects))


@transaction.atomic
def client_register(
    *,
    actor: User,
    name: str,
    contact_email: str,
    role: str,
    scopes: Iterable[str],
    organisation: Organisation | None = None,
    bindings: Mapping[str, list[Any]] | None = None,
) -> tuple[ApiClient, str]:
    """Register an integrator's application; returns it with its client secret, which is
    shown this once (only its hash is kept)."""
    from portal.accounts.models import User

    require(actor, "integrations.manage")
    if role not in {value for value, _label in CLIENT_ROLES}:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if ApiClient.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A client with this name exists already.")})
    chosen = _check_scopes(scopes)
    account = User.objects.create_user(
        email=f"api-client-{secrets.token_hex(6)}@clients.invalid",
        full_name=f"API: {name.strip()}",
        password=None,
    )
    set_reason(account, "integrations.client.registered")
    account.groups.add(Group.objects.get(name=role))
    secret = secrets.token_urlsafe(40)
    application = Application(
        name=name.strip(),
        user=account,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    application.save()
    client = ApiClient(
        name=name.strip(),
        contact_email=contact_email,
        application=application,
        account=account,
        role=role,
        organisation=organisation,
        scopes=chosen,
    )
    client.full_clean()
    set_reason(client, "integrations.client.registered")
    client.save()
    _bind(account, organisation, bindings or {})
    return client, secret


@transaction.atomic
def client_update(
    *,
    actor: User,
    client: ApiClient,
    lock_version: int,
    scopes: Iterable[str],
    is_active: bool,
    organisation: Organisation | None,
    bindings: Mapping[str, list[Any]] | None = None,
) -> ApiClient:
    """Change what a client may do. Deactivating it also ends its tokens."""
    require(actor, "integrations.manage")
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    client.advance_lock(lock_version)
    client.scopes = _check_scopes(scopes)
    client.is_active = is_active
    client.organisation = organisation
    set_reason(client, "integrations.client.changed")
    client.save()
    account = client.account
    if account.is_active != is_active:
        account.is_active = is_active
        set_reason(account, "integrations.client.changed")
        account.save(update_fields=["is_active"])
    _bind(account, organisation, bindings or {})
    # A token carries the scopes it was issued with: a change applies from the next one.
    client.application.accesstoken_set.all().delete()
    return client


@transaction.atomic
def client_new_secret(*, actor: User, client: ApiClient) -> str:
    """Give a client a new secret (the old one stops working) and end its tokens."""
    require(actor, "integrations.manage")
    secret = secrets.token_urlsafe(40)
    application = client.application
    application.client_secret = secret
    application.save()
    application.accesstoken_set.all().delete()
    set_reason(client, "integrations.client.secret_renewed")
    client.save(update_fields=["lock_version"])
    return secret


def _check_event_types(types: Iterable[str]) -> list[str]:
    chosen = sorted(set(types))
    if not chosen:
        raise ValidationError({"event_types": _("Choose at least one event type.")})
    unknown = [t for t in chosen if t not in EVENT_TYPES]
    if unknown:
        raise ValidationError(
            {"event_types": _("Unknown event type: %(t)s") % {"t": ", ".join(unknown)}}
        )
    return chosen


@transaction.atomic
def subscription_create(
    *,
    actor: User,
    name: str,
    callback_url: str,
    event_types: Iterable[str],
    client: ApiClient | None = None,
) -> EventSubscription:
    """Subscribe a callback URL to event types; its signing secret is made here."""
    require(actor, "integrations.manage")
    check_callback_url(callback_url)
    subscription = EventSubscription(
        name=name.strip(),
        client=client,
        callback_url=callback_url,
        event_types=_check_event_types(event_types),
        secret=new_secret(),
    )
    subscription.full_clean()
    set_reason(subscription, "integrations.subscription.created")
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(
    *,
    actor: User,
    subscription: EventSubscription,
    lock_version: int,
    name: str,
    callback_url: str,
    event_types: Iterable[str],
    is_active: bool,
) -> EventSubscription:
    require(actor, "integrations.manage")
    subscription = EventSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.advance_lock(lock_version)
    check_callback_url(callback_url)
    subscription.name = name.strip()
    subscription.callback_url = callback_url
    subscription.event_types = _check_event_types(event_types)
    subscription.is_active = is_active
    subscription.full_clean()
    set_reason(subscription, "integrations.subscription.changed")
    subscription.save()
    return subscription
