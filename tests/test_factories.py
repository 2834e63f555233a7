"""Every model of the domain apps has a factory in tests/factories.py that makes a valid row
with no arguments, so a test names only what it is about."""

from __future__ import annotations

import factory
import pytest
from django.apps import apps

from tests import factories

DOMAIN_APPS = ("agreements", "consultations", "roadmap", "parliament")


def _factories() -> dict[type, type]:
    found = {}
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
            model = value._meta.model
            if model is not None:
                found[model] = value
    return found


def _domain_models():
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_domain_model_has_a_factory():
    missing = [m._meta.label for m in _domain_models() if m not in _factories()]
    assert not missing, f"models without a factory in tests/factories.py: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", _domain_models(), ids=lambda m: m._meta.label)
def test_each_factory_makes_a_valid_row(model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make = _factories()[model]
    first, second = make(), make()  # twice: unique fields follow sequences
    # A protected state machine's status is set only by its steps, also not by full_clean.
    steps_only = [f.name for f in model._meta.fields if getattr(f, "protected", False)]
    for row in (first, second):
        row.full_clean(exclude=steps_only)
    assert model._default_manager.filter(pk=first.pk).exists()
    assert model._default_manager.filter(pk=second.pk).exists()
