"""Page weight in a real browser, and the ePub's make-up, for scripts/bench.py.

Pages are served from 127.0.0.1 by scripts/site_server.py, which gzips text
responses the way a production host would, and loaded by Debian's
Chromium through Playwright with the browser cache disabled, so every page
pays for every resource it uses (fonts and scripts included).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from chromium import CHROMIUM, CHROMIUM_ARGS
from site_server import serve  # the gzip server the site tests use


def _measure_page(context: Any, base: str, name: str) -> dict[str, Any]:
    """Load one page with the cache off and add up what went over the wire."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    raw: dict[str, int] = {}
    transfer: dict[str, int] = {}

    def on_response(event: dict) -> None:
        urls[event["requestId"]] = event["response"]["url"]

    def on_data(event: dict) -> None:
        raw[event["requestId"]] = raw.get(event["requestId"], 0) + event["dataLength"]

    def on_finished(event: dict) -> None:
        transfer[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.dataReceived", on_data)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(base + name, wait_until="networkidle", timeout=60_000)
    page.close()
    resources = [
        {
            "url": urls[rid].removeprefix(base),
            "bytes_raw": raw.get(rid, 0),
            "bytes_gzip": transfer[rid],
        }
        for rid in urls
        if rid in transfer and urls[rid].startswith("http")
    ]
    largest = max(resources, key=lambda r: r["bytes_gzip"])
    return {
        "requests": len(resources),
        "bytes_raw": sum(r["bytes_raw"] for r in resources),
        "bytes_gzip": sum(r["bytes_gzip"] for r in resources),
        "largest": largest,
        "resources": sorted(resources, key=lambda r: -r["bytes_gzip"]),
    }


def page_weights(html: Path) -> list[dict[str, Any]]:
    """Weigh every HTML page of the site at ``html`` in Chromium."""
    from playwright.sync_api import sync_playwright

    pages = sorted(
        p.relative_to(html).as_posix() for p in html.rglob("*.html") if "_static" not in p.parts
    )
    results = []
    with serve(html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            for name in pages:
                results.append({"page": name, **_measure_page(context, base, name)})
        finally:
            browser.close()
    return results


def epub_facts(epub: Path) -> dict[str, Any]:
    """Size, member count and largest member of the ePub."""
    with zipfile.ZipFile(epub) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
    largest = max(members, key=lambda m: m.file_size)
    return {
        "name": epub.name,
        "bytes": epub.stat().st_size,
        "files": len(members),
        "largest": {
            "name": largest.filename,
            "bytes": largest.file_size,
            "bytes_compressed": largest.compress_size,
        },
    }
