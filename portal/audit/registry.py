"""Which models keep history, found from django-simple-history's registration."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class AuditedModel:
    label: str  # "app_label.model_name"
    model: type[models.Model]
    history_model: type[models.Model]

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@cache
def audited_models() -> dict[str, AuditedModel]:
    found: dict[str, AuditedModel] = {}
    for model in apps.get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if not manager_name:
            continue
        history_model = getattr(model, manager_name).model
        label = model._meta.label_lower
        found[label] = AuditedModel(label=label, model=model, history_model=history_model)
    return dict(sorted(found.items()))


def get_audited_model(label: str) -> AuditedModel | None:
    return audited_models().get(label)
