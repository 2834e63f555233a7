"""`load_demo`: one user per role, the demo organisations and regions, a password that is
generated and printed once, a second run that changes nothing, every change recorded with
its reason.

A full load takes about ten seconds, so the command runs twice in one test (first load,
then the second run that must change nothing); the given-password path is checked on the
snapshot every test worker loads with `DEMO_PASSWORD` set (tests/demo_snapshot.py).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.audit.registry import audited_models
from roadmap.models import Region, RegionAssignment
from tests.demo_snapshot import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _history_rows() -> int:
    return sum(a.history_model.objects.count() for a in audited_models().values())


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Region.objects.count(),
        RegionAssignment.objects.count(),
    )


def test_load_demo_prints_a_generated_password_once_and_a_second_run_changes_nothing(
    monkeypatch, capsys
):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    first = capsys.readouterr().out
    line = next(line for line in first.splitlines() if "password:" in line)
    password = line.split("password:")[1].split()[0]
    assert len(password) >= 12
    for role in Role:
        users = User.objects.filter(groups__name=role.value)
        assert users.exists(), role
        assert users.first().check_password(password), role
        assert users.first().email in first
    assert Region.objects.count() == 12
    assert Organisation.objects.filter(name="Nictiz").exists()
    assert Organisation.objects.filter(is_fictional=True, name__contains="(fictief)").exists()
    assert (
        not Organisation.objects.filter(is_fictional=True)
        .exclude(name__contains="(fictief)")
        .exists()
    )
    coordinator = User.objects.filter(groups__name=Role.REGIONAL_COORDINATOR.value).first()
    assert RegionAssignment.objects.filter(user=coordinator).count() == 2
    record = Organisation.history.filter(name="Nictiz").first()
    assert record.history_change_reason == "portal.demo.loaded"

    counts, history = _counts(), _history_rows()
    call_command("load_demo")
    second = capsys.readouterr().out
    assert password not in second
    assert User.objects.get(email__startswith="programmamanager@").check_password(password)
    assert _counts() == counts
    assert _history_rows() == history, "a second run must not write history"


def test_load_demo_uses_the_given_password_for_every_role(demo_data):
    # The snapshot was made by `load_demo` with DEMO_PASSWORD set to this password.
    for role in Role:
        user = User.objects.filter(groups__name=role.value).first()
        assert user is not None, role
        assert user.check_password(DEMO_PASSWORD), role
        assert not user.check_password("demo-wachtwoord-lang-genoeg")
