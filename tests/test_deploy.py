"""The files an operator deploys with: Kubernetes manifests and the single-host compose file.

The Kubernetes base (deploy/kubernetes, a Kustomize base that transforms nothing, so what
is applied is exactly its files) is validated object by object against the Kubernetes
API schemas (kubernetes-validate ships them) and scanned by checkov: no failed check,
and every skipped check carries its reason beside it. The compose file is validated
against the Compose Specification's schema (vendored in deploy/schemas).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BASE = ROOT / "deploy" / "kubernetes"
KUBERNETES = "1.31"  # the oldest version a Haven cluster still runs; the API kinds match
WORKLOADS = {"gis-portal-web", "gis-portal-worker", "gis-portal-beat", "gis-portal-migrate"}


def _objects() -> list[dict]:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    objects = []
    for name in kustomization["resources"]:
        objects += [doc for doc in yaml.safe_load_all((BASE / name).read_text()) if doc]
    return objects


def _by_name(kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in _objects() if o["kind"] == kind}


def _pod_spec(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]


def test_the_base_lists_every_manifest_and_transforms_nothing():
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    files = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    # Only resources: no patches, generators or name changes, so the files are the output.
    assert set(kustomization) == {"apiVersion", "kind", "resources"}


def test_every_object_is_valid_against_the_kubernetes_schemas():
    objects = _objects()
    assert {o["kind"] for o in objects} >= {
        "Namespace",
        "ServiceAccount",
        "ConfigMap",
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Job",
    }
    for obj in objects:
        kubernetes_validate.validate(obj, KUBERNETES, strict=True)


def test_an_invalid_object_is_caught_by_the_schema_check():
    """The check above can fail: a misspelt field is refused."""
    web = _by_name("Deployment")["gis-portal-web"]
    web["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES, strict=True)


def test_workloads_run_as_production_asks():
    deployments = _by_name("Deployment")
    jobs = _by_name("Job")
    assert set(deployments) | set(jobs) == WORKLOADS
    for name, obj in {**deployments, **jobs}.items():
        pod = _pod_spec(obj)
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["automountServiceAccountToken"] is False, name
        (container,) = pod["containers"]
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True, name
        assert context["allowPrivilegeEscalation"] is False, name
        assert context["capabilities"]["drop"] == ["ALL"], name
        assert {"requests", "limits"} <= set(container["resources"]), name
        assert {"mountPath": "/tmp", "name": "tmp"} in container["volumeMounts"], name  # noqa: S108
        assert {r.get("secretRef", {}).get("name") for r in container["envFrom"]} >= {
            "gis-portal-secrets"
        }
    web = deployments["gis-portal-web"]
    (container,) = _pod_spec(web)["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz/ready"
    beat = deployments["gis-portal-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"  # never two beats at once
    for name in ("gis-portal-worker", "gis-portal-beat"):
        (container,) = _pod_spec(deployments[name])["containers"]
        assert container["livenessProbe"]["exec"]["command"][:4] == [
            "/app/entrypoint.sh",
            "manage",
            "liveness",
            name.rsplit("-", 1)[1],
        ]
    assert _pod_spec(jobs["gis-portal-migrate"])["containers"][0]["args"] == ["migrate"]
    hpa = _by_name("HorizontalPodAutoscaler")["gis-portal-web"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "gis-portal-web"
    assert _by_name("PodDisruptionBudget")["gis-portal-web"]["spec"]["minAvailable"] == 1


def test_every_command_the_manifests_and_compose_use_is_one_the_entrypoint_knows():
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    known = set(re.findall(r"^    ([a-z]+)\)$", entrypoint, re.M))
    assert known == {"web", "worker", "beat", "migrate", "manage"}
    used = {
        _pod_spec(o)["containers"][0]["args"][0]
        for o in _objects()
        if "template" in o.get("spec", {})
    }
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    used |= {
        service["command"][0]
        for service in compose["services"].values()
        if "gis-portal:" in service.get("image", "")
    }
    assert used <= known
    assert used >= {"web", "worker", "beat", "migrate"}


def _checkov() -> str:
    if os.environ.get("TEST_AWAIT_BUILDS"):  # `make test` builds it while the tests run
        subprocess.run(
            [str(ROOT / "scripts" / "await_build.sh"), "checkov-venv"], cwd=ROOT, check=True
        )
    path = os.environ.get("CHECKOV") or str(ROOT / ".build" / "checkov-venv" / "bin" / "checkov")
    if not Path(path).exists():
        pytest.fail(f"checkov is not installed at {path}: `make test` installs it")
    return path


def test_checkov_finds_nothing_and_every_skip_is_justified():
    out = subprocess.run(
        [_checkov(), "--directory", str(BASE), "--framework", "kubernetes", "--output", "json",
         "--quiet", "--compact", "--skip-download"],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    report = json.loads(out.stdout)
    reports = report if isinstance(report, list) else [report]
    summary = reports[0]["summary"]
    failed = reports[0]["results"].get("failed_checks", [])
    assert summary["failed"] == 0, [(c["check_id"], c["resource"]) for c in failed]
    assert summary["passed"] > 100
    # Every skip names its reason next to it (an annotation "CKV_…=why").
    for obj in _objects():
        for key, value in obj["metadata"].get("annotations", {}).items():
            if key.startswith("checkov.io/skip"):
                check, _sep, reason = value.partition("=")
                assert re.fullmatch(r"CKV2?_K8S_\d+", check), value
                assert len(reason.split()) >= 8, f"{obj['metadata']['name']}: {value}"
    skipped = reports[0]["results"].get("skipped_checks", [])
    assert {c["check_id"] for c in skipped} <= {"CKV_K8S_43", "CKV_K8S_35"}


def test_the_compose_file_follows_the_compose_specification():
    schema = json.loads((ROOT / "deploy" / "schemas" / "compose-spec.json").read_text())
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)  # the schema's own draft
    validator.validate(compose)
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "migrate", "postgres", "redis", "minio"}
    for name in ("web", "worker", "beat", "postgres", "redis", "minio"):
        assert "test" in services[name]["healthcheck"], name
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["read_only"] is True, name
    broken = {**compose, "services": {"web": {"image": "x", "healthcheck": {"interval": 5}}}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
