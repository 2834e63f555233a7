"""The open-data catalogue conforms to DCAT-AP-NL 3.0: Geonovum's SHACL shapes (vendored
in tests/data/dcat-ap-nl30) report no violation, and the API is a dcat:DataService."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

SHAPES = Path(__file__).parent / "data" / "dcat-ap-nl30"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _catalogue(client) -> rdflib.Graph:
    response = client.get("/open-data/catalogus.jsonld")
    assert response.status_code == 200
    return rdflib.Graph().parse(data=response.content, format="json-ld")


def _violations(data: rdflib.Graph, shapes: rdflib.Graph) -> list[str]:
    _conforms, report, _text = validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    return [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
        f"{report.value(r, SH.resultMessage)}"
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]


def test_the_catalogue_has_no_dcat_ap_nl_violations(client, demo_data, shapes):
    data = _catalogue(client)
    assert len(list(data.subjects(RDF.type, DCAT.Dataset))) >= 10
    assert _violations(data, shapes) == []


def test_the_shapes_do_catch_a_catalogue_that_breaks_them(client, demo_data, shapes):
    """The check can fail: without creators and contact points it reports violations."""
    data = _catalogue(client)
    data.remove((None, DCTERMS.creator, None))
    data.remove((None, DCAT.contactPoint, None))
    found = _violations(data, shapes)
    assert any("creator" in v for v in found)
    assert any("contactPoint" in v for v in found)


def test_the_api_is_a_data_service_with_its_openapi_document(client, demo_data):
    data = _catalogue(client)
    services = list(data.subjects(RDF.type, DCAT.DataService))
    assert len(services) == 1
    service = services[0]
    assert str(data.value(service, DCAT.endpointDescription)).endswith("/api/v1/openapi.json")
    served = set(data.objects(service, DCAT.servesDataset))
    datasets = set(data.subjects(RDF.type, DCAT.Dataset))
    assert served and served <= datasets
    for distribution in data.subjects(DCAT.accessService, service):
        assert str(data.value(distribution, DCAT.accessURL)).startswith(str(service))


def test_media_types_themes_and_dates_use_the_standard_vocabularies(client):
    from tests.factories import AgreementFactory

    AgreementFactory()
    data = _catalogue(client)
    media = {str(m) for m in data.objects(None, DCAT.mediaType)}
    assert media and all(
        m.startswith("https://www.iana.org/assignments/media-types/") for m in media
    )
    assert "https://www.iana.org/assignments/media-types/text/csv" in media
    themes = {str(t) for t in data.objects(None, DCAT.theme)}
    assert themes == {"http://publications.europa.eu/resource/authority/data-theme/HEAL"}
    publishers = {str(p) for p in data.objects(None, DCTERMS.publisher)}
    assert publishers == {"https://identifier.overheid.nl/tooi/id/ministerie/mnre1025"}
    agreements = next(
        d for d in data.subjects(RDF.type, DCAT.Dataset) if str(d).endswith("#agreements")
    )
    issued = data.value(agreements, DCTERMS.issued).toPython()
    modified = data.value(agreements, DCTERMS.modified).toPython()
    assert issued <= modified
