"""The files operators and re-users look for: the licence, publiccode.yml (standard 0.4),
how to report a vulnerability and what changed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# From the publiccode.yml standard 0.4 (yml.publiccode.tools/schema.core.html).
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE = {"internal", "contract", "community", "none"}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_licence_is_the_eupl_1_2_as_the_package_says():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in text and len(text) > 12000  # the whole licence, not a stub
    assert _project()["license"] == "EUPL-1.2"


def test_publiccode_yml_has_what_the_standard_requires():
    doc = yaml.safe_load((ROOT / "publiccode.yml").read_text())
    assert doc["publiccodeYmlVersion"] == "0.4"
    for key in ("name", "url", "platforms", "categories", "developmentStatus", "softwareType"):
        assert doc.get(key), key
    assert doc["developmentStatus"] in DEVELOPMENT_STATUS
    assert doc["softwareType"] in SOFTWARE_TYPES
    assert doc["softwareVersion"] == _project()["version"]
    assert doc["legal"]["license"] == "EUPL-1.2"
    assert doc["maintenance"]["type"] in MAINTENANCE
    assert doc["maintenance"]["contacts"][0]["name"]
    assert doc["localisation"]["localisationReady"] is True
    assert set(doc["localisation"]["availableLanguages"]) == {"nl", "en"}
    for lang in ("nl", "en"):
        description = doc["description"][lang]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"] and all(len(f) <= 100 for f in description["features"])


def test_security_policy_and_changelog_exist():
    security = (ROOT / "SECURITY.md").read_text()
    assert "Reporting a vulnerability" in security
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog and f"## [{_project()['version']}]" in changelog
