"""Serve a built site on 127.0.0.1 the way a static host would: gzip on the wire.

Used by the site tests (tests/site) and by scripts/lighthouse. The site is
mounted under the path of ``html_baseurl`` (``/en/latest/`` today), as on
Read the Docs, so the 404 page's absolute links work too. Unknown paths get
the site's ``404.html`` with status 404, as Read the Docs and GitHub Pages do.

    python scripts/site_server.py [_build/html]   # serves until Ctrl-C
"""

from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Text types a host compresses; images and fonts go out as they are.
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
GZIP_TYPES += ("application/xml", "application/xhtml+xml")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/epub+zip", ".epub")


def site_prefix() -> str:
    """The path part of html_baseurl in docs/conf.py, e.g. ``/en/latest/``."""
    from sphinx_edition.pipeline.config import SPHINX_HTML_VALUES, read_config

    docs = Path(__file__).resolve().parent.parent / "docs"
    path = urlsplit(read_config(docs, SPHINX_HTML_VALUES).html_baseurl).path
    return path if path.endswith("/") else path + "/"


def _handler(root: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url_path = unquote(urlsplit(self.path).path)
            if url_path == prefix.rstrip("/"):
                url_path = prefix
            status = 200
            path = None
            if url_path.startswith(prefix):
                path = (root / url_path[len(prefix) :]).resolve()
                if path.is_dir():
                    path = path / "index.html"
            if path is None or not path.is_file() or root not in path.parents:
                status, path = 404, root / "404.html"
                if not path.is_file():
                    self.send_error(404)
                    return
            body = path.read_bytes()
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.send_response(status)
            if ctype.startswith(GZIP_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=6, mtime=0)  # nginx's default level
                self.send_header("Content-Encoding", "gzip")
            if ctype.startswith("text/") or ctype == "application/javascript":
                ctype += "; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1; yield the site's base URL."""
    prefix = site_prefix()
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(root.resolve(), prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    with serve(site, 8000) as url:
        print(f"Serving {site} at {url} (Ctrl-C stops)")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
