"""The audit the browser tests rely on can fail: a page with known WCAG faults is reported,
rule by rule, with the elements at fault."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import assert_accessible, axe_violations

pytestmark = pytest.mark.browser

FAULTY = """<!doctype html><html lang="nl"><head><title>Fout</title></head><body><main>
<h1>Fout</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
<p style="color:#bbb;background:#fff" id="pale">Bijna onleesbare tekst</p>
<input type="text" id="unlabelled"></main></body></html>"""


def test_the_audit_reports_each_fault_with_its_element(page: Page):
    page.set_content(FAULTY)
    found = {v["id"]: v for v in axe_violations(page)}
    assert {"image-alt", "color-contrast", "label"} <= set(found)
    assert found["image-alt"]["nodes"] == [["#no-alt"]]
    assert found["color-contrast"]["impact"] == "serious"
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_a_page_without_faults_passes(page: Page):
    page.set_content(
        FAULTY.replace('id="no-alt"', 'id="no-alt" alt="Punt"')
        .replace("#bbb", "#222")
        .replace('<input type="text" id="unlabelled">', "")
    )
    assert axe_violations(page) == []
