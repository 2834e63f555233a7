"""Every POST-only URL × every persona: the refused change nothing, the allowed succeed.

The GET matrix answers 405 for these URLs whoever asks, so it cannot tell whether their
permission check is there. Here each is posted with valid data by every persona. For a
persona who may not use it the answer is a refusal (302 to log in, 403, or 404) and not
one history record is written anywhere; for those who may, a history record of the change
is written. A new POST-only URL without a row here fails `test_every_post_only_url_has_a_row`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from portal.audit.registry import audited_models
from tests import matrix_objects
from tests.conftest import PERSONAS
from tests.factories import CriterionAssessmentFactory, GrantConditionFactory, ReleaseItemFactory
from tests.test_permission_matrix import MATRIX

# The personas of these matrices are made once per module, each with a session (see
# tests/matrix_objects.py): the same names as tests/conftest.py's fixtures, which they
# replace here.
globals().update({n: getattr(matrix_objects, n) for n in matrix_objects.MODULE_PERSONA_FIXTURES})

MANAGERS = {"programme_manager"}
LOGGED_IN = set(PERSONAS) - {"anonymous"}
REFUSALS = {302, 403, 404}
API_REFUSALS = frozenset({400, 401, 403, 404})


@dataclass
class PostRow:
    allowed: set[str]
    kwargs: dict[str, str] = field(default_factory=dict)
    # Brings the sample objects into the state the step needs (for `user`, who may or may
    # not use the URL); returns the form data. It may point `objects` at other rows.
    prepare: Callable[[dict[str, Any], Any, bool], dict[str, Any]] = lambda o, u, a: {}
    audited: bool = True  # the allowed change writes a history record
    refusals: frozenset[int] = frozenset(REFUSALS)  # the answers that count as refused


def _submitted_proposal(objects, user, allowed):
    from roadmap.models import IntakeProposal

    IntakeProposal.objects.filter(pk=objects["PROPOSAL"]).update(
        status=IntakeProposal.Status.SUBMITTED
    )
    return {}


def _assessment(objects, user, allowed):
    _submitted_proposal(objects, user, allowed)
    return {
        "added_value_score": 4,
        "added_value_explanation": "x",
        "support_score": 3,
        "support_explanation": "x",
        "feasibility_score": 4,
        "feasibility_explanation": "x",
    }


def _decline(objects, user, allowed):
    from roadmap.models import IntakeProposal

    IntakeProposal.objects.filter(pk=objects["PROPOSAL"]).update(
        status=IntakeProposal.Status.SUBMITTED,
        added_value_score=2,
        support_score=2,
        feasibility_score=2,
    )
    return {"decision": "decline", "reason": "Te weinig draagvlak."}


def _release_with_item(objects, user, allowed):
    from agreements.models import AgreementVersion, Release

    release = Release.objects.get(number=objects["REL_DRAFT"])
    version = AgreementVersion.objects.get(agreement__code=objects["AGR"], number=2)
    ReleaseItemFactory(release=release, version=version, change_type="changed")
    return {}


def _approved_release(objects, user, allowed):
    from agreements.models import AgreementVersion, Release

    release = Release.objects.get(number=objects["REL_APPROVED"])
    version = AgreementVersion.objects.get(agreement__code=objects["AGR"], number=2)
    AgreementVersion.objects.filter(pk=version.pk).update(effective_from=None)
    ReleaseItemFactory(release=release, version=version, change_type="changed")
    import datetime as dt

    return {"effective_on": dt.date.today().isoformat(), "confirm": "on"}


def _answers(objects, user, allowed):
    from roadmap.models import FundingApplication

    application = FundingApplication.objects.get(pk=objects["APPLICATION"])
    data = {"lock_version": application.lock_version}
    for criterion in application.scheme.criteria.all():
        data[f"answer_{criterion.pk}"] = "Ons antwoord."
        data[f"evidence_{criterion.pk}"] = ""
    return data


def _submitted_application(objects, user, allowed):
    from roadmap.models import FundingApplication

    FundingApplication.objects.filter(pk=objects["APPLICATION"]).update(
        status=FundingApplication.Status.SUBMITTED,
        submitted_at=dt.datetime.now(dt.UTC),
        criteria_version=1,
    )
    application = FundingApplication.objects.get(pk=objects["APPLICATION"])
    criterion = application.scheme.criteria.get().pk
    return {f"verdict_{criterion}": "met", f"reasoning_{criterion}": "Voldoet."}


def _decision(objects, user, allowed):
    from roadmap.models import FundingApplication

    _submitted_application(objects, user, allowed)
    application = FundingApplication.objects.get(pk=objects["APPLICATION"])
    CriterionAssessmentFactory(
        application=application, criterion=application.scheme.criteria.get(), verdict="met"
    )
    return {"status": "granted", "rationale": "Past binnen de regeling.", "amount_granted": "1"}


def _conditional_grant(objects, user, allowed):
    """The application granted on the condition that its one criterion be met later."""
    from roadmap.models import FundingApplication

    _submitted_application(objects, user, allowed)
    application = FundingApplication.objects.get(pk=objects["APPLICATION"])
    criterion = application.scheme.criteria.get()
    CriterionAssessmentFactory(application=application, criterion=criterion, verdict="not_met")
    FundingApplication.objects.filter(pk=application.pk).update(
        status=FundingApplication.Status.CONDITIONAL, amount_granted=1
    )
    objects["CONDITION"] = GrantConditionFactory(application=application, criterion=criterion).pk
    return {"status": "met", "note": "Voldaan."}


def _draft_consultation(objects, user, allowed):
    from consultations.models import Consultation

    Consultation.objects.filter(slug=objects["CONSULTATION"]).update(
        status=Consultation.Status.DRAFT,
        opens_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
        closes_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=40),
    )
    return {}


def _registered(objects, user, allowed):
    """The persona holds a place at the session (those who may register)."""
    from consultations.models import SessionRegistration

    if allowed:
        SessionRegistration.objects.create(session_id=objects["SESSION"], user=user)
    return {}


def _access_request(objects, user, allowed):
    """Someone asks to act for organisation A: its members and administrators decide."""
    from portal.accounts.models import AccessRequest, Organisation
    from tests.factories import make_person

    person = make_person(email=f"vraagt-{user.pk if user else 0}@example.org")
    request = AccessRequest.objects.create(
        user=person,
        organisation=Organisation.objects.get(slug="zorgsoft-a"),
        roles="field_party",
        source=AccessRequest.Source.PERSON,
    )
    objects["ACCESS_REQUEST"] = request.pk
    return {"decision": "approve"}


def _own_open_comment(objects, user, allowed):
    """The comment is the persona's own, on a consultation still open."""
    from consultations.models import Comment, Consultation

    comment = Comment.objects.get(pk=objects["COMMENT"])
    Consultation.objects.filter(pk=comment.consultation_id).update(
        status=Consultation.Status.SCHEDULED,
        opens_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
        closes_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=10),
    )
    if allowed:
        Comment.objects.filter(pk=comment.pk).update(
            author=user, organisation_id=user.memberships.first().organisation_id
        )
    return {"confirm": "1"}


