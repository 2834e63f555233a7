"""Public dashboards (chart, table, CSV), the impact view and the open-data page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from portal.dashboards.charts import registered_charts
from roadmap.models import (
    AlignmentReview,
)
from tests.factories import (
    AgreementFactory,
    AlignmentReviewFactory,
    AnswerFactory,
    BuildingBlockFactory,
    CommentFactory,
    CommitmentFactory,
    ConsultationFactory,
    DecisionActionFactory,
    DecisionFactory,
    DeliverableFactory,
    DraftVersionFactory,
    ExchangeFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganisationFactory,
    OutcomeAssessmentFactory,
    PilotFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    SectionFactory,
    StandardFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _csv(client, key):
    response = client.get(reverse("dashboards:csv", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _table(html, key):
    """The rows of the table in the chart block `key`, as text cells."""
    block = html[html.index(f'id="{key}"') :]
    block = block[: block.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_every_chart_has_a_figure_a_table_and_the_same_data_as_csv(client, region_x):
    AgreementFactory(layer=Agreement.Layer.TECHNICAL)
    pilot = PilotFactory(title="Dezi", slug="dezi", kind="pilot", summary="x")
    OutcomeAssessmentFactory(
        pilot=pilot,
        technical_feasibility=4,
        technical_feasibility_explanation="x",
        user_experience=3,
        user_experience_explanation="x",
        scalability=2,
        scalability_explanation="x",
        work_process_impact=5,
        work_process_impact_explanation="x",
        assessed_on=dt.date(2026, 3, 1),
    )
    index = client.get(reverse("dashboards:index")).content.decode()
    for chart in registered_charts():
        # The overview links every chart's page and CSV; the page has its heading, and a
        # CSV link, or says it has nothing to count.
        assert reverse("dashboards:chart", args=[chart.key]) in index, chart.key
        assert reverse("dashboards:csv", args=[chart.key]) in index, chart.key
        response = client.get(reverse("dashboards:chart", args=[chart.key]))
        assert response.status_code == 200
        page = response.content.decode()
        assert f'id="{chart.key}-heading"' in page, chart.key
        assert (
            reverse("dashboards:csv", args=[chart.key]) in page
            or "Er valt nog niets te tellen" in page
        ), chart.key
    assert client.get(reverse("dashboards:chart", args=["no-such-chart"])).status_code == 404
    # A chart with data: figure JSON, table and CSV agree.
    html = client.get(reverse("dashboards:chart", args=["pilot-scores"])).content.decode()
    figure = json.loads(
        re.search(
            r'<script id="figure-pilot-scores" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert [trace["y"] for trace in figure["data"]] == [[4], [3], [2], [5]]
    rows = _csv(client, "pilot-scores")
    assert rows[1] == ["Dezi", "4", "3", "2", "5"]
    assert _table(html, "pilot-scores")[1] == ["Dezi", "4", "3", "2", "5"]


def test_catalogue_counts_only_what_is_public(client):
    AgreementFactory.create_batch(2, layer=Agreement.Layer.LEGAL)
    AgreementFactory(layer=Agreement.Layer.LEGAL, status=Agreement.Status.DRAFT)
    AgreementFactory(layer=Agreement.Layer.TECHNICAL, status=Agreement.Status.WITHDRAWN)
    rows = _csv(client, "catalogue-by-layer")
    header, legal = rows[0], next(r for r in rows if r[0] == "Juridisch")
    assert "Concept" not in header
    assert sum(int(v) for v in legal[1:]) == 2
    technical = next(r for r in rows if r[0] == "Technisch")
    assert technical[header.index("Ingetrokken")] == "1"


def test_temporary_agreements_by_quarter_they_end(client):
    AgreementFactory(
        is_temporary=True, reassessment_date=dt.date(2026, 12, 1), valid_until=dt.date(2027, 2, 1)
    )
    AgreementFactory(
        is_temporary=True, reassessment_date=dt.date(2026, 12, 1), valid_until=dt.date(2027, 3, 31)
    )
    AgreementFactory(
        is_temporary=True, reassessment_date=dt.date(2026, 12, 1), valid_until=dt.date(2027, 8, 1)
    )
    assert _csv(client, "temporary-agreements-ending")[1:] == [["2027 Q1", "2"], ["2027 Q3", "1"]]


def _consultation(status, n_comments, dispositions):
    now = timezone.now()
    c = ConsultationFactory(
        title=f"C {status}",
        slug=f"c-{status}",
        subject="gisa",
        introduction="x",
        status=status,
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
    )
    version = DraftVersionFactory(consultation=c, number=1)
    section = SectionFactory(version=version, order=1, number="1", title="A")
    author = UserFactory()
    organisation = OrganisationFactory()
    for i in range(n_comments):
        comment = CommentFactory(
            consultation=c, section=section, author=author, organisation=organisation, text=f"r{i}"
        )
        if i < len(dispositions):
            AnswerFactory(
                comment=comment, disposition=dispositions[i], reason="x", answered_by=author
            )
    if status == "reported":  # publishing the report stores its table (report_publish)
        from consultations import selectors

        c.report_counts = selectors.report_rows(c)
        c.save()
    return c


def test_consultation_handling_counts_dispositions_once_the_report_is_out(client):
    _consultation("reported", 5, ["adopted", "adopted", "partly", "noted"])
    _consultation("scheduled", 3, ["not_adopted"])  # answers not public yet
    _consultation("draft", 2, [])  # not public at all
    rows = _csv(client, "consultation-handling")
    assert rows[1:] == [
        ["C reported", "5", "2", "1", "0", "1", "1"],
        ["C scheduled", "3", "0", "0", "0", "0", "3"],
    ]


def test_regions_by_latest_alignment_verdict(client, region_x, cds_reviewer):
    aligned = dict.fromkeys(AlignmentReview.POINTS, "aligned")
    first = InitiativeFactory(region=region_x, slug="a", title="A", purpose="x")
    second = InitiativeFactory(region=region_x, slug="b", title="B", purpose="x")
    InitiativeFactory(region=region_x, slug="c", title="C", purpose="x")
    notes = {f"{p}_note": "x" for p in AlignmentReview.POINTS}
    AlignmentReviewFactory(
        initiative=first,
        reviewer=cds_reviewer,
        reviewed_on=dt.date(2026, 1, 1),
        **{**aligned, "reuse": "not_aligned"},
        **notes,
    )
    AlignmentReviewFactory(  # the latest counts
        initiative=first, reviewer=cds_reviewer, reviewed_on=dt.date(2026, 5, 1), **aligned, **notes
    )
    AlignmentReviewFactory(
        initiative=second,
        reviewer=cds_reviewer,
        reviewed_on=dt.date(2026, 5, 1),
        **{**aligned, "standards": "partly"},
        **notes,
    )
    assert _csv(client, "regions-alignment")[1:] == [[region_x.name, "1", "1", "0", "1"]]


def test_unknown_chart_is_not_found(client):
    assert client.get(reverse("dashboards:csv", args=["nope"])).status_code == 404


@pytest.mark.parametrize("n", [1, 10])
def test_dashboards_queries_do_not_grow(client, region_x, django_assert_num_queries, n):
    for i in range(n):
        AgreementFactory(
            is_temporary=True,
            reassessment_date=dt.date(2026, 12, 1),
            valid_until=dt.date(2027, 1 + i % 12, 1),
        )
        InitiativeFactory(region=region_x, slug=f"i{i}", title=f"I{i}", purpose="x")
        programme = ProgrammeFactory(name=f"P{i}", slug=f"p{i}")
        DeliverableFactory(
            programme=programme,
            title="D",
            start=dt.date(2026, 1, 1),
            due=dt.date(2026, 6, 1),
            original_due=dt.date(2026, 6, 1),
        )
        ExchangeFactory(number=i + 1, title=f"E{i}", care_domain="MSZ")
    client.get(reverse("dashboards:index"))
    # The overview counts nothing: only the data version for the ETag.
    with django_assert_num_queries(1):
        assert client.get(reverse("dashboards:index")).status_code == 200
    # A chart's page: its one aggregate, nothing per row, and the data version.
    for chart in registered_charts():
        with django_assert_num_queries(2):
            assert client.get(reverse("dashboards:chart", args=[chart.key])).status_code == 200


# --- impact -------------------------------------------------------------------------------


def test_impact_of_an_agreement_lists_what_depends_on_it(client, programme_manager, region_x):
    agreement = AgreementFactory(code="LAS-IMP-1")
    exchange = ExchangeFactory(number=21, title="Verwijzing", care_domain="MSZ")
    exchange.agreements.add(agreement)
    shown = PilotFactory(title="Open pilot", slug="open", kind="pilot", summary="x")
    hidden = PilotFactory(
        title="Stille pilot", slug="stil", kind="pilot", summary="x", is_published=False
    )
    shown.agreements.add(agreement)
    hidden.agreements.add(agreement)
    initiative = InitiativeFactory(region=region_x, slug="r", title="Regio-initiatief", purpose="x")
    initiative.agreements.add(agreement)
    internal = MilestoneFactory(
        title="Interne mijlpaal",
        date=dt.date(2026, 1, 1),
        original_date=dt.date(2026, 1, 1),
        is_public=False,
    )
    internal.agreements.add(agreement)
    url = reverse("dashboards:impact-agreement", args=["LAS-IMP-1"])
    html = client.get(url).content.decode()
    for text in ("Verwijzing", "Open pilot", "Regio-initiatief"):
        assert text in html
    assert "Stille pilot" not in html and "Interne mijlpaal" not in html
    client.force_login(programme_manager)
    html = client.get(url).content.decode()
    assert "Stille pilot" in html and "Interne mijlpaal" in html
    # The agreement page links to it.
    assert url in client.get(agreement.get_absolute_url()).content.decode()


def test_impact_of_a_draft_agreement_is_not_found_for_the_public(client, field_party):
    AgreementFactory(code="LAS-IMP-D", status=Agreement.Status.DRAFT)
    url = reverse("dashboards:impact-agreement", args=["LAS-IMP-D"])
    assert client.get(url).status_code == 404
    client.force_login(field_party)
    assert client.get(url).status_code == 404


def test_impact_of_a_programme_shows_deliverables_elsewhere_that_wait_for_it(client):
    ours = ProgrammeFactory(name="Ons programma", slug="ons")
    theirs = ProgrammeFactory(name="Ander programma", slug="ander")
    day = dt.date(2026, 6, 1)
    base = DeliverableFactory(
        programme=ours, title="Basisvoorziening", start=day, due=day, original_due=day
    )
    waiting = DeliverableFactory(
        programme=theirs, title="Afhankelijke oplevering", start=day, due=day, original_due=day
    )
    waiting.depends_on.add(base)
    html = client.get(reverse("dashboards:impact-programme", args=["ons"])).content.decode()
    assert "Afhankelijke oplevering (Ander programma)" in html
    assert "Basisvoorziening" in html


def test_impact_of_a_standard_reaches_exchanges_through_agreements(client):
    standard = StandardFactory(code="fhir-x", name="FHIR X")
    agreement = AgreementFactory(code="LAS-STD-1")
    agreement.standards.add(standard)
    draft = AgreementFactory(code="LAS-STD-D", status=Agreement.Status.DRAFT)
    draft.standards.add(standard)
    exchange = ExchangeFactory(number=22, title="Labuitslagen", care_domain="MSZ")
    exchange.agreements.add(agreement)
    html = client.get(reverse("dashboards:impact-standard", args=["fhir-x"])).content.decode()
    assert "LAS-STD-1" in html and "Labuitslagen" in html and "LAS-STD-D" not in html
    assert client.get(reverse("dashboards:impact-standard", args=["nope"])).status_code == 404


@pytest.mark.parametrize("n", [1, 8])
def test_impact_queries_do_not_grow(client, region_x, django_assert_num_queries, n):
    agreement = AgreementFactory(code="LAS-Q")
    for i in range(n):
        e = ExchangeFactory(number=400 + i, title=f"E{i}", care_domain="MSZ")
        e.agreements.add(agreement)
        p = PilotFactory(title=f"P{i}", slug=f"p{i}", kind="pilot", summary="x")
        p.agreements.add(agreement)
        r = InitiativeFactory(region=region_x, slug=f"r{i}", title=f"R{i}", purpose="x")
        r.agreements.add(agreement)
        CommitmentFactory(title=f"C{i}").agreements.add(agreement)
        BuildingBlockFactory(name=f"B{i}", slug=f"b{i}").agreements.add(agreement)
    url = reverse("dashboards:impact-agreement", args=["LAS-Q"])
    client.get(url)
    # the agreement, then one query per group (building blocks the tenth); and the data
    # version for the ETag
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


# --- open data ---------------------------------------------------------------------------


def test_open_data_lists_every_dataset_with_working_links(client):
    html = client.get(reverse("opendata:index")).content.decode()
    assert "CC0" in html
    links = set(re.findall(r'<td><ul class="portal-inline-list">(.*?)</ul>', html, re.S))
    urls = {u for block in links for u in re.findall(r'href="([^"]+)"', block)}
    assert "/api/v1/agreements" in urls and "/feeds/releases/" in urls
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url


def test_dcat_catalogue_is_valid_json_ld_with_what_harvesters_need(client, settings):
    settings.PORTAL_BASE_URL = "https://gis.example.org"
    response = client.get(reverse("opendata:jsonld"))
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["@type"] == "dcat:Catalog"
    assert {"dcat", "dct", "foaf", "vcard"} <= set(data["@context"])
    datasets = data["dcat:dataset"]
    assert len(datasets) >= 12
    for ds in datasets:
        for key in (
            "dct:identifier",
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dcat:contactPoint",
            "dct:license",
            "dct:accessRights",
            "dcat:distribution",
        ):
            assert ds[key], (ds["@id"], key)
        for dist in ds["dcat:distribution"]:
            assert dist["dcat:accessURL"]["@id"].startswith("https://gis.example.org/")
            assert dist["dct:format"]["@id"].startswith("http://publications.europa.eu/")
    # The page carries the same description for crawlers.
    page = client.get(reverse("opendata:index")).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["@type"] == "dcat:Catalog"


# --- staff home ----------------------------------------------------------------------------


def test_staff_home_lists_what_waits_for_them(client, programme_manager, region_x):

    c = _consultation("scheduled", 2, ["adopted"])  # closed, one comment unanswered
    initiative = InitiativeFactory(region=region_x, slug="late", title="Laat", purpose="x")
    ProgressReportFactory(
        initiative=initiative,
        period="2026-K1",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    decision = DecisionFactory(date=dt.date(2026, 1, 1), title="Besluit", decision="x")
    DecisionActionFactory(
        decision=decision,
        description="Brief sturen",
        owner="VWS",
        due=timezone.localdate() - dt.timedelta(days=1),
    )
    client.force_login(programme_manager)
    html = client.get("/").content.decode()
    assert reverse("consultations:answers", args=[c.slug]) in html
    assert "Laat" in html and "Brief sturen" in html


def test_coordinator_home_shows_only_their_own_overdue_reports(
    client, coordinator_x, coordinator_y, region_x
):

    initiative = InitiativeFactory(region=region_x, slug="x1", title="Kwelderproject", purpose="x")
    ProgressReportFactory(
        initiative=initiative,
        period="2026-K1",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    client.force_login(coordinator_x)
    assert "Kwelderproject" in client.get("/").content.decode()
    client.force_login(coordinator_y)
    html = client.get("/").content.decode()
    assert "Kwelderproject" not in html
    assert "Er wacht niets op u." in html


def test_open_data_page_reads_almost_nothing_from_the_database(client, django_assert_num_queries):
    # The datasets' first and last change dates, in one query, then from the cache; and
    # the data version, read once the visitor has a CSRF cookie (the second request), for
    # the ETag of a returning visitor (portal/core/freshness.py).
    with django_assert_num_queries(2):
        assert client.get(reverse("opendata:index")).status_code == 200
        assert client.get(reverse("opendata:jsonld")).status_code == 200


def test_long_lists_of_overdue_reports_are_counted_not_listed(client, coordinator_x, region_x):

    late = timezone.localdate() - dt.timedelta(days=3)
    for i in range(8):
        initiative = InitiativeFactory(
            region=region_x, slug=f"late-{i}", title=f"Achterstand {i}", purpose="x"
        )
        ProgressReportFactory(initiative=initiative, period="2026-K1", due_date=late)
    client.force_login(coordinator_x)
    html = client.get("/").content.decode()
    assert html.count("is te laat") == 5
    assert "en nog 3 te late voortgangsrapportages" in html
    assert reverse("regions:workspace") in html
