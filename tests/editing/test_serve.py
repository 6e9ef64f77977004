"""scripts/serve: a live preview on 127.0.0.1 that shows a saved edit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bench import free_port, stop_group, wait_for
from bench import page_text as fetch
from support import ROOT, copy_docs, text_pages

PAGE = text_pages()[0].removesuffix(".md")  # a page of the text, and its title
TITLE = next(
    line[2:]
    for line in (ROOT / "docs" / f"{PAGE}.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("# ")
)
EDIT = "A sentence saved while the preview was running."


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.split(":")
            if int(hexport, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_serve_shows_a_saved_edit(tmp_path: Path) -> None:
    docs = copy_docs(tmp_path / "docs")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}.html"
    log = (tmp_path / "serve.log").open("w")
    serve = [str(ROOT / "scripts" / "serve"), "--port", str(port), "--docs", str(docs)]
    server = subprocess.Popen(
        [*serve, "--out", str(tmp_path / "preview")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so all of it can be stopped
    )
    try:
        assert wait_for(lambda: TITLE in fetch(url), 90), (tmp_path / "serve.log").read_text()
        # Only the loopback address, and the page carries the reload script.
        assert listening_addresses(port) == {"0100007F"}
        assert "websocket-reload" in fetch(url)
        assert EDIT not in fetch(url)

        page = docs / f"{PAGE}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{EDIT}\n", encoding="utf-8")
        assert wait_for(lambda: EDIT in fetch(url), 60), (tmp_path / "serve.log").read_text()
    finally:
        stop_group(server, 10)
        log.close()