def _own_subscription(objects, user, allowed):
    """Someone else's subscription is not found; those allowed stop following their own."""
    from portal.notifications.services import follow
    from roadmap.models import Exchange

    if allowed:
        exchange = Exchange.objects.get(number=objects["EXCHANGE"])
        objects["SUBSCRIPTION"] = follow(actor=user, target=exchange).pk
    return {}


def _follow(objects, user, allowed):
    from roadmap.models import Exchange

    return {"kind": "exchange", "id": Exchange.objects.get(number=objects["EXCHANGE"]).pk}


def _milestone_step(**data):
    def prepare(objects, user, allowed):
        from roadmap.models import Milestone

        lock = Milestone.objects.get(pk=objects["MILESTONE"]).lock_version
        return {**data, "lock_version": lock}

    return prepare


def _commitment_lock(objects, user, allowed):
    from parliament.models import Commitment

    return {"lock_version": Commitment.objects.get(pk=objects["COMMITMENT"]).lock_version}


def _commitment_fulfil(objects, user, allowed):
    return {
        **_commitment_lock(objects, user, allowed),
        "by": "Voortgangsbrief GIS",
        "on": "2026-02-01",
    }


def _track_lock(objects, user, allowed):
    from parliament.models import LegislativeTrack

    return {"lock_version": LegislativeTrack.objects.get(slug=objects["TRACK"]).lock_version}


