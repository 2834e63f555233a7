"""No privilege escalation through the admin: an administrator (not a superuser) cannot
change a superuser, cannot edit roles' permissions, and cannot give anyone a group whose
permissions they do not hold themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.conftest import PERSONAS
from tests.test_permission_matrix import LOGIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", "Sterk-wachtwoord-1", full_name="Root")


@pytest.fixture
def powerful_group(db):
    """A group with a permission the administrator role does not hold."""
    group = Group.objects.create(name="schema-editors")
    group.permissions.add(Permission.objects.get(codename="change_permission"))
    return group


# Admin object views: who gets what. Everyone but the administrator is sent to the admin
# login; the administrator may not touch a superuser or a role's permissions.
ADMIN_OBJECT_ROWS = [
    ("admin:accounts_user_change", "SUPERUSER", 200),  # read-only view
    ("admin:auth_user_password_change", "SUPERUSER", 403),
    ("admin:accounts_user_delete", "SUPERUSER", 403),
    ("admin:accounts_user_change", "PERSON", 200),
    ("admin:auth_user_password_change", "PERSON", 200),
    ("admin:auth_group_change", "GROUP", 200),  # read-only view
    ("admin:auth_group_delete", "GROUP", 403),
    ("admin:auth_group_add", None, 403),
]


@pytest.mark.parametrize(("name", "target", "admin_status"), ADMIN_OBJECT_ROWS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_object_views_answer_each_persona(
    name, target, admin_status, persona, persona_client, superuser, field_party
):
    objects = {
        "SUPERUSER": superuser.pk,
        "PERSON": field_party.pk,
        "GROUP": Group.objects.get(name=Role.PROGRAMME_MANAGER.value).pk,
    }
    url = reverse(name, args=[objects[target]] if target else None)
    response = persona_client(persona).get(url)
    expected = admin_status if persona == "admin" else LOGIN
    assert response.status_code == expected, f"{name} {target} as {persona}"


def test_an_administrator_cannot_set_a_superusers_password(client, admin, superuser):
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    response = client.post(
        url,
        {
            "password1": "Overgenomen-123!",
            "password2": "Overgenomen-123!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("Sterk-wachtwoord-1")


def test_an_administrator_cannot_change_a_superuser_or_make_one(client, admin, superuser):
    client.force_login(admin)
    data = {
        "email": "root@example.org",
        "full_name": "Overgenomen",
        "is_active": "on",
        "is_staff": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[superuser.pk]), data)
    assert response.status_code == 403
    assert User.objects.get(pk=superuser.pk).full_name == "Root"
    # Nor can they make themselves a superuser: the field is not theirs to set.
    own = {**data, "email": admin.email, "full_name": admin.full_name, "is_superuser": "on"}
    client.post(reverse("admin:accounts_user_change", args=[admin.pk]), own)
    assert not User.objects.get(pk=admin.pk).is_superuser


def test_an_administrator_cannot_grant_a_group_with_rights_they_lack(
    client, admin, field_party, powerful_group
):
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[field_party.pk])
    offered = client.get(url).context["adminform"].form.fields["groups"].queryset
    assert powerful_group not in offered
    assert Group.objects.get(name=Role.PROGRAMME_MANAGER.value) in offered
    data = {
        "email": field_party.email,
        "full_name": field_party.full_name,
        "is_active": "on",
        "groups": [powerful_group.pk, Group.objects.get(name=Role.FIELD_PARTY.value).pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form refuses the choice
    assert "groups" in response.context["adminform"].form.errors
    assert not field_party.groups.filter(pk=powerful_group.pk).exists()
    # Giving themselves the group fails the same way.
    own = reverse("admin:accounts_user_change", args=[admin.pk])
    client.post(own, {**data, "email": admin.email, "full_name": admin.full_name})
    assert not admin.groups.filter(pk=powerful_group.pk).exists()


def test_a_role_the_administrator_cannot_grant_is_kept_when_they_edit_its_holder(
    client, admin, field_party, powerful_group
):
    field_party.groups.add(powerful_group)
    client.force_login(admin)
    data = {
        "email": field_party.email,
        "full_name": "Nieuwe naam",
        "is_active": "on",
        "groups": [Group.objects.get(name=Role.FIELD_PARTY.value).pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[field_party.pk]), data)
    assert response.status_code == 302
    field_party.refresh_from_db()
    assert field_party.full_name == "Nieuwe naam"
    assert field_party.groups.filter(pk=powerful_group.pk).exists()


def test_an_administrator_cannot_edit_a_roles_permissions(client, admin):
    client.force_login(admin)
    group = Group.objects.get(name=Role.ADMINISTRATOR.value)
    before = set(group.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(codename="change_permission")
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [*before, extra.pk]},
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_still_may_do_all_of_it(client, superuser, field_party, powerful_group):
    client.force_login(superuser)
    data = {
        "email": field_party.email,
        "full_name": field_party.full_name,
        "is_active": "on",
        "groups": [powerful_group.pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:accounts_user_change", args=[field_party.pk]), data)
    assert response.status_code == 302
    assert field_party.groups.filter(pk=powerful_group.pk).exists()
