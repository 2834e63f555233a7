from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

COMMITTED = Path(settings.BASE_DIR) / "portal" / "api" / "openapi.json"


def test_api_root_links_to_the_documentation(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    links = response.json()["_links"]
    assert links["openapi"]["href"].endswith("/api/v1/openapi.json")
    assert links["docs"]["href"].endswith("/api/v1/docs")


def test_openapi_document_is_openapi_3_with_contact_and_licence(client):
    # CORS answers a cross-origin request (one that names its Origin).
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://elders.example.org")
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.0")
    assert doc["info"]["contact"]["email"]
    assert doc["info"]["license"]["name"] == "CC0 1.0"
    assert doc["servers"][0]["url"].endswith("/api/v1")
    assert "/openapi.json" in doc["paths"]


def test_committed_openapi_document_matches_the_code(client):
    """The committed document is what `make openapi` generates: no drift."""
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override("en"):
        generated = SchemaGenerator().get_schema(request=None, public=True)
    committed = json.loads(COMMITTED.read_text())
    assert json.loads(json.dumps(generated, default=str)) == committed, (
        "portal/api/openapi.json is out of date: run `make openapi` and commit it."
    )


def test_no_path_has_a_trailing_slash_and_paths_are_kebab_case():
    doc = json.loads(COMMITTED.read_text())
    for path in doc["paths"]:
        assert path == "/" or not path.endswith("/"), path
        for part in path.strip("/").split("/"):
            if part and not part.startswith("{"):
                assert part == part.lower(), path
                assert "_" not in part, path


def test_every_success_response_documents_the_version_header():
    doc = json.loads(COMMITTED.read_text())
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith(("2", "3")):
                    assert "API-Version" in response["headers"], (path, method, code)
                else:
                    assert "application/problem+json" in response["content"], (path, method, code)


def test_unknown_api_url_is_problem_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == settings.API_VERSION
    body = response.json()
    assert body["status"] == 404
    assert body["title"]


def test_method_not_allowed_is_problem_json(client):
    response = client.post("/api/v1/openapi.json", {}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert response["Content-Type"] == "application/problem+json"


def test_anonymous_requests_are_rate_limited(client, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], anon="3/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    statuses = [client.get("/api/v1/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/")
    assert response["Content-Type"] == "application/problem+json"
    assert "Retry-After" in response


def test_docs_use_bundled_assets_not_a_cdn(client):
    response = client.get(reverse("api:swagger"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_the_documentation_page_lists_every_operation_without_javascript(client):
    import json
    from pathlib import Path

    from django.conf import settings

    document = json.loads(Path(settings.BASE_DIR, "portal/api/openapi.json").read_text())
    html = client.get(reverse("api:docs")).content.decode()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                assert f'id="{operation["operationId"]}"' in html, operation["operationId"]
                assert f"{method.upper()} {path}" in html
    assert '<div lang="en">' in html
    assert reverse("api:swagger") in html and reverse("api:openapi") in html
