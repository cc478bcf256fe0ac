"""Benchmark the PDF renderer on one Markdown file: time and size (not a test).

    PYTHONPATH=scripts python scripts/bench_pdf.py tests/corpus/seed.expected.md [--runs 3] [-o out.pdf]
    … --untagged                  the same without the structure tree
    … --tagging-cost --runs 8     tagged and untagged renders alternated in one process (so load on a
                                  shared machine hits both alike): both medians and tagging's share

Reports the cold time (first render in this process: font resolution, metrics, WeasyPrint start-up),
the best and median warm times, the whole process time from start, the size and the page count.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

START = time.perf_counter()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paiban import markdown  # noqa: E402
from paiban.model import Article  # noqa: E402
from paiban.render.pdf.document import render_pdf  # noqa: E402
from paiban.theme import load_theme  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("markdown", type=Path)
    ap.add_argument("--theme", type=Path, default=ROOT / "styles" / "gbt9704.yaml")
    ap.add_argument("--fonts-dir", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pdfa", action="store_true")
    ap.add_argument("--untagged", action="store_true", help="leave out the structure tree")
    ap.add_argument("--tagging-cost", action="store_true", help="alternate tagged and untagged renders")
    ap.add_argument("-o", "--output", type=Path, default=None)
    args = ap.parse_args()

    theme = load_theme(args.theme)
    t0 = time.perf_counter()
    article = markdown.load(args.markdown.read_text(encoding="utf-8"))
    load_s = time.perf_counter() - t0
    if args.tagging_cost:
        return tagging_cost(article, theme, args)
    times: list[float] = []
    pdf = b""
    for _ in range(max(1, args.runs)):
        t0 = time.perf_counter()
        pdf = render_pdf(article, theme, fonts_dir=args.fonts_dir, pdfa=args.pdfa, tagged=not args.untagged)
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - START
    if args.output:
        args.output.write_bytes(pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    warm = times[1:] or times
    print(f"file        {args.markdown}")
    print(f"pages       {pages}")
    print(f"size        {len(pdf)} bytes ({len(pdf) / 1024:.0f} KiB)")
    print(f"markdown    {load_s:.2f} s (pandoc)")
    print(f"cold render {times[0]:.2f} s")
    print(f"warm render best {min(warm):.2f} s, median {statistics.median(warm):.2f} s over {len(warm)}")
    print(f"process     {total:.2f} s from interpreter start to the last render (imports included)")
    return 0


def tagging_cost(article: Article, theme: Any, args: argparse.Namespace) -> int:
    """Median render time with and without the structure tree, renders interleaved after a warm-up."""
    render_pdf(article, theme, fonts_dir=args.fonts_dir)  # cold start: fonts, metrics, WeasyPrint
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(max(1, args.runs)):
        for tagged in (True, False):
            t0 = time.perf_counter()
            render_pdf(article, theme, fonts_dir=args.fonts_dir, tagged=tagged)
            times[tagged].append(time.perf_counter() - t0)
    with_tags, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"file        {args.markdown}")
    print(f"tagged      median {with_tags:.3f} s over {len(times[True])}")
    print(f"untagged    median {without:.3f} s over {len(times[False])}")
    print(f"tagging     +{(with_tags / without - 1) * 100:.1f} % render time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
