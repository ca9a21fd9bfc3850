"""axe-core (shipped by axe-playwright-python) on a Playwright page: the WCAG 2.0/2.1/2.2 A and
AA rules, and a readable list of what fails, so a test can assert there is nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


async def wcag_violations(page: Page) -> list[str]:
    """Every WCAG-tagged violation of any impact on the page as it is now, one line per
    element: "rule (impact): target — what to fix"."""
    from axe_playwright_python.async_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = await Axe().run(page, options=options)
    return [
        f"{rule['id']} ({rule.get('impact')}): {node['target']} — {node.get('failureSummary', '')}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]


async def assert_accessible(page: Page, where: str) -> None:
    violations = await wcag_violations(page)
    assert not violations, f"axe on {where}:\n" + "\n".join(violations)
