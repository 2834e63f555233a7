"""Roadmap models, one module per sub-area."""

from roadmap.models.pilots import Blueprint, OutcomeAssessment, Pilot
from roadmap.models.portfolio import (
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    PortfolioMeeting,
    Programme,
    Recommendation,
    Risk,
    Tranche,
)
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
    "Blueprint",
    "Decision",
    "DecisionAction",
    "Deliverable",
    "Designation",
    "Exchange",
    "IntakeProposal",
    "IntakeRound",
    "Milestone",
    "OutcomeAssessment",
    "Phase",
    "PhaseChange",
    "Pilot",
    "PortfolioMeeting",
    "Programme",
    "Recommendation",
    "Region",
    "RegionAssignment",
    "Risk",
    "Study",
    "Tranche",
]
