"""Site vocabularies: `source/sites/NAME.yaml`, one site's chrome and front-matter defaults for every page
from it, so that fifty pages of one site need one file rather than fifty sidecars.

A page belongs to at most one site, decided in this order:

1. its folder: a page in `source/NAME/` belongs to `source/sites/NAME.yaml` (when that file exists);
2. its host, listed under a site file's `hosts:` — the host of the sidecar's `url:`, else of the page's
   own address: `<link rel=canonical>`, `og:url`, `<base href>` or the browser's `<!-- saved from url=… -->`
   of a saved HTML page, or a URL line (bare or after a label such as 原文链接：) among the first or last
   ten lines of a text dump. A listed host also covers its sub-domains; the longest listed host wins.

The page's address is read from its bytes, not its decoded text: hosts are ASCII, the encodings of scraped
Chinese pages (UTF-8, GBK/GB18030, Big5) keep ASCII as is, and the workflow asks this for every page while
it builds its job graph, where running the encoding detector over a thousand pages would cost seconds.

What a site file says, beside `hosts:` (every key optional, unknown keys refused):

    boilerplate:          regexes of lines that are chrome anywhere on the page (`search`, as the built-in
                          `strong:` patterns: anchor them, `^…$`, unless any line containing one is chrome)
    boilerplate-outside:  regexes of lines that are chrome only before the document starts or after it ends
    inline:               regexes of fragments cut out of the lines they occur in (a site's watermark)
    keep:                 regexes of lines that the built-in vocabulary must not drop (and the tail keeps)
    defaults:             front matter for what the cleaner found nothing for: author, category, source

Layers of vocabulary, the first with an opinion on a line deciding: the page's sidecar, then the site file,
then the built-in `data/boilerplate.yaml`. Front matter likewise: the sidecar's overrides win over what
the cleaner found, which wins over the site's defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paiban.errors import PaibanError
from paiban.files import read_text
from paiban.model import LogEntry, Meta
from paiban.sidecar import load_mapping

SITES_FOLDER = "sites"
PATTERN_KEYS = ("boilerplate", "boilerplate-outside", "inline", "keep")
DEFAULT_FIELDS = {"author": "author", "category": "category", "source": "source"}
KEYS = ("hosts", *PATTERN_KEYS, "defaults")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True)
class Site:
    path: str  # as the logs name it: source/sites/NAME.yaml
    name: str  # the file's stem: pages in source/{name}/ belong to it
    hosts: tuple[str, ...] = ()
    boilerplate: tuple[re.Pattern[str], ...] = ()
    outside: tuple[re.Pattern[str], ...] = ()
    inline: tuple[re.Pattern[str], ...] = ()
    keep: tuple[re.Pattern[str], ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()  # (front-matter key, value)


@dataclass(frozen=True)
class Match:
    site: Site
    how: str  # "pages in source/NAME/" or "host www.example.gov.cn"


def read_site(data: dict[str, Any] | None, path: str | Path) -> Site:
    """A site file's parsed YAML (see `paiban.sidecar.load_mapping`) → a `Site`, or a one-line error."""
    data = data or {}
    for key in data:
        if key not in KEYS:
            raise PaibanError(path, f"unknown key '{key}'; a site file takes {', '.join(KEYS)}")
    patterns = {
        key: tuple(_pattern(item, path, key) for item in _items(data.get(key), path, key)) for key in PATTERN_KEYS
    }
    return Site(
        path=str(path),
        name=Path(path).stem,
        hosts=tuple(_host(item, path) for item in _items(data.get("hosts"), path, "hosts")),
        boilerplate=patterns["boilerplate"],
        outside=patterns["boilerplate-outside"],
        inline=patterns["inline"],
        keep=patterns["keep"],
        defaults=_defaults(data.get("defaults"), path),
    )


def _items(value: Any, path: str | Path, key: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, str):
            raise PaibanError(
                path, f"key '{key}': {item!r} must be a line of text (quote it), not {type(item).__name__}"
            )
    return items


