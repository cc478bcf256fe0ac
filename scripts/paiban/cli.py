"""`paiban` — the command line that mirrors the workflow's stages.

Each subcommand reads its inputs, calls the pure functions of the package, and writes its output
atomically. Any problem with an input ends in one line on stderr, `paiban: FILE: problem`, and a
non-zero exit status — never a traceback (set PAIBAN_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paiban.errors import PaibanError
from paiban.files import read_bytes, read_text, writable_target, write_bytes_atomic, write_text_atomic
from paiban.formats import RENDERABLE, RenderOptions, by_name
from paiban.model import Article
from paiban.theme import DEFAULT_THEME, Theme, load_theme, theme_file, themes_dir

if TYPE_CHECKING:
    from paiban.clean.sites import Match

SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".md")
# The longest official reports run to a few hundred kilobytes; a page far beyond that is a dump of a
# whole site or not a document, and would tie the renderers up for minutes.
MAX_SOURCE_BYTES = 8 * 1024 * 1024


def default_styles_dir() -> Path:
    """The shipped themes' folder (a checkout's `styles/`); its `fonts/` is where licensed fonts go."""
    return themes_dir()


def default_theme() -> Path:
    return theme_file(DEFAULT_THEME)


def load_theme_argument(value: str) -> Theme:
    """The theme `--theme` names: a shipped theme's name or a theme file's path (paiban.theme.theme_file)."""
    return load_theme(theme_file(value))


def _load_overrides(source: Path, explicit: Path | None) -> dict[str, Any] | None:
    from paiban.sidecar import check_overrides, load_mapping

    sidecar = explicit or source.with_suffix(".yaml")
    if not sidecar.exists() or sidecar == source:
        if explicit:
            raise PaibanError(explicit, "no such file")
        return None
    data = load_mapping(read_text(sidecar), sidecar, "front-matter keys")
    return None if data is None else check_overrides(data, sidecar)


def _site(src: Path, data: bytes, url: str, sites_dir: Path | None) -> Match | None:
    """The page's site vocabulary: from `--sites`, else `sites/` beside the page or beside its folder."""
    from paiban.clean.sites import SITES_FOLDER, load_sites

    if sites_dir is None:
        sites_dir = next(
            (d / SITES_FOLDER for d in (src.parent, src.parent.parent) if (d / SITES_FOLDER).is_dir()), None
        )
        if sites_dir is None:
            return None
    return load_sites(sites_dir.parent).match(src, data, url)


def cmd_clean(args: argparse.Namespace) -> None:
    from paiban.clean.page import clean_source
    from paiban.markdown import dump

    src = Path(args.source)
    if src.suffix.lower() not in SOURCE_SUFFIXES:
        raise PaibanError(src, f"unsupported file type {src.suffix or '(none)'}; use {', '.join(SOURCE_SUFFIXES)}")
    size = src.stat().st_size if src.is_file() else 0
    if size > MAX_SOURCE_BYTES:
        raise PaibanError(src, f"is {size / 1e6:.1f} MB; paiban takes pages up to {MAX_SOURCE_BYTES // 2**20} MiB")
    data = read_bytes(src)
    overrides = _load_overrides(src, args.overrides)
    url = str(overrides.pop("url", "") or "") if overrides else ""
    matched = _site(src, data, url, args.sites)
    article, log = clean_source(data, src.name, overrides, matched.site if matched else None)
    text = dump(article)
    if args.log:
        site = [f"site: {matched.site.path} ({matched.how})"] if matched else []
        lines = [f"source: {src}", *site] + [entry.format() for entry in log]
        write_text_atomic(args.log, "\n".join(lines) + "\n")
    for entry in log:
        if entry.action == "warning":  # the person running the job sees them, not only the log
            print(f"paiban: {src}: {entry.format()}", file=sys.stderr)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_text_atomic(args.output, text)


def load_article(path: Path) -> Article:
    from paiban.markdown import load

    try:
        return load(read_text(path))
    except ValueError as exc:
        raise PaibanError(path, f"malformed Markdown: {exc}") from exc
    except RuntimeError as exc:  # pypandoc reports pandoc's own failures as RuntimeError
        raise PaibanError(path, f"pandoc could not read it: {str(exc).strip().splitlines()[-1]}") from exc


