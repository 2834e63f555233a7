"""Roadmap models, one module per sub-area."""

from roadmap.models.adoption import AdoptionMeasurement, AdoptionTarget, Indicator
from roadmap.models.blocks import BuildingBlock
from roadmap.models.funding import (
    ApplicationAnswer,
    Attachment,
    CriterionAssessment,
    FundingApplication,
    FundingCall,
    FundingCriterion,
    FundingScheme,
    GrantCondition,
)
from roadmap.models.pilots import Blueprint, OutcomeAssessment, Pilot
from roadmap.models.portfolio import (
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)
from roadmap.models.regions import (
    AlignmentReview,
    Initiative,
    ProgressReport,
    Region,
    RegionAssignment,
)
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
    "AdoptionMeasurement",
    "AdoptionTarget",
    "AgendaUpdate",
    "AlignmentReview",
    "ApplicationAnswer",
    "Attachment",
    "Blueprint",
    "BuildingBlock",
    "CriterionAssessment",
    "Decision",
    "DecisionAction",
    "Deliverable",
    "Designation",
    "Exchange",
    "FundingApplication",
    "FundingCall",
    "FundingCriterion",
    "FundingScheme",
    "GrantCondition",
    "Indicator",
    "Initiative",
    "IntakeProposal",
    "IntakeRound",
    "Milestone",
    "OutcomeAssessment",
    "Phase",
    "PhaseChange",
    "Pilot",
    "PortfolioMeeting",
    "Programme",
    "ProgressReport",
    "Region",
    "RegionAssignment",
    "Risk",
    "Study",
    "Tranche",
]
