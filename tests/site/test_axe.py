"""axe-core on every page of the site, in light and in dark mode: no violation.

All WCAG 2.x A and AA rules and axe's best practices, run in Chromium on the
page as served (scripts and the colour mode applied), with axe-core from
node_modules (pinned in package-lock.json).
"""

from __future__ import annotations

import pytest
from support import ROOT, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.fixture(scope="module")
def axe_version(browser) -> str:
    assert AXE.is_file(), "run npm ci (node_modules/axe-core is missing)"
    return AXE.read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, base_url, site, scheme, axe_version):
    context = browser.new_context(color_scheme=scheme)
    found = {}
    for name in site_pages(site):
        page = context.new_page()
        page.goto(base_url + name, wait_until="networkidle")
        # The colour mode really is the one under test.
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        page.close()
    context.close()
    assert not found, found


def test_axe_finds_a_planted_violation(browser, base_url):
    # The check can fail: an image without alt text on a real page is reported.
    page = browser.new_page()
    page.goto(base_url + "glossary.html", wait_until="networkidle")
    page.evaluate(
        "document.querySelector('main p').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')"
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    page.close()
