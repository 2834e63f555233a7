"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Never `playwright install`: the browser is /usr/bin/chromium from apt.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.demo_snapshot import DEMO_PASSWORD, restore_demo

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures
# make from the same thread are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target)}));
}"""
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script of its own; our CSP (rightly) refuses that, so the
    # audit context bypasses CSP. test_csp_blocks_nothing_of_ours checks CSP separately.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


def axe_violations(page) -> list[dict]:
    from playwright.sync_api import Error as PlaywrightError

    # A click on a link may still be navigating when the audit starts: wait for the
    # new document, and audit again if the old one was torn down under us.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE))
            # Only the violations, reduced in the page: axe's whole result (every rule
            # that passed, with its nodes) took longer to hand over than the audit itself.
            violations = page.evaluate(AXE_RUN, WCAG_TAGS)
            break
        except PlaywrightError as error:
            navigating = "appendChild" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
    return violations


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url}: {violations}"


@pytest.fixture(autouse=True)
def _browser_marker(request):
    request.node.add_marker(pytest.mark.browser)


@pytest.fixture
def demo(_demo_snapshot, transactional_db):
    """The full demo data set, with a known password for every demo user: copied back from
    the session's snapshot (a second), not loaded again (ten seconds). The test's own
    teardown empties the database as for any browser test."""
    restore_demo(_demo_snapshot)


def login(page, live_server, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