def _advice_lock(objects, user, allowed):
    from parliament.models import AdvisoryReport

    return {"lock_version": AdvisoryReport.objects.get(slug=objects["ADVICE"]).lock_version}


def _item_lock(objects, user, allowed):
    from parliament.models import AdviceItem

    return {"lock_version": AdviceItem.objects.get(pk=objects["ADVICE_ITEM"]).lock_version}


def _block_lock(objects, user, allowed):
    from roadmap.models import BuildingBlock

    return {"lock_version": BuildingBlock.objects.get(slug=objects["BLOCK"]).lock_version}


def _figure_lock(objects, user, allowed):
    from roadmap.models import AdoptionMeasurement

    return {"lock_version": AdoptionMeasurement.objects.get(pk=objects["FIGURE"]).lock_version}


POST_ROWS: dict[str, PostRow] = {
    "adoption:figure-remove": PostRow(MANAGERS, {"pk": "FIGURE"}, prepare=_figure_lock),
    "blocks:step": PostRow(MANAGERS, {"slug": "BLOCK", "verb": "unpublish"}, prepare=_block_lock),
    "parliament:advice-step": PostRow(
        MANAGERS, {"slug": "ADVICE", "verb": "unpublish"}, prepare=_advice_lock
    ),
    "parliament:item-step": PostRow(
        MANAGERS, {"slug": "ADVICE", "pk": "ADVICE_ITEM", "verb": "complete"}, prepare=_item_lock
    ),
    "parliament:track-step": PostRow(
        MANAGERS, {"slug": "TRACK", "verb": "unpublish"}, prepare=_track_lock
    ),
    "parliament:step": PostRow(
        MANAGERS, {"pk": "COMMITMENT", "verb": "start"}, prepare=_commitment_lock
    ),
    "parliament:fulfil": PostRow(MANAGERS, {"pk": "COMMITMENT"}, prepare=_commitment_fulfil),
    "portfolio:publication": PostRow(
        MANAGERS,
        {"kind": "mijlpaal", "pk": "MILESTONE"},
        prepare=_milestone_step(action="unpublish"),
    ),
    "portfolio:reschedule": PostRow(
        MANAGERS,
        {"kind": "mijlpaal", "pk": "MILESTONE"},
        prepare=_milestone_step(date="2026-03-01"),
    ),
    "agreements:release-submit": PostRow(
        MANAGERS, {"number": "REL_DRAFT"}, prepare=_release_with_item
    ),
    "agreements:release-publish": PostRow(
        MANAGERS, {"number": "REL_APPROVED"}, prepare=_approved_release
    ),
    "wegiz:round-step": PostRow(MANAGERS, {"pk": "ROUND", "step": "close"}),
    "wegiz:update-withdraw": PostRow(
        MANAGERS, {"pk": "UPDATE"}, prepare=lambda o, u, a: {"reason": "Verkeerde datum."}
    ),
    "wegiz:phase-void": PostRow(
        MANAGERS, {"pk": "PHASE_CHANGE"}, prepare=lambda o, u, a: {"reason": "Dubbel ingevoerd."}
    ),
    "wegiz:proposal-assess": PostRow(MANAGERS, {"pk": "PROPOSAL"}, prepare=_assessment),
    "wegiz:proposal-decide": PostRow(MANAGERS, {"pk": "PROPOSAL"}, prepare=_decline),
    "regions:review-respond": PostRow(
        {"coordinator_x"}, {"pk": "REVIEW"}, prepare=lambda o, u, a: {"response": "Klopt."}
    ),
    "regions:application-answers": PostRow(
        {"coordinator_x"}, {"pk": "APPLICATION"}, prepare=_answers
    ),
    "regions:condition-follow-up": PostRow(
        MANAGERS, {"pk": "CONDITION"}, prepare=_conditional_grant
    ),
    "regions:application-assess": PostRow(
        MANAGERS, {"pk": "APPLICATION"}, prepare=_submitted_application
    ),
    "regions:application-decide": PostRow(MANAGERS, {"pk": "APPLICATION"}, prepare=_decision),
    "consultations:schedule": PostRow(
        MANAGERS, {"slug": "CONSULTATION"}, prepare=_draft_consultation
    ),
    "consultations:report-pdf-generate": PostRow(MANAGERS, {"slug": "CONSULTATION"}),
    "consultations:document-remove": PostRow(
        MANAGERS, {"slug": "CONSULTATION", "pk": "DOCUMENT"}, prepare=_draft_consultation
    ),
    # Field parties (coordinators are field parties too) take a place and give it back.
    "consultations:session-register": PostRow(
        {"field_party", "coordinator_x", "coordinator_y"},
        {"slug": "CONSULTATION", "pk": "SESSION"},
    ),
    "consultations:session-unregister": PostRow(
        {"field_party", "coordinator_x", "coordinator_y"},
        {"slug": "CONSULTATION", "pk": "SESSION"},
        prepare=_registered,
    ),
    "consultations:comment-hide": PostRow(
        MANAGERS, {"pk": "COMMENT"}, prepare=lambda o, u, a: {"reason": "Persoonsgegevens."}
    ),
    # Only a comment's author may withdraw it: made the field party's own for this row.
    "consultations:comment-withdraw": PostRow(
        {"field_party"}, {"pk": "COMMENT"}, prepare=_own_open_comment
    ),
    # Members of the organisation asked for, and administrators, decide.
    "accounts:access-request-decide": PostRow(
        {"field_party", "coordinator_x", "admin"},
        {"pk": "ACCESS_REQUEST"},
        prepare=_access_request,
    ),
    # Without an app set up, renewing recovery codes sends one to confirm first.
    "accounts:second-factor-recovery-codes": PostRow(LOGGED_IN, audited=False),
    "notifications:follow": PostRow(LOGGED_IN, prepare=_follow),
    "notifications:unfollow": PostRow(LOGGED_IN, {"pk": "SUBSCRIPTION"}, prepare=_own_subscription),
    "notifications:mark-all-read": PostRow(LOGGED_IN, audited=False),
    "accounts:logout": PostRow(set(PERSONAS), audited=False),
    # Only an integrator client's token (with its scope) may write through the API, and
    # only a client's credentials get a token: every session is refused.
    # (401: no token; 403: a session; 400: a token request without client credentials.)
    "api:progress-report-submission": PostRow(set(), {"pk": "REPORT"}, refusals=API_REFUSALS),
    "oauth-token": PostRow(set(), audited=False, refusals=API_REFUSALS),
    "oauth-revoke": PostRow(set(), audited=False, refusals=API_REFUSALS),
}