def render_bytes(fmt: str, article: Article, args: argparse.Namespace, warn: Callable[[str], None]) -> bytes:
    """`article` in the format named `fmt` of paiban.formats, with the options of the command line."""
    theme = load_theme_argument(args.theme)

    def progress(line: str) -> None:
        print(f"paiban: {args.input}: {line}", file=sys.stderr, flush=True)

    options = RenderOptions(
        source=Path(args.input),
        fonts_dir=Path(args.fonts_dir) if args.fonts_dir else None,
        embed_fonts=not args.no_embed_font,
        pdfa=args.pdfa,
        pdfua=args.pdfua,
        tagged=not args.untagged,
        progress=progress,
        warn=warn,
    )
    return by_name(fmt).render()(article, theme, options)


def cmd_render(args: argparse.Namespace) -> None:
    src = Path(args.input)
    started = time.perf_counter()
    article = load_article(src)
    warnings: list[str] = []  # told once the file is written, as the run summary reads them from the log
    try:
        data = render_bytes(args.format, article, args, warnings.append)
    except PaibanError:
        raise
    except Exception as exc:  # a renderer failing on one document is a problem with that document
        if os.environ.get("PAIBAN_DEBUG"):
            raise
        raise PaibanError(src, f"{args.format} rendering failed: {type(exc).__name__}: {exc}") from exc
    write_bytes_atomic(args.output, data)
    for line in warnings:
        print(f"paiban: {src}: {line}", file=sys.stderr)
    if args.log:
        seconds = time.perf_counter() - started
        write_text_atomic(
            args.log,
            f"render {args.format}: {src} -> {args.output}\ntheme: {theme_file(args.theme)}\n"
            f"bytes: {len(data)}\nseconds: {seconds:.2f}\n" + "".join(f"{line}\n" for line in warnings),
        )


def cmd_index(args: argparse.Namespace) -> None:
    from paiban.publish.index_page import build_index

    dist = Path(args.dist)
    if not dist.is_dir():
        raise PaibanError(dist, "no such folder")
    markdown = Path(args.markdown) if args.markdown else None
    if markdown is not None and not markdown.is_dir():
        raise PaibanError(markdown, "no such folder")
    write_text_atomic(args.output, build_index(dist, load_theme_argument(args.theme).download_page, markdown=markdown))
    _write_log(args, f"index: {dist} -> {args.output}")


def cmd_pack(args: argparse.Namespace) -> None:
    from paiban.publish.pack import load_pack_config, pack_from_dist

    config = load_pack_config(Path(args.config)) if args.config else None
    meeting = args.meeting or (config.meeting if config else "") or "会议材料"
    date = args.date or (config.date if config else "")
    names = args.names or (list(config.documents) if config and config.documents else None)
    fonts_dir = Path(args.fonts_dir) if args.fonts_dir else None
    pdf = pack_from_dist(Path(args.dist), load_theme_argument(args.theme), meeting, date, names, fonts_dir=fonts_dir)
    write_bytes_atomic(args.output, pdf)
    if args.record:
        # The meeting file this pack was bound with, for the workflow's later runs (`snakemake booklets`).
        write_text_atomic(args.record, (args.config or "") + "\n")
    _write_log(args, f"pack: {args.dist} -> {args.output}")


def cmd_booklet(args: argparse.Namespace) -> None:
    from pypdf.errors import PyPdfError

    from paiban.publish.booklet import impose_booklet

    src = Path(args.input)
    try:
        pdf = impose_booklet(read_bytes(src))
    except (ValueError, PyPdfError) as exc:
        raise PaibanError(src, f"cannot impose: {exc}") from exc
    write_bytes_atomic(args.output, pdf)
    _write_log(args, f"booklet: {src} -> {args.output}")


def _write_log(args: argparse.Namespace, line: str) -> None:
    if getattr(args, "log", None):
        write_text_atomic(args.log, line + "\n")


def cmd_serve(args: argparse.Namespace) -> None:
    from paiban.publish.serve import serve

    directory = Path(args.dist)
    if not directory.is_dir():
        raise PaibanError(directory, "no such folder")
    try:
        serve(directory, args.host, args.port, everything=args.all)
    except OSError as exc:
        raise PaibanError(f"{args.host}:{args.port}", f"cannot serve ({exc.strerror})") from exc