def _pattern(text: str, path: str | Path, key: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise PaibanError(path, f"key '{key}': bad regular expression {text!r}: {exc}") from None


def _host(text: str, path: str | Path) -> str:
    host = text.strip().lower().rstrip(".")
    if "://" in host:
        host = urlsplit(host).hostname or ""
    if not _HOST.fullmatch(host):
        raise PaibanError(path, f"key 'hosts': {text!r} is not a host name (write www.example.gov.cn)")
    return host


def _defaults(value: Any, path: str | Path) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PaibanError(
            path,
            f"key 'defaults': must be a mapping of front-matter keys "
            f"({', '.join(DEFAULT_FIELDS)}), not {type(value).__name__}",
        )
    out = []
    for key, item in value.items():
        if key not in DEFAULT_FIELDS:
            raise PaibanError(
                path, f"key 'defaults': unknown key '{key}'; a site gives defaults for {', '.join(DEFAULT_FIELDS)}"
            )
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise PaibanError(path, f"key 'defaults.{key}': must be one line of text")
        if str(item).strip():
            out.append((key, str(item).strip()))
    return tuple(out)


@dataclass(frozen=True)
class Sites:
    """Every site file of one `source/` folder."""

    source: Path  # the folder of pages whose sites these are
    sites: tuple[Site, ...] = ()

    def match(self, page: Path, data: bytes, url: str = "") -> Match | None:
        """The site that `page` (its bytes `data`, its sidecar's `url:`) belongs to, if any. A corrected
        `.md` is taken as is, so no site applies to it."""
        if page.suffix.lower() == ".md":
            return None
        if page.parent.name and page.parent.parent.absolute() == self.source.absolute():
            site = next((s for s in self.sites if s.name == page.parent.name), None)
            if site:
                return Match(site, f"pages in {page.parent}/")
        if not self.by_host:
            return None
        host = host_of(url) or host_of(page_url(data))
        best: tuple[int, Site] | None = None
        for site in self.sites:
            for listed in site.hosts:
                if (host == listed or host.endswith("." + listed)) and (best is None or len(listed) > best[0]):
                    best = (len(listed), site)
        return Match(best[1], f"host {host}") if best else None

    @property
    def by_host(self) -> bool:
        """Whether matching a page needs its address (reading it), not only its folder."""
        return any(s.hosts for s in self.sites)


def load_sites(source: Path) -> Sites:
    """The site files of `source/sites/` (none when there is no such folder), each checked."""
    folder = source / SITES_FOLDER
    sites = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        sites.append(read_site(load_mapping(read_text(path), path, "site vocabulary keys"), path))
    check_hosts(sites)
    return Sites(source, tuple(sites))


def check_hosts(sites: list[Site]) -> None:
    """One host in two site files would make the page's site depend on the order of file names."""
    owner: dict[str, str] = {}
    for site in sites:
        for host in site.hosts:
            if host in owner:
                raise PaibanError(site.path, f"key 'hosts': {host} is already listed by {owner[host]}")
            owner[host] = site.path


def fill_defaults(meta: Meta, site: Site | None, log: list[LogEntry]) -> None:
    """The site's front matter, for every field the cleaner left empty."""
    if site is None:
        return
    for key, value in site.defaults:
        attr = DEFAULT_FIELDS[key]
        if not getattr(meta, attr):
            setattr(meta, attr, value)
            log.append(LogEntry("info", f"site default: {key} ({site.path})", value))


_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)
_TAG = re.compile(rb"<(link|meta|base)\b([^>]*)>", re.I)
_ATTR = re.compile(rb"""([a-z][a-z:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
# A text dump's address line: the URL alone, or after a short label ending in a colon — ASCII, or the
# full-width colon as UTF-8, GBK or Big5 write it.
_URL_LINE = re.compile(
    rb"^[ \t]*(?:[^\r\n \t]{1,30}?(?::|\xef\xbc\x9a|\xa3\xba|\xa1\x47)[ \t]*)?"
    rb"(https?://[^\s\"'<>]+)[ \t]*$"
)
_EDGE_LINES = 10


def page_url(data: bytes) -> str:
    """The address a scraped page gives for itself (see the module's docstring), or ''."""
    data = _ascii_compatible(data)
    if _HTML.search(data[:20000]):
        found: dict[str, bytes] = {}
        for tag in _TAG.finditer(data):
            attrs = {
                m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or b"" for m in _ATTR.finditer(tag.group(2))
            }
            kind = tag.group(1).lower()
            if kind == b"link" and b"canonical" in attrs.get(b"rel", b"").lower().split():
                found.setdefault("canonical", attrs.get(b"href", b""))
            elif kind == b"meta" and attrs.get(b"property", b"").lower() == b"og:url":
                found.setdefault("og", attrs.get(b"content", b""))
            elif kind == b"base":
                found.setdefault("base", attrs.get(b"href", b""))
        saved = _SAVED_FROM.search(data[:4096])
        if saved:
            found["saved"] = saved.group(1)
        for kind in ("canonical", "og", "base", "saved"):
            if host_of(found.get(kind, b"").decode("ascii", "replace")):
                return found[kind].decode("ascii", "replace").strip()
        return ""
    lines = [ln for ln in data.splitlines() if ln.strip()]
    for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:][::-1]:
        m = _URL_LINE.match(line)
        if m:
            return m.group(1).decode("ascii", "replace")
    return ""


def _ascii_compatible(data: bytes) -> bytes:
    """UTF-16 and UTF-32 pages as UTF-8; every other encoding of a Chinese page already keeps ASCII."""
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data.decode(codec, "replace").encode("utf-8")
    head = data[:2000]
    if len(head) >= 4 and head.count(0) > len(head) // 4:  # UTF-16 without a BOM: NULs on one side
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(codec, "replace").encode("utf-8")
    return data


def host_of(url: str) -> str:
    """`https://WWW.Example.gov.cn:8080/a` → `www.example.gov.cn`; '' for what is no web address."""
    url = url.strip()
    if not re.match(r"https?://", url, re.I):
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # an invalid port or IPv6 literal
        return ""
    host = host.rstrip(".")
    return host if _HOST.fullmatch(host) else ""
