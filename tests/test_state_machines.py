"""Every workflow's states and steps, declared once here and checked against the models.

A workflow changes only through its model's transitions (django-fsm-2), called from the
services. This table is the map a reader needs: a change to a machine fails here until the
table (and so the documentation of the workflow) says the same.
"""

from __future__ import annotations

import pytest
from django_fsm import TransitionNotAllowed

from agreements.models import Agreement, Release
from consultations.models import Comment, Consultation, ReportFile
from parliament.models import AdviceItem, Commitment
from roadmap.models import FundingApplication, IntakeProposal, IntakeRound, ProgressReport
from tests.factories import ProgrammeFactory

# model → {step: (from states, to state)}; "*" is any state.
MACHINES = {
    Agreement: {
        "adopt": ({"draft", "adopted"}, "adopted"),
        "withdraw": ({"draft", "adopted"}, "withdrawn"),
    },
    Release: {
        "submit": ({"draft", "returned"}, "in_review"),
        "approve": ({"in_review"}, "approved"),
        "send_back": ({"in_review"}, "returned"),
        "publish": ({"approved"}, "published"),
    },
    IntakeRound: {
        "open": ({"planned"}, "open"),
        "close": ({"open"}, "closed"),
    },
    IntakeProposal: {
        "submit": ({"draft", "submitted"}, "submitted"),
        "accept": ({"submitted"}, "accepted"),
        "decline": ({"submitted"}, "declined"),
    },
    ProgressReport: {"submit": ({"draft"}, "submitted")},
    FundingApplication: {
        "submit": ({"draft"}, "submitted"),
        "grant": ({"submitted"}, "granted"),
        "grant_with_conditions": ({"submitted"}, "conditional"),
        "refuse": ({"submitted"}, "refused"),
    },
    Consultation: {
        "schedule": ({"draft"}, "scheduled"),
        "publish_report": ({"scheduled"}, "reported"),
    },
    Comment: {
        "withdraw": ({"active"}, "withdrawn"),
        "hide": ({"*"}, "hidden"),
    },
    Commitment: {
        "start": ({"open"}, "in_progress"),
        "fulfil": ({"open", "in_progress"}, "fulfilled"),
        "reopen": ({"fulfilled"}, "in_progress"),
    },
    AdviceItem: {
        "start": ({"open"}, "in_progress"),
        "complete": ({"open", "in_progress"}, "done"),
        "reopen": ({"done"}, "in_progress"),
    },
    ReportFile: {
        "start": ({"queued", "running", "failed"}, "running"),
        "fail": ({"queued", "running", "failed"}, "failed"),
        "finish": ({"running"}, "done"),
    },
}


def _declared(model) -> dict[str, tuple[set[str], str]]:
    found: dict[str, tuple[set[str], str]] = {}
    for t in model._meta.get_field("status").get_all_transitions(model):
        sources, _target = found.get(t.name, (set(), t.target))
        found[t.name] = (sources | {t.source}, t.target)
    return found


@pytest.mark.parametrize("model", list(MACHINES), ids=lambda m: m.__name__)
def test_each_workflow_has_exactly_the_declared_steps(model):
    assert _declared(model) == MACHINES[model]


# Steps that take what they record.
STEP_ARGUMENTS = {("Commitment", "fulfil"): {"on": "2026-01-01", "by": "Kamerbrief"}}


@pytest.mark.parametrize("model", list(MACHINES), ids=lambda m: m.__name__)
def test_a_step_from_a_state_it_does_not_start_from_is_refused(model):
    states = set(model.Status.values)
    for step, (sources, target) in MACHINES[model].items():
        if "*" in sources:
            continue
        arguments = STEP_ARGUMENTS.get((model.__name__, step), {})
        for state in sorted(states - sources):
            obj = model(status=state)
            with pytest.raises(TransitionNotAllowed):
                getattr(obj, step)(**arguments)
            assert obj.status == state
        for state in sorted(sources):
            obj = model(status=state)
            getattr(obj, step)(**arguments)
            assert obj.status == target


# Statuses without steps (plain labels a manager sets) are guarded by the database instead.
CHECKED_STATUSES = [
    "roadmap.programme",
    "roadmap.tranche",
    "roadmap.deliverable",
    "roadmap.milestone",
    "roadmap.risk",
    "roadmap.pilot",
    "roadmap.initiative",
]


@pytest.mark.django_db
@pytest.mark.parametrize("label", CHECKED_STATUSES)
def test_the_database_refuses_an_unknown_status(label):
    from django.apps import apps
    from django.db import connection

    model = apps.get_model(label)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    name = f"{model._meta.model_name}_status_is_known"
    assert constraints[name]["check"], constraints.keys()


@pytest.mark.django_db
def test_an_unknown_programme_status_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    from roadmap.models import Programme

    programme = ProgrammeFactory(name="Landelijk dekkend netwerk", slug="ldn")
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(status="onbekend")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.RUNNING


def test_steps_are_taken_only_in_services():
    """A transition is called only from a domain's services module, where the permission
    check, the lock and the history record go with it. Scans the code for a call of any
    step's name with no arguments (`release.publish()`) outside `services.py`."""
    import ast
    from pathlib import Path

    steps = {name for machine in MACHINES.values() for name in machine}
    root = Path(__file__).resolve().parent.parent
    found = []
    for app in ("agreements", "consultations", "roadmap", "parliament", "portal"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "services.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in steps
                    and not node.args
                    and not node.keywords
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node)}")
    assert not found, "steps taken outside services:\n" + "\n".join(found)
