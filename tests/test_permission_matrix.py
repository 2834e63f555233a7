"""Every URL of the portal × every persona → the status it must answer.

A new URL pattern without a row here fails `test_every_url_has_a_row`: declare what each
persona may do with it. 200: allowed; 302: sent to log in; 403: logged in but refused;
404: must not even learn the object exists; 405: wrong method.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix_objects
from tests.conftest import PERSONAS

# The personas of these matrices are made once per module, each with a session (see
# tests/matrix_objects.py): the same names as tests/conftest.py's fixtures, which they
# replace here.
globals().update({n: getattr(matrix_objects, n) for n in matrix_objects.MODULE_PERSONA_FIXTURES})

LOGIN = 302
STAFF = ("programme_manager", "board_member", "admin")


@dataclass
class Row:
    default: int
    overrides: dict[str, int] = field(default_factory=dict)
    kwargs: dict | None = None  # callable-free sample arguments; see KWARG_FACTORIES

    def status_for(self, persona: str) -> int:
        return self.overrides.get(persona, self.default)


def public() -> Row:
    return Row(200)


def logged_in() -> Row:
    return Row(200, {"anonymous": LOGIN})


def staff_only(**extra) -> Row:
    return Row(403, {"anonymous": LOGIN, **dict.fromkeys(STAFF, 200)}, **extra)


def anonymous_only() -> Row:
    return Row(302, {"anonymous": 200})


def managers_only(**extra) -> Row:
    return Row(403, {"anonymous": LOGIN, "programme_manager": 200}, **extra)


def board_only(**extra) -> Row:
    return Row(403, {"anonymous": LOGIN, "board_member": 200}, **extra)


MATRIX: dict[str, Row] = {
    "core:home": public(),
    "core:accessibility": public(),
    "core:privacy": public(),
    "core:contact": public(),
    # Dashboards, impact, open data, search: public, each showing only what the visitor may see
    "dashboards:index": public(),
    "dashboards:csv": Row(200, kwargs={"key": "pilot-scores"}),
    "dashboards:chart": Row(200, kwargs={"key": "pilot-scores"}),
    "dashboards:impact-agreement": Row(200, kwargs={"value": "AGR"}),
    "dashboards:impact-exchange": Row(200, kwargs={"value": "EXCHANGE"}),
    "dashboards:impact-programme": Row(200, kwargs={"value": "PROGRAMME"}),
    "dashboards:impact-standard": Row(200, kwargs={"value": "STD"}),
    "opendata:index": public(),
    "opendata:jsonld": public(),
    "search:results": public(),
    # Notifications belong to one person: someone else's is not found, for anyone
    "notifications:inbox": logged_in(),
    "notifications:open": Row(404, {"anonymous": LOGIN}, kwargs={"pk": "NOTIFICATION"}),
    "notifications:mark-all-read": Row(405, {"anonymous": LOGIN}),  # POST only
    "notifications:settings": logged_in(),
    "notifications:follow": Row(405, {"anonymous": LOGIN}),  # POST only
    "notifications:unfollow": Row(405, {"anonymous": LOGIN}, kwargs={"pk": "SUBSCRIPTION"}),
    # Works without login; a made-up or altered token is refused for everyone
    "notifications:unsubscribe": Row(400, kwargs={"token": "not-a-signed-token"}),
    "healthz": public(),
    "healthz-live": public(),
    "healthz-ready": public(),
    # Not by role but by network: the test client comes from loopback, which may scrape;
    # the ingress and the internet may not (tests/test_observability.py).
    "metrics": public(),
    "favicon": Row(301),  # to the icon among the static files, for everyone
    "set-language": Row(302),  # GET only redirects back; the switch itself is a POST form
    "accounts:login": anonymous_only(),
    "accounts:logout": Row(405),  # logging out is a POST
    "accounts:profile": logged_in(),
    # Logging in through a login service: not found while none is configured (as here);
    # tests/test_oidc.py covers them with a real provider.
    "accounts:oidc-start": Row(404),
    # The second factor: set up (any logged-in person may); asking for the code without
    # an app set up sends one to the set-up first.
    "accounts:register": Row(302, {"anonymous": 200}),  # logged in: to one's account
    "accounts:register-verify": Row(400, kwargs={"token": "not-a-signed-token"}),
    "accounts:invite": Row(403, {"anonymous": LOGIN, "admin": 200}),
    "accounts:invitation": Row(404, kwargs={"token": "not-an-invitation"}),
    "accounts:access-requests": logged_in(),
    "accounts:membership-request": logged_in(),
    "accounts:access-request-decide": Row(405, kwargs={"pk": "1"}),  # POST only
    "accounts:my-data": logged_in(),
    "accounts:close": logged_in(),
    "accounts:second-factor": Row(302),
    # The steps of a security-key ceremony (django-otp-webauthn) are JSON POSTs for people
    # logged in, driven by its script and tested in tests/e2e/test_security_key_journey.py:
    # anonymous requests are refused, a GET is not a step.
    "otp_webauthn:credential-*": Row(403, dict.fromkeys(set(PERSONAS) - {"anonymous"}, 405)),
    "otp_webauthn:js-i18n-catalog": public(),
    "accounts:second-factor-setup": logged_in(),
    "accounts:second-factor-recovery-codes": Row(405),  # POST only
    "accounts:oidc-callback": Row(404),
    "accounts:password-reset": public(),
    "accounts:password-reset-done": public(),
    "accounts:password-reset-confirm": Row(200, kwargs={"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password-reset-complete": public(),
    "accounts:password-change": logged_in(),
    "accounts:password-change-done": logged_in(),
    "audit:activity": staff_only(),
    "audit:object-history": staff_only(kwargs={"label": "ORG", "object_id": "ORG_ID"}),
    # The agreement catalogue
    "agreements:list": public(),
    "agreements:export": Row(200, kwargs={"fmt": "csv"}),
    "agreements:compliance": public(),
    "agreements:compliance-export": Row(200, kwargs={"fmt": "json"}),
    "agreements:releases-export": Row(200, kwargs={"fmt": "xlsx"}),
    "agreements:harmonisations": managers_only(kwargs={"code": "AGR"}),
    "agreements:releases": public(),
    "agreements:release-compare": public(),
    "agreements:release-detail": Row(200, kwargs={"number": "REL_PUBLISHED"}),
    "agreements:detail": Row(200, kwargs={"code": "AGR"}),
    "agreements:compare": Row(200, kwargs={"code": "AGR"}),
    "agreements:create": managers_only(),
    "agreements:edit": managers_only(kwargs={"code": "AGR"}),
    "agreements:version-create": managers_only(kwargs={"code": "AGR"}),
    "agreements:withdraw": managers_only(kwargs={"code": "AGR"}),
    "agreements:release-create": managers_only(),
    "agreements:compliance-create": managers_only(),
    # The sample agreement is not temporary: a manager is sent back to it with a message.
    "agreements:reassess": Row(
        403, {"anonymous": LOGIN, "programme_manager": 302}, kwargs={"code": "AGR"}
    ),
    # Refused before any lookup, so the answer is the same whether the release exists.
    "agreements:release-edit": managers_only(kwargs={"number": "REL_DRAFT"}),
    "agreements:release-review": board_only(kwargs={"number": "REL_REVIEW"}),
    "agreements:release-submit": Row(405, kwargs={"number": "REL_DRAFT"}),  # POST only
    "agreements:release-publish": managers_only(kwargs={"number": "REL_APPROVED"}),
    "feed-releases": public(),
    "api:agreement-list": public(),
    "api:agreement-detail": Row(200, kwargs={"code": "AGR"}),
    "api:release-list": public(),
    "api:release-detail": Row(200, kwargs={"number": "REL_PUBLISHED"}),
    "api:standard-list": public(),
    "api:standard-detail": Row(200, kwargs={"code": "STD"}),
    # The Wegiz agenda
    "wegiz:agenda": public(),
    "wegiz:export": Row(200, kwargs={"fmt": "csv"}),
    "wegiz:timeline": public(),
    "wegiz:updates": public(),
    "wegiz:update": Row(200, kwargs={"pk": "UPDATE"}),
    "wegiz:exchange": Row(200, kwargs={"number": "EXCHANGE"}),
    "wegiz:update-publish": managers_only(),
    "wegiz:exchange-create": managers_only(),
    "wegiz:exchange-edit": managers_only(kwargs={"number": "EXCHANGE"}),
    "wegiz:phase-change": managers_only(kwargs={"number": "EXCHANGE"}),
    "wegiz:designation": managers_only(kwargs={"number": "EXCHANGE"}),
    "wegiz:study": managers_only(kwargs={"number": "EXCHANGE"}),
    "wegiz:intake": logged_in(),
    "wegiz:round-create": managers_only(),
    "wegiz:update-withdraw": Row(405, kwargs={"pk": "UPDATE"}),  # POST only
    "wegiz:phase-void": Row(405, kwargs={"pk": "PHASE_CHANGE"}),  # POST only
    "wegiz:round-step": Row(405, kwargs={"pk": "ROUND", "step": "close"}),  # POST only
    # Proposing needs a field party with an organisation (coordinators are field parties).
    "wegiz:proposal-create": Row(
        403,
        {"anonymous": LOGIN, "field_party": 200, "coordinator_x": 200, "coordinator_y": 200},
    ),
    # A draft of organisation A: its own field party and staff see it; others get 404.
    "wegiz:proposal": Row(
        404,
        {
            "anonymous": LOGIN,
            "field_party": 200,
            "coordinator_x": 200,
            "programme_manager": 200,
            "board_member": 200,
            "admin": 200,
        },
        kwargs={"pk": "PROPOSAL"},
    ),
    "wegiz:proposal-edit": Row(
        404,
        {
            "anonymous": LOGIN,
            "field_party": 200,
            "coordinator_x": 200,
            "programme_manager": 403,
            "board_member": 403,
            "admin": 403,
        },
        kwargs={"pk": "PROPOSAL"},
    ),
    "wegiz:proposal-assess": Row(405, kwargs={"pk": "PROPOSAL"}),  # POST only
    "wegiz:proposal-decide": Row(405, kwargs={"pk": "PROPOSAL"}),  # POST only
    "feed-wegiz": public(),
    "api:exchange-list": public(),
    "api:exchange-detail": Row(200, kwargs={"number": "EXCHANGE"}),
    # The portfolio and pilots
    "portfolio:index": public(),
    "portfolio:programmes-export": Row(200, kwargs={"fmt": "json"}),
    "portfolio:programme": Row(200, kwargs={"slug": "PROGRAMME"}),
    "portfolio:tranche": Row(200, kwargs={"slug": "TRANCHE"}),
    "portfolio:milestones": public(),
    "portfolio:milestones-export": Row(200, kwargs={"fmt": "csv"}),
    "portfolio:decisions": public(),
    "portfolio:recommendations": Row(301),  # moved to parliament:advice-list
    "portfolio:gantt": public(),
    "portfolio:gantt-data": public(),
    "portfolio:risks": staff_only(),
    "portfolio:meeting": staff_only(),
    "portfolio:meeting-pdf": staff_only(),
    # Parliament: the register and report are public (published items); managers write
    "parliament:register": public(),
    "parliament:report": public(),
    "parliament:export": Row(200, kwargs={"fmt": "csv"}),
    "parliament:tracks": public(),
    "parliament:track": Row(200, kwargs={"slug": "TRACK"}),
    "parliament:track-create": managers_only(),
    "parliament:track-edit": managers_only(kwargs={"slug": "TRACK"}),
    "parliament:track-steps": managers_only(kwargs={"slug": "TRACK"}),
    "parliament:track-step": Row(405, kwargs={"slug": "TRACK", "verb": "unpublish"}),
    "parliament:report-pdf": public(),
    "parliament:commitment": Row(200, kwargs={"pk": "COMMITMENT"}),
    "parliament:create": managers_only(),
    "parliament:edit": managers_only(kwargs={"pk": "COMMITMENT"}),
    "parliament:fulfil": Row(405, kwargs={"pk": "COMMITMENT"}),  # POST only
    "parliament:step": Row(405, kwargs={"pk": "COMMITMENT", "verb": "start"}),  # POST only
    "parliament:track-export": Row(200, kwargs={"fmt": "csv"}),
    "blocks:register": public(),
    "blocks:export": Row(200, kwargs={"fmt": "csv"}),
    "blocks:detail": Row(200, kwargs={"slug": "BLOCK"}),
    "blocks:create": managers_only(),
    "blocks:edit": managers_only(kwargs={"slug": "BLOCK"}),
    "blocks:step": Row(405, kwargs={"slug": "BLOCK", "verb": "unpublish"}),  # POST only
    "parliament:advice-list": public(),
    "parliament:follow-ups": public(),
    "parliament:follow-up-export": Row(200, kwargs={"fmt": "csv"}),
    "parliament:advice": Row(200, kwargs={"slug": "ADVICE"}),
    "parliament:advice-create": managers_only(),
    "parliament:advice-edit": managers_only(kwargs={"slug": "ADVICE"}),
    "parliament:item-create": managers_only(kwargs={"slug": "ADVICE"}),
    "parliament:item-edit": managers_only(kwargs={"slug": "ADVICE", "pk": "ADVICE_ITEM"}),
    # POST only
    "parliament:advice-step": Row(405, kwargs={"slug": "ADVICE", "verb": "unpublish"}),
    "parliament:item-step": Row(
        405, kwargs={"slug": "ADVICE", "pk": "ADVICE_ITEM", "verb": "complete"}
    ),
    "portfolio:create": managers_only(kwargs={"kind": "risico"}),
    "portfolio:edit": managers_only(kwargs={"kind": "programma", "pk": "PROGRAMME_ID"}),
    "portfolio:publication": Row(405, kwargs={"kind": "mijlpaal", "pk": "MILESTONE"}),
    "portfolio:reschedule": Row(405, kwargs={"kind": "mijlpaal", "pk": "MILESTONE"}),
    "portfolio:pilots": public(),
    "portfolio:pilot": Row(200, kwargs={"slug": "PILOT"}),
    "api:programme-list": public(),
    "api:programme-detail": Row(200, kwargs={"slug": "PROGRAMME"}),
    "api:tranche-list": public(),
    "api:tranche-detail": Row(200, kwargs={"slug": "TRANCHE"}),
    "api:milestone-list": public(),
    "api:milestone-detail": Row(200, kwargs={"pk": "MILESTONE"}),
    "api:commitment-list": public(),
    "api:commitment-detail": Row(200, kwargs={"pk": "COMMITMENT"}),
    "api:legislation-list": public(),
    "api:legislation-detail": Row(200, kwargs={"slug": "TRACK"}),
    "api:advisory-report-list": public(),
    "api:building-block-list": public(),
    "api:building-block-detail": Row(200, kwargs={"slug": "BLOCK"}),
    "api:advisory-report-detail": Row(200, kwargs={"slug": "ADVICE"}),
    "api:recommendation-list": public(),
    "api:recommendation-detail": Row(200, kwargs={"pk": "ADVICE_ITEM"}),
    "api:pilot-list": public(),
    "api:pilot-detail": Row(200, kwargs={"slug": "PILOT"}),
    # Regions and funding. Objects of region X (coordinator_x's region).
    "regions:register": public(),
    "regions:export": Row(200, kwargs={"fmt": "csv"}),
    "regions:workspace": Row(403, {"anonymous": LOGIN, "coordinator_x": 200, "coordinator_y": 200}),
    "regions:cds": Row(403, {"anonymous": LOGIN, "cds_reviewer": 200, **dict.fromkeys(STAFF, 200)}),
    "regions:initiative-create": Row(
        403, {"anonymous": LOGIN, "coordinator_x": 200, "coordinator_y": 200}
    ),
    "regions:initiative": Row(200, kwargs={"slug": "INITIATIVE"}),
    "regions:initiative-edit": Row(
        404,
        {
            "anonymous": LOGIN,
            "coordinator_x": 200,
            "cds_reviewer": 403,
            **dict.fromkeys(STAFF, 403),
        },
        kwargs={"slug": "INITIATIVE"},
    ),
    "regions:review-create": Row(
        403, {"anonymous": LOGIN, "cds_reviewer": 200}, kwargs={"slug": "INITIATIVE"}
    ),
    "regions:application-create": Row(
        404,
        {
            "anonymous": LOGIN,
            "coordinator_x": 200,
            "cds_reviewer": 403,
            **dict.fromkeys(STAFF, 403),
        },
        kwargs={"slug": "INITIATIVE"},
    ),
    "regions:review-respond": Row(405, kwargs={"pk": "REVIEW"}),  # POST only
    "regions:report": Row(
        404,
        {
            "anonymous": LOGIN,
            "coordinator_x": 200,
            "cds_reviewer": 200,
            **dict.fromkeys(STAFF, 200),
        },
        kwargs={"pk": "REPORT"},
    ),
    "regions:schemes": public(),
    "regions:scheme": Row(200, kwargs={"slug": "SCHEME"}),
    "regions:scheme-criteria": managers_only(kwargs={"slug": "SCHEME"}),
    "regions:scheme-create": managers_only(),
    # Adoption: public figures; managers (and a reporting organisation's people) record
    "adoption:register": public(),
    "adoption:export": Row(200, kwargs={"fmt": "csv"}),
    "adoption:figure-create": managers_only(),
    "adoption:figure-edit": managers_only(kwargs={"pk": "FIGURE"}),
    "adoption:figure-remove": Row(405, kwargs={"pk": "FIGURE"}),  # POST only
    "adoption:target-create": managers_only(),
    "adoption:target-edit": managers_only(kwargs={"pk": "TARGET"}),
    "api:compliance-record-list": public(),
    "api:compliance-record-detail": Row(200, kwargs={"pk": "COMPLIANCE"}),
    "api:harmonisation-list": public(),
    "api:harmonisation-detail": Row(200, kwargs={"pk": "HARMONISATION"}),
    "api:decision-list": public(),
    "api:decision-detail": Row(200, kwargs={"pk": "DECISION"}),
    "api:adoption-figure-list": public(),
    "api:adoption-figure-detail": Row(200, kwargs={"pk": "FIGURE"}),
    "api:adoption-target-list": public(),
    "api:adoption-target-detail": Row(200, kwargs={"pk": "TARGET"}),
    "regions:schemes-export": Row(200, kwargs={"fmt": "csv"}),
    "regions:scheme-edit": managers_only(kwargs={"slug": "SCHEME"}),
    "regions:call-create": managers_only(kwargs={"slug": "SCHEME"}),
    "regions:call-edit": managers_only(kwargs={"slug": "SCHEME", "pk": "CALL"}),
    # A draft application of region X: its coordinator, CDS and staff; others 404.
    "regions:application": Row(
        404,
        {"coordinator_x": 200, "cds_reviewer": 200, **dict.fromkeys(STAFF, 200)},
        kwargs={"pk": "APPLICATION"},
    ),
    "regions:application-answers": Row(405, kwargs={"pk": "APPLICATION"}),  # POST only
    # Its coordinator changes a draft; CDS and staff may see it but not change it.
    "regions:application-edit": Row(
        404,
        {
            "anonymous": LOGIN,
            "coordinator_x": 200,
            "cds_reviewer": 403,
            **dict.fromkeys(STAFF, 403),
        },
        kwargs={"pk": "APPLICATION"},
    ),
    "regions:condition-follow-up": Row(405, kwargs={"pk": "APPLICATION"}),  # POST only
    "regions:application-assess": Row(405, kwargs={"pk": "APPLICATION"}),  # POST only
    "regions:application-decide": Row(405, kwargs={"pk": "APPLICATION"}),  # POST only
    "regions:attachment": Row(
        404,
        {
            "anonymous": LOGIN,
            "coordinator_x": 200,
            "cds_reviewer": 200,
            **dict.fromkeys(STAFF, 200),
        },
        kwargs={"pk": "ATTACHMENT"},
    ),
    "api:region-list": public(),
    "api:region-detail": Row(200, kwargs={"slug": "REGION"}),
    "api:initiative-list": public(),
    "api:initiative-detail": Row(200, kwargs={"slug": "INITIATIVE"}),
    "api:funding-scheme-list": public(),
    "api:funding-scheme-detail": Row(200, kwargs={"slug": "SCHEME"}),
    "api:funding-decision-list": public(),
    # Progress reports are their region's: the list is empty for others, one is not found.
    "api:progress-report-list": public(),
    "api:progress-report-detail": Row(
        404,
        {"coordinator_x": 200, "cds_reviewer": 200, **dict.fromkeys(STAFF, 200)},
        kwargs={"pk": "REPORT"},
    ),
    # Written by a region's API client with a token (tests/integrations); POST only.
    "api:progress-report-submission": Row(405, kwargs={"pk": "REPORT"}),
    # Integrator clients get and revoke tokens with their credentials (POST only).
    "oauth-token": Row(405),
    "oauth-revoke": Row(405),
    "api:funding-decision-detail": Row(200, kwargs={"pk": "DECIDED"}),
    # Consultations
    "consultations:index": public(),
    "consultations:create": managers_only(),
    "consultations:mine": logged_in(),
    "consultations:detail": Row(200, kwargs={"slug": "CONSULTATION"}),
    "consultations:section": Row(200, kwargs={"slug": "CONSULTATION", "section_id": "SECTION"}),
    # The sample consultation is scheduled: the manager is sent back to it with a message.
    "consultations:edit": Row(
        403, {"anonymous": LOGIN, "programme_manager": 302}, kwargs={"slug": "CONSULTATION"}
    ),
    "consultations:schedule": Row(405, kwargs={"slug": "CONSULTATION"}),  # POST only
    "consultations:version": managers_only(kwargs={"slug": "CONSULTATION"}),
    "consultations:answers": managers_only(kwargs={"slug": "CONSULTATION"}),
    "consultations:report": Row(200, kwargs={"slug": "CONSULTATION"}),
    "consultations:report-publish": managers_only(kwargs={"slug": "CONSULTATION"}),
    "consultations:report-csv": Row(200, kwargs={"slug": "CONSULTATION"}),
    "consultations:document-add": managers_only(kwargs={"slug": "CONSULTATION"}),
    "consultations:document": Row(200, kwargs={"slug": "CONSULTATION", "pk": "DOCUMENT"}),
    "consultations:document-remove": Row(
        405, kwargs={"slug": "CONSULTATION", "pk": "DOCUMENT"}
    ),  # POST only
    "consultations:session-create": managers_only(kwargs={"slug": "CONSULTATION"}),
    "consultations:session": Row(200, kwargs={"slug": "CONSULTATION", "pk": "SESSION"}),
    "consultations:session-edit": managers_only(kwargs={"slug": "CONSULTATION", "pk": "SESSION"}),
    "consultations:session-record": managers_only(kwargs={"slug": "CONSULTATION", "pk": "SESSION"}),
    "consultations:session-register": Row(
        405, kwargs={"slug": "CONSULTATION", "pk": "SESSION"}
    ),  # POST only
    "consultations:session-unregister": Row(
        405, kwargs={"slug": "CONSULTATION", "pk": "SESSION"}
    ),  # POST only
    "consultations:report-pdf": Row(200, kwargs={"slug": "CONSULTATION"}),
    "consultations:report-pdf-status": Row(200, kwargs={"slug": "CONSULTATION"}),
    "consultations:report-pdf-generate": Row(405, kwargs={"slug": "CONSULTATION"}),  # POST only
    # Someone else's comment does not exist for you: 404 (its author is not a persona).
    "consultations:comment-edit": Row(404, {"anonymous": LOGIN}, kwargs={"pk": "COMMENT"}),
    "consultations:comment-withdraw": Row(405, kwargs={"pk": "COMMENT"}),  # POST only
    "consultations:comment-hide": Row(405, kwargs={"pk": "COMMENT"}),  # POST only
    "consultations:attachment": Row(200, kwargs={"pk": "COMMENT_FILE"}),  # of a public comment
    "feed-consultations": public(),
    "api:consultation-list": public(),
    "api:consultation-detail": Row(200, kwargs={"slug": "CONSULTATION"}),
    "api:consultation-comments": Row(200, kwargs={"slug": "CONSULTATION"}),
    "api:root": public(),
    "api:openapi": public(),
    "api:docs": public(),
    "api:swagger": public(),
    # The Django admin: administrators only; everyone else is sent to the admin login.
    "admin:*": Row(302, {"admin": 200}),
    "admin:login": Row(200, {"admin": 302}),
    "admin:logout": Row(302, {"admin": 405}),
    "admin:autocomplete": Row(302, {"admin": 403}),  # refuses a request without its fields
    # Login records are written by django-axes only; nobody adds them by hand.
    "admin:axes_*_add": Row(302, {"admin": 403}),
    # Agreements and releases change only through their workflow pages, never the admin.
    "admin:agreements_agreement_add": Row(302, {"admin": 403}),
    "admin:agreements_release_add": Row(302, {"admin": 403}),
    # Access requests come from logins and people, never typed in by an administrator.
    "admin:accounts_accessrequest_add": Row(302, {"admin": 403}),
    # Roles (groups) are changed by superusers only; administrators may look.
    "admin:auth_group_add": Row(302, {"admin": 403}),
}


def _walk(resolvers, namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed>", entry


def all_url_names() -> list[tuple[str, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def row_for(name: str) -> Row | None:
    if name in MATRIX:  # exact rows win over patterns; longer patterns over shorter
        return MATRIX[name]
    patterns = sorted((k for k in MATRIX if "*" in k), key=len, reverse=True)
    return next((MATRIX[k] for k in patterns if fnmatch.fnmatch(name, k)), None)


def test_every_url_has_a_row():
    # The admin's own redirects and catch-all have no names; everything of ours must.
    unnamed = [
        str(p.pattern)
        for name, p in all_url_names()
        if name.endswith("<unnamed>") and not name.startswith("admin:")
    ]
    missing = sorted(
        {
            name
            for name, _ in all_url_names()
            if not name.endswith("<unnamed>") and row_for(name) is None
        }
    )
    assert not unnamed, f"URL patterns without a name cannot be checked: {unnamed}"
    assert not missing, f"URLs without an expected status per persona: {missing}"


def _cases():
    seen = set()
    for name, pattern in all_url_names():
        if name.endswith("<unnamed>") or name in seen:
            continue
        seen.add(name)
        row = row_for(name)
        has_args = bool(pattern.pattern.regex.groupindex) or pattern.pattern.regex.groups
        if name.startswith("admin:") and has_args:
            continue  # object views of the admin are covered by its own login check
        yield pytest.param(name, row, id=name)


@pytest.mark.parametrize(("name", "row"), list(_cases()))
def test_url_answers_each_persona_as_declared(
    name, row, persona_client, organisation_a, sample_objects
):
    """Every persona in turn asks for the URL; every answer that differs from the row is
    reported together. (One test per URL rather than per URL and persona: the sample
    objects are set up once for the nine requests.)"""
    kwargs = dict(row.kwargs or {})
    # Sample objects that URLs with arguments point at.
    replacements = {
        "ORG": "accounts.organisation",
        "ORG_ID": str(organisation_a.pk),
        **sample_objects,
    }
    kwargs = {k: replacements.get(v, v) for k, v in kwargs.items()}
    if name == "audit:object-history":
        organisation_a.name = organisation_a.name + " (bewerkt)"
        organisation_a._change_reason = "test.organisation.renamed"
        organisation_a.save()
    url = reverse(name, kwargs=kwargs or None)
    wrong = []
    for persona in PERSONAS:
        response = persona_client(persona).get(url)
        expected = row.status_for(persona)
        if response.status_code != expected:
            wrong.append(f"as {persona}: expected {expected}, got {response.status_code}")
        elif (
            expected == LOGIN
            and persona == "anonymous"
            and name.split(":")[0] in {"audit", "accounts"}
            and not ("inloggen" in response["Location"] or "login" in response["Location"])
        ):
            wrong.append(f"as {persona}: sent to {response['Location']}, not to log in")
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


# Views that take a POST without a CSRF token, each for a stated reason.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail programs post here without a session.
    "notifications:unsubscribe",
    # OAuth2 token endpoints: clients authenticate with their own credentials, never with
    # a session cookie, so there is nothing for a cross-site request to ride on.
    "oauth-token",
    "oauth-revoke",
}
# Probes and the metrics scraper are answered before the rest of the stack (so that a
# pod's IP address as Host works) and take GET only: a POST is refused with 405 there.
PROBES = {"healthz", "healthz-live", "healthz-ready", "metrics"}


@pytest.mark.parametrize("name", sorted(PROBES))
def test_probes_refuse_every_post(name, programme_manager):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(programme_manager)
    assert client.post(reverse(name), {"x": "1"}).status_code == 405


@pytest.mark.parametrize(
    "name",
    [
        n
        for n, _p in all_url_names()
        if not n.startswith("api:") and n not in CSRF_EXEMPT | PROBES and "<unnamed>" not in n
    ],
)
def test_every_url_refuses_a_post_without_a_csrf_token(
    name, programme_manager, organisation_a, sample_objects
):
    """Every form (and every other URL) refuses a cross-site POST, even from a person who
    may use it. The API is read-only and answers POST with 405 before any of this."""
    from django.test import Client

    row = row_for(name)
    replacements = {
        "ORG": "accounts.organisation",
        "ORG_ID": str(organisation_a.pk),
        **sample_objects,
    }
    kwargs = {k: replacements.get(v, v) for k, v in (row.kwargs or {}).items()}
    args: list[str] = []
    if not kwargs:  # admin views: any id will do, the token is checked before the view
        from django.urls import NoReverseMatch

        try:
            reverse(name)
        except NoReverseMatch:
            regex = dict(all_url_names())[name].pattern.regex
            kwargs = {k: "auth" if k == "app_label" else "1" for k in regex.groupindex}
            args = [] if kwargs else ["1"] * regex.groups
    client = Client(enforce_csrf_checks=True)
    client.force_login(programme_manager)
    url = reverse(name, args=args or None, kwargs=kwargs or None)
    response = client.post(url, {"x": "1"})
    assert response.status_code == 403, f"{name}: {response.status_code}"
    assert b"CSRF" in response.content, name
