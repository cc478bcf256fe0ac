"""`paiban serve DIST`: share `dist/` on a local port so colleagues can download from the page.

A thin layer over the standard library's http.server: read-only (GET/HEAD), the right content types for
the formats paiban writes (Python's table does not know .md or .epub everywhere), no directory listings
(`/` serves index.html; a folder without one answers 404), and 127.0.0.1 unless a host is given —
`--host 0.0.0.0` shares it on the local network.

Only publications are served — the formats paiban publishes and the download page — unless `--all` asks
for everything: `dist/logs/` holds every line the cleaner removed (editors' names, site chrome), which is
not for the people the page is shared with.
"""

from __future__ import annotations

import functools
import os
import posixpath
import sys
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from paiban.formats import FORMATS, PUBLISHED

# Every text paiban writes is UTF-8; saying so keeps a browser from guessing (GBK, on a Chinese system).
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".log": "text/plain; charset=utf-8",
    ".png": "image/png",
    **{f.suffix: f.media_type + ("; charset=utf-8" if f.media_type.startswith("text/") else "") for f in FORMATS},
    "": "application/octet-stream",
}


class DistHandler(SimpleHTTPRequestHandler):
    """Static files from one directory with paiban's content types and no directory listings."""

    extensions_map = CONTENT_TYPES
    server_version = "paiban"
    sys_version = ""

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "Not found")
        return None

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        suffix = Path(str(path)).suffix.lower()
        return CONTENT_TYPES.get(suffix, CONTENT_TYPES[""])

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


PUBLICATION_SUFFIXES = tuple(f.suffix for f in PUBLISHED)


def is_publication(url_path: str) -> bool:
    """A request for a download page (a folder's: another theme's edition has its own, dist/NAME/) or a
    published file (not a log, not a hidden temporary file)."""
    raw = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path)
    path = posixpath.normpath(raw)
    name = posixpath.basename(path)
    if path in ("/", ".") or name == "index.html" or raw.endswith("/"):  # a folder: its index.html, or 404
        return True
    return not name.startswith(".") and name.lower().endswith(PUBLICATION_SUFFIXES)


class PublicationsHandler(DistHandler):
    """DistHandler that answers 404 for anything but the download page and the published files."""

    def send_head(self) -> BytesIO | BinaryIO | None:
        if not is_publication(self.path):
            self.send_error(404, "Not found")
            return None
        return super().send_head()


def make_server(
    directory: Path, host: str = "127.0.0.1", port: int = 8000, everything: bool = False
) -> ThreadingHTTPServer:
    """A ready server over `directory` (port 0 picks a free port; see `server.server_address`).
    `everything` serves every file, logs included, instead of the publications only."""
    handler = functools.partial(DistHandler if everything else PublicationsHandler, directory=str(directory))
    return ThreadingHTTPServer((host, port), handler)


def serve(directory: Path, host: str = "127.0.0.1", port: int = 8000, everything: bool = False) -> None:
    """Serve `directory` until interrupted (Ctrl-C)."""
    if not directory.is_dir():
        raise NotADirectoryError(str(directory))
    with make_server(directory, host, port, everything) as httpd:
        bound_port = int(httpd.server_address[1])
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
        print(f"Serving {directory} at http://{shown}:{bound_port}/ (Ctrl-C to stop)", file=sys.stderr)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