def _post_only_names() -> list[str]:
    return sorted(name for name, row in MATRIX.items() if row.default == 405)


def test_every_post_only_url_has_a_row():
    missing = [n for n in _post_only_names() if n not in POST_ROWS]
    assert not missing, f"POST-only URLs without a POST row: {missing}"


def _history_count() -> int:
    return sum(m.history_model.objects.count() for m in audited_models().values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POST_ROWS))
def test_post_only_url_refuses_or_succeeds_per_persona(
    name, persona, persona_client, sample_objects, request
):
    row = POST_ROWS[name]
    user = request.getfixturevalue(persona)
    data = row.prepare(sample_objects, user, persona in row.allowed)
    kwargs = {k: str(sample_objects.get(v, v)) for k, v in row.kwargs.items()}
    client = persona_client(persona)
    before = _history_count()
    response = client.post(reverse(name, kwargs=kwargs or None), data)
    after = _history_count()
    if persona in row.allowed:
        assert response.status_code < 400, f"{name} as {persona}: {response.status_code}"
        if row.audited:
            assert after > before, f"{name} as {persona} answered but changed nothing"
    else:
        assert response.status_code in row.refusals, f"{name} as {persona}: {response.status_code}"
        assert after == before, f"{name} as {persona} was refused but changed something"
