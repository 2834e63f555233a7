from __future__ import annotations

import pytest
from django.core.management import call_command

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.audit.registry import audited_models
from roadmap.models import Region, RegionAssignment

pytestmark = pytest.mark.django_db


def _history_rows() -> int:
    return sum(a.history_model.objects.count() for a in audited_models().values())


def test_load_demo_creates_one_user_per_role_with_the_given_password(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    call_command("load_demo")
    out = capsys.readouterr().out
    for role in Role:
        users = User.objects.filter(groups__name=role.value)
        assert users.exists(), role
        assert users.first().check_password("demo-wachtwoord-lang-genoeg")
        assert users.first().email in out
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


def test_load_demo_is_idempotent(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    call_command("load_demo")
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Region.objects.count(),
        RegionAssignment.objects.count(),
    )
    history = _history_rows()
    call_command("load_demo")
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Region.objects.count(),
        RegionAssignment.objects.count(),
    )
    assert _history_rows() == history, "a second run must not write history"


def test_load_demo_generates_and_prints_a_password_once(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    first = capsys.readouterr().out
    line = next(line for line in first.splitlines() if "password:" in line)
    password = line.split("password:")[1].split()[0]
    assert User.objects.get(email__startswith="programmamanager@").check_password(password)
    call_command("load_demo")
    second = capsys.readouterr().out
    assert password not in second
    assert User.objects.get(email__startswith="programmamanager@").check_password(password)


def test_demo_changes_are_recorded_with_a_reason(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    call_command("load_demo")
    record = Organisation.history.filter(name="Nictiz").first()
    assert record.history_change_reason == "portal.demo.loaded"
