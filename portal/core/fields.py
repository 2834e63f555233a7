"""Model fields shared by the domains."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import class_prepared
from django_fsm import FSMField


class StateField(FSMField):
    """A django-fsm-2 state field that leaves the models of migration states alone.

    `FSMField` listens to `class_prepared` for every model it is added to, to collect the
    transitions of subclasses. Migrations render their historical models (module
    `__fake__`) hundreds of times; each render added a listener that every later model
    class then called, which made a fresh `migrate` spend half its time in signal dispatch.
    Historical models have no transitions, so they need no listener.
    """

    def contribute_to_class(self, cls: Any, name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        if cls.__module__ == "__fake__":
            class_prepared.disconnect(self._collect_transitions)
