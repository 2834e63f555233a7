"""Roadmap models, one module per sub-area."""

from roadmap.models.regions import Region, RegionAssignment
from roadmap.models.wegiz import (
    AgendaUpdate,
    Designation,
    Exchange,
    IntakeProposal,
    IntakeRound,
    Phase,
    PhaseChange,
    Study,
)

__all__ = [
    "AgendaUpdate",
    "Designation",
    "Exchange",
    "IntakeProposal",
    "IntakeRound",
    "Phase",
    "PhaseChange",
    "Region",
    "RegionAssignment",
    "Study",
]
