"""The roles of the portal, kept as Django groups.

A role is a group with a stable name. Rules in `rules.py` ask for roles, never for
group names spelled out elsewhere. Administrators also get the model permissions that
the Django admin needs for accounts and reference lists.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_PARTY = "field_party", _("Field party")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    CDS_REVIEWER = "cds_reviewer", _("CDS reviewer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ARCHITECTURE_BOARD = "architecture_board", _("Architecture board")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose members are ministry staff: they see internal information and history.
STAFF_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.ARCHITECTURE_BOARD, Role.ADMINISTRATOR})

# Model permissions (app_label.codename prefixes) the administrator role holds for the admin.
ADMINISTRATOR_MODELS = {
    "accounts": ["user", "organisation", "membership", "accessrequest"],
    "auth": ["group"],
    "roadmap": ["region", "regionassignment"],
    "agreements": [
        "agreementsystem",
        "standard",
        "harmonisation",
        "compliancerecord",
        "agreement",
        "release",
    ],
    # Integrator clients, their event subscriptions and the delivery log.
    "integrations": ["apiclient", "eventsubscription", "eventdelivery"],
    # Unlocking accounts locked out by django-axes.
    "axes": ["accessattempt", "accessfailurelog", "accesslog"],
    # The beat's schedule: when each background task runs, or that it is paused.
    "django_celery_beat": [
        "periodictask",
        "intervalschedule",
        "crontabschedule",
        "solarschedule",
        "clockedschedule",
    ],
}


def _is_last_app(sender: Any) -> bool:
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    return not with_models or sender is with_models[-1]


def sync_role_groups(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Create one group per role and give administrators their admin permissions.

    Runs after every migrate (and every flush of a test database), so it is idempotent.
    `post_migrate` is sent once per app; the groups are synchronised once, after the last
    app, when the permissions of every app exist.
    """
    from django.contrib.auth.models import Group, Permission

    if sender is not None and not _is_last_app(sender):
        return
    for role in Role:
        Group.objects.using(using).get_or_create(name=role.value)
    admin_group = Group.objects.using(using).get(name=Role.ADMINISTRATOR.value)
    wanted = Permission.objects.using(using).none()
    for app_label, models_ in ADMINISTRATOR_MODELS.items():
        wanted = wanted | Permission.objects.using(using).filter(
            content_type__app_label=app_label, content_type__model__in=models_
        )
    admin_group.permissions.add(*wanted)
