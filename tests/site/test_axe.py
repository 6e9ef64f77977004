"""axe-core on every page of the site, in light and in dark mode: no violation.

All WCAG 2.x A and AA rules and axe's best practices, run in Chromium on the
page as served (scripts and the colour mode applied), with axe-core from
node_modules (pinned in package-lock.json).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support import ROOT, site_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    """What axe finds on ``page``, which has axe-core loaded."""
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


def axe_context(browser: Any, scheme: str) -> Any:
    """A browser context in ``scheme`` whose every page has axe-core loaded
    before the page's own scripts run (read and sent to the browser once)."""
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    return context


def loaded(context: Any, base_url: str, names: list[str], tabs: int = 3) -> Iterator[tuple]:
    """Each page of ``names`` once the network has been idle on it, in order.
    A few tabs take turns: while the caller checks one page, the next ones
    load in the other tabs (each load ends with half a second without
    requests, the browser's "network idle", which the tabs spend together).
    A tab is navigated again rather than opened anew: a new tab costs more
    than a page load here."""
    pool = [context.new_page() for _ in names[:tabs]]
    for tab, name in zip(pool, names, strict=False):
        tab.goto(base_url + name, wait_until="commit")
    for i, name in enumerate(names):
        page = pool[i % len(pool)]
        page.wait_for_load_state("networkidle")
        yield name, page
        if i + len(pool) < len(names):
            page.goto(base_url + names[i + len(pool)], wait_until="commit")
    for tab in pool:
        tab.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, base_url, site, scheme, axe_version):
    context = axe_context(browser, scheme)
    found = {}
    names = site_pages(site)
    checked = []
    for name, page in loaded(context, base_url, names):
        # The colour mode really is the one under test.
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        checked.append(name)
    context.close()
    assert checked == names
    assert not found, found


def test_axe_finds_a_planted_violation(browser, base_url):
    # The check can fail: an image without alt text on a real page is reported.
    context = axe_context(browser, "light")
    page = context.new_page()
    page.goto(base_url + "glossary.html", wait_until="networkidle")
    page.evaluate(
        "document.querySelector('main p').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')"
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    context.close()