def _theme_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--theme",
        default=DEFAULT_THEME,
        help=f"a shipped theme's name, or a theme YAML's path (default: {DEFAULT_THEME})",
    )
    p.add_argument(
        "--fonts-dir",
        default=str(default_styles_dir() / "fonts"),
        help="folder of licensed fonts to prefer (default: styles/fonts in a checkout)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paiban", description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("clean", help="scraped page (.txt/.html, or a corrected .md) → normalized Markdown")
    p.add_argument("source", help="the scraped page")
    p.add_argument("-o", "--output", required=True, help="the Markdown to write ('-' for stdout)")
    p.add_argument("--log", help="write the removal log here")
    p.add_argument("--overrides", type=Path, help="sidecar YAML (default: SOURCE with .yaml suffix, if present)")
    p.add_argument(
        "--sites", type=Path, help="folder of site vocabularies (default: sites/ beside SOURCE or beside its folder)"
    )
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("render", help=f"normalized Markdown → {', '.join(RENDERABLE[:-1])} or {RENDERABLE[-1]}")
    p.add_argument("format", choices=RENDERABLE)
    p.add_argument("input", help="the normalized Markdown")
    p.add_argument("-o", "--output", required=True)
    _theme_arguments(p)
    p.add_argument("--pdfa", action="store_true", help="PDF: write the archival PDF/A-2b variant")
    p.add_argument("--pdfua", action="store_true", help="PDF: write WeasyPrint's PDF/UA-1 variant (see README)")
    p.add_argument("--untagged", action="store_true", help="PDF: leave out the structure tree (smaller, faster)")
    p.add_argument(
        "--no-embed-font",
        action="store_true",
        help="EPUB, DOCX: do not embed subsets of the free CJK faces (name them only)",
    )
    p.add_argument("--log", help="write a short render log here")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("index", help="write the download page over everything in DIST")
    p.add_argument("dist")
    p.add_argument(
        "--markdown",
        help="the folder of the documents' Markdown (default: DIST; another theme's "
        "edition, dist/NAME/, links to dist/'s)",
    )
    p.add_argument("-o", "--output", required=True)
    _theme_arguments(p)
    p.add_argument("--log", help="write a short log here (and the error, if it fails)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("pack", help="bind documents of DIST into one meeting volume (cover, contents, odd-page starts)")
    p.add_argument("dist")
    p.add_argument("names", nargs="*", help="document names in binding order (default: the config's, else all)")
    p.add_argument("--config", help="pack YAML: meeting, date, documents")
    p.add_argument("--meeting", help="the meeting's name for the cover")
    p.add_argument("--date", help="YYYY-MM-DD for the cover (default: the newest document's date)")
    _theme_arguments(p)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--record", help="write the --config path used here (the workflow reuses it)")
    p.add_argument("--log", help="write a short log here (and the error, if it fails)")
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("booklet", help="impose a PDF as a saddle-stitched A3 booklet")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--log", help="write a short log here (and the error, if it fails)")
    p.set_defaults(func=cmd_booklet)

    p = sub.add_parser("serve", help="serve DIST over HTTP for colleagues to download")
    p.add_argument("dist", nargs="?", default="dist")
    p.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to let other machines connect")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--all",
        action="store_true",
        help="serve every file, logs included (default: the download page and the publications only)",
    )
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Refuse a device, FIFO or folder as -o/--log before any work (and before the log is written).
        for target in (getattr(args, "output", None), getattr(args, "log", None)):
            if target and target != "-":
                writable_target(target)
        args.func(args)
    except PaibanError as exc:
        return _fail(args, f"paiban: {exc}", 1)
    except KeyboardInterrupt:
        print("paiban: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("PAIBAN_DEBUG"):
            traceback.print_exc()
        target = getattr(args, "source", None) or getattr(args, "input", None) or args.command
        return _fail(args, f"paiban: {target}: internal error: {type(exc).__name__}: {exc}", 2)
    return 0


def _fail(args: argparse.Namespace, message: str, status: int) -> int:
    """Print the one-line error, and put the same line in the job's log: the workflow points there."""
    print(message, file=sys.stderr)
    log = getattr(args, "log", None)
    if log:
        # When the log itself cannot be written, stderr already has the message.
        with contextlib.suppress(PaibanError):
            write_text_atomic(log, f"error: {message}\n")
    return status
