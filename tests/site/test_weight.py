"""Page weight in a real browser: every page, first load, as a static host serves it.

Each page is loaded in a fresh browser context with the cache off, from the
gzip-capable server in scripts/site_server.py; every request the browser
makes is counted (data: URLs included), with the bytes that went over the
wire. The budget is ``site_page_budget`` (sphinx_edition.site.assets, or
conf.py), read the way scripts/bench reads it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from support import conf_value, read_config, site_pages

# The text's contents page (under glossary_usage_prefix), whatever the content.
CONTENTS = f"{conf_value('glossary_usage_prefix', '')}index.html"

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

BUDGET = read_config().site_page_budget
# What search.html loads beyond a reading page: the search scripts and index.
SEARCH_EXTRAS = ("search-bundle.js", "searchindex.js")


def load(browser, url: str) -> dict:
    """Load ``url`` once; return its requests, bytes on the wire and console errors."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    wire: dict[str, int] = {}
    encodings: dict[str, str] = {}
    errors: list[str] = []
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.responseReceived",
        lambda e: encodings.__setitem__(
            e["requestId"],
            {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", ""),
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    context.close()
    return {
        "requests": list(urls.values()),
        "bytes": sum(wire.get(rid, 0) for rid in urls),
        "sizes": {url: wire.get(rid, 0) for rid, url in urls.items()},
        "encodings": {urls[rid]: enc for rid, enc in encodings.items() if rid in urls},
        "errors": errors,
    }


@pytest.fixture(scope="module")
def loads(browser, base_url, site):
    return {name: load(browser, base_url + name) for name in site_pages(site)}


def test_every_page_is_measured(loads):
    # The site's pages, including search, the index and the 404 page.
    assert {"index.html", CONTENTS, "glossary.html", "search.html", "404.html"} <= set(loads)


def is_search_page(name: str) -> bool:
    return name.rpartition("/")[2] == "search.html"


def first_load(name: str, r: dict) -> tuple[int, int]:
    """Requests over the network and bytes over the wire, as the budget counts
    them: data: URLs (the icons' drawings, already inside the stylesheet) are
    no requests, and the search page's search scripts and index are left out."""
    fetched = [u for u in r["requests"] if not u.startswith("data:")]
    extras = [u for u in fetched if is_search_page(name) and is_search_extra(u)]
    return len(fetched) - len(extras), r["bytes"] - sum(r["sizes"][u] for u in extras)


def is_search_extra(url: str) -> bool:
    return urlsplit(url).path.endswith(SEARCH_EXTRAS)


def over_budget(requests: int, size: int) -> bool:
    return requests > BUDGET["requests"] or size > BUDGET["bytes"]


def test_essay_pages_first_load_is_within_budget(loads):
    folder = CONTENTS.removesuffix("index.html")
    essays = {n: first_load(n, r) for n, r in loads.items() if n.startswith(folder)}
    print("\nessay pages (requests, bytes gzipped):", essays)
    assert CONTENTS in essays
    heavy = {n: v for n, v in essays.items() if over_budget(*v)}
    assert not heavy, f"over {BUDGET['requests']} requests or {BUDGET['bytes']} bytes: {heavy}"


def test_every_page_is_light(loads):
    # Every page keeps to the same budget; the search page apart from the
    # search scripts and index, which it alone loads.
    report = {name: first_load(name, r) for name, r in loads.items()}
    print("\npage weight (requests, bytes gzipped):", report)
    heavy = {n: v for n, v in report.items() if over_budget(*v)}
    assert not heavy, f"over {BUDGET['requests']} requests or {BUDGET['bytes']} bytes: {heavy}"


def test_text_is_served_gzipped(loads, base_url):
    # The measurement is only honest if the server compressed what a host would.
    r = loads[CONTENTS]
    for url, encoding in r["encodings"].items():
        if url.endswith((".html", ".css", ".js")) or ".css?" in url or ".js?" in url:
            assert encoding == "gzip", url


def test_no_request_leaves_the_site(loads, base_url):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    # data: URLs (the icons' drawings, inside the stylesheet) are not fetched.
    foreign = {
        n: [u for u in r["requests"] if not u.startswith((origin + "/", "data:"))]
        for n, r in loads.items()
    }
    assert not {n: u for n, u in foreign.items() if u}, foreign


def test_no_console_errors(loads):
    # 404.html is requested directly here (status 200), so nothing should fail.
    noisy = {n: r["errors"] for n, r in loads.items() if r["errors"]}
    assert not noisy, noisy


def test_theme_icon_font_and_script_are_gone(loads):
    for name, r in loads.items():
        for url in r["requests"]:
            assert "fontawesome" not in url and "bootstrap" not in url, (name, url)
            assert "searchindex" not in url or is_search_page(name), (name, url)
