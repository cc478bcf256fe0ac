"""Benchmark paiban's workflow on a generated corpus (a benchmark that reports figures, not a test).

    python3 scripts/bench.py corpus DIR --docs 100 [--pages 300]   # write DIR/source/ only
    python3 scripts/bench.py hashes DIR/dist                        # SHA-256 of every output, sorted
    python3 scripts/bench.py run [--baseline CHECKOUT] [--docs 10,100] [--pages 9,90,270] [--repeats 3]
    python3 scripts/bench.py plot                                   # redraw bench/curves.png
    python3 scripts/bench.py ceiling [--docs 30]                    # the work alone, in one warm process

The corpus is the written fixtures of tests/corpus (encoded as their names say) and the seed page under
new names (`0001-speech.txt`, …), cycled to N documents; a "long" document of P pages is the seed's
cleaned body repeated under numbered parts, as a corrected `source/*.md`.

`run` measures, for this checkout and (with `--baseline`) another checkout side by side, alternating
the two so that machine load falls on both alike; every figure is a median over `--repeats` runs:
- each stage on the seed (`paiban clean`, `paiban render pdf|docx|epub`): process wall, CPU, peak RSS,
  as for a document the checkout has not rendered before (the run's own font cache keeps only what the
  installed fonts alone determine), and for PDF and DOCX once more for one it has ("rendered again");
- `snakemake all` cold and no-op on the seed alone, and cold on N documents (`-c2`): wall, CPU, PDF pages/s;
- one document of P pages: `snakemake all` wall, peak RSS, PDF pages/s.
Per-document figures (each fixture through each stage, this checkout) go to OUT/documents.csv. The
table is printed as Markdown and written with a PNG plot of the cost curves to OUT/ (default bench/).
CPU is user + system time of the process and everything it waited for; peak RSS is the largest single
process's (os.wait4), so for `snakemake` it is the hungriest job. Jobs that a run's worker forks
(scripts/paiban/workflow/worker.py, runs of six jobs or more) are not waited for by Snakemake, so neither their
CPU nor their memory is in a `snakemake` row's figures: compare walls there.

`ceiling` cleans and renders every document of an N-document corpus in one process that has already
done each stage once, one document after another: the work itself, without Snakemake, job processes
or imports. Its PDF pages per CPU-second, times the cores, bound what any way of running the jobs can
reach on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import hashlib
import io
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SEED = next((ROOT / "source").glob("*.txt"))
SEED_MD = CORPUS / "seed.expected.md"
STAGES = ("clean", "pdf", "docx", "epub")


# --------------------------------------------------------------------------------------------- corpus


def fixture_pages() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every written fixture as a scraper would have saved it, plus the seed."""
    pages: list[tuple[str, bytes]] = [(SEED.name, SEED.read_bytes())]
    for page in sorted(CORPUS.iterdir()):
        if page.suffix not in (".txt", ".html") or page.name.count(".") != 2:
            continue
        name, spec, ext = page.name.split(".")
        text = page.read_text(encoding="utf-8")
        if spec.endswith("-crlf"):
            spec = spec.removesuffix("-crlf")
            text = text.replace("\n", "\r\n")
        pages.append((f"{name}.{ext}", text.encode(spec)))
    return pages


def long_markdown(parts: int) -> str:
    """The seed's cleaned Markdown with its body repeated `parts` times under numbered part headings."""
    text = SEED_MD.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    chunks = [f"# 第{i + 1}部分\n\n{body.strip()}\n" for i in range(parts)]
    return f"---\n{front}---\n\n" + "\n".join(chunks)


# One repeat of the seed's body is about 9 A4 pages.
SEED_PAGES = 9


def write_corpus(dest: Path, docs: int, pages: int = 0) -> list[str]:
    """Write `docs` fixture pages (cycled, renamed) and one `pages`-page document into dest/source/."""
    source = dest / "source"
    source.mkdir(parents=True, exist_ok=True)
    fixtures = fixture_pages()
    names = []
    for i in range(docs):
        name, data = fixtures[i % len(fixtures)]
        target = source / f"{i + 1:04d}-{name}"
        target.write_bytes(data)
        names.append(target.name)
    if pages:
        target = source / f"long-{pages}p.md"
        target.write_text(long_markdown(max(1, round(pages / SEED_PAGES))), encoding="utf-8")
        names.append(target.name)
    return names


def output_hashes(dist: Path) -> list[str]:
    """`sha256  relative/path` for every file under dist/ except logs, sorted."""
    lines = []
    for path in sorted(dist.rglob("*")):
        rel = path.relative_to(dist)
        if path.is_file() and rel.parts[0] != "logs" and not rel.name.startswith("."):
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}")
    return lines


# ----------------------------------------------------------------------------------------- measuring


Curve = dict[str, list[tuple[int, float, float]]]  # label → (documents or pages, wall s, peak MB)


@dataclass(frozen=True)
class Sample:
    wall: float  # s
    cpu: float  # s, user + system of the process and its waited-for descendants
    rss_mb: float  # peak resident set of the largest single process


def measure(cmd: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')[-2000:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(samples: Sequence[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
    )


@dataclass(frozen=True)
class Tree:
    """A checkout to measure: its Snakefile and its package (scripts/) first on PYTHONPATH."""

    label: str
    root: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PYTHONPATH=str(self.root / "scripts"))
        # The interpreter's own bin first: a version manager's shims would add their start-up to every job.
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        return env

    def snakemake(self, workdir: Path, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "snakemake",
            "-s",
            str(self.root / "Snakefile"),
            "-d",
            str(workdir),
            "--cores",
            "2",
            "--quiet",
            "all",
            *args,
        ]

    def paiban(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "paiban", *args]

    def job(self, *args: str) -> list[str]:
        """The command a Snakefile rule of this checkout runs: its launcher where it has one."""
        launcher = self.root / "scripts" / "paiban" / "workflow" / "job.py"
        return [sys.executable, "-S", str(launcher), *args] if launcher.exists() else self.paiban(*args)


def pdf_pages(dist: Path) -> int:
    from paiban.publish.index_page import pdf_page_count

    return sum(pdf_page_count(p.read_bytes()) for p in dist.glob("*.pdf"))


def alternate(trees: Sequence[Tree], repeats: int, run: Callable[[Tree], Sample]) -> dict[str, Sample]:
    """Median per tree of `repeats` runs, the trees taking turns."""
    got: dict[str, list[Sample]] = {t.label: [] for t in trees}
    for _ in range(repeats):
        for tree in trees:
            got[tree.label].append(run(tree))
    return {label: median(samples) for label, samples in got.items()}


# ------------------------------------------------------------------------------------------ the runs


@dataclass
class Row:
    what: str
    unit: str  # what the numbers are: "s" walls, or "pages/s"
    values: dict[str, Sample]
    pages: int = 0


def stage_rows(trees: Sequence[Tree], repeats: int, scratch: Path) -> list[Row]:
    rows = []
    work = scratch / "stages"
    work.mkdir(parents=True, exist_ok=True)
    md = work / "seed.md"
    for stage in STAGES:

        def run(tree: Tree, stage: str = stage, again: bool = False) -> Sample:
            if stage == "clean":
                return measure(tree.paiban("clean", str(SEED), "-o", str(md)), tree.env(), work)
            if not again:
                forget_document_entries()
            out = work / f"seed.{tree.label}.{stage}"
            return measure(tree.paiban("render", stage, str(SEED_MD), "-o", str(out)), tree.env(), work)

        rows.append(
            Row(f"`paiban {'render ' if stage != 'clean' else ''}{stage}` (seed)", "s", alternate(trees, repeats, run))
        )
        if stage in ("pdf", "docx"):
            rows.append(
                Row(
                    f"`paiban render {stage}` (seed), rendered again",
                    "s",
                    alternate(trees, repeats, functools.partial(run, stage=stage, again=True)),
                )
            )
    # The same commands as a job of a `snakemake all` run of many documents runs them: through the run's
    # worker where the checkout has one (scripts/paiban/workflow/worker.py), on their own where it has not.
    with contextlib.ExitStack() as stack:
        envs = {tree.label: stack.enter_context(run_worker(tree, scratch)) for tree in trees}
        for stage in STAGES:

            def job(tree: Tree, stage: str = stage) -> Sample:
                if stage == "clean":
                    return measure(tree.job("clean", str(SEED), "-o", str(md)), envs[tree.label], work)
                out = work / f"seed.{tree.label}.job.{stage}"
                return measure(tree.job("render", stage, str(SEED_MD), "-o", str(out)), envs[tree.label], work)

            rows.append(Row(f"the same as a job of a many-document run ({stage})", "s", alternate(trees, repeats, job)))
    return rows


# What the font cache (scripts/paiban/render/font_cache.py) keeps per document: a stage row measures a document
# the checkout has not rendered before (its subsets cut anew), the "rendered again" row one it has. What
# depends on the installed fonts alone (coverage, licences) stays, as it does on a user's machine.
DOCUMENT_ENTRIES = ("subset", "ink", "line-metrics")


def forget_document_entries() -> None:
    for kind in DOCUMENT_ENTRIES:
        shutil.rmtree(Path(os.environ["PAIBAN_CACHE_DIR"]) / kind, ignore_errors=True)


@contextlib.contextmanager
def run_worker(tree: Tree, scratch: Path) -> Iterator[dict[str, str]]:
    """The environment of a run's jobs: pointing at a started worker if the checkout has one."""
    env = tree.env()
    if not (tree.root / "scripts" / "paiban" / "workflow" / "worker.py").exists():
        yield env
        return
    sock = scratch / f"worker-{tree.label}" / "socket"
    sock.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "paiban.workflow.worker", str(sock), str(os.getpid())], env=env)
    try:
        while not sock.exists() and proc.poll() is None:
            time.sleep(0.05)
        yield dict(env, PAIBAN_WORKER=str(sock))
    finally:
        proc.terminate()
        proc.wait()


def workflow_rows(
    trees: Sequence[Tree], repeats: int, scratch: Path, docs: Sequence[int], pages: Sequence[int]
) -> tuple[list[Row], Curve, Curve]:
    rows: list[Row] = []
    doc_curve: Curve = {t.label: [] for t in trees}
    page_curve: Curve = {t.label: [] for t in trees}

    def fresh(name: str, ndocs: int, npages: int = 0, seed_only: bool = False) -> Path:
        d = scratch / name
        shutil.rmtree(d, ignore_errors=True)
        if seed_only:
            (d / "source").mkdir(parents=True)
            shutil.copy(SEED, d / "source" / SEED.name)
        else:
            write_corpus(d, ndocs, npages)
        return d

    counted: dict[str, int] = {}

    def cold(tree: Tree, name: str, ndocs: int, npages: int = 0, seed_only: bool = False) -> Sample:
        d = fresh(f"{name}-{tree.label}", ndocs, npages, seed_only)
        forget_document_entries()
        sample = measure(tree.snakemake(d), tree.env(), d)
        counted[name] = pdf_pages(d / "dist")
        return sample

    def cold_seed(tree: Tree) -> Sample:
        return cold(tree, "seed", 1, seed_only=True)

    def noop_seed(tree: Tree) -> Sample:
        return measure(tree.snakemake(scratch / f"seed-{tree.label}"), tree.env(), scratch)

    rows.append(Row("cold `snakemake all`, seed (4 outputs + index)", "s", alternate(trees, repeats, cold_seed)))
    rows.append(Row("no-op `snakemake all`, seed", "s", alternate(trees, repeats, noop_seed)))
    for n in docs:
        reps = repeats if n <= 10 else 1
        values = alternate(trees, reps, functools.partial(cold, name=f"docs{n}", ndocs=n))
        rows.append(Row(f"cold `snakemake all -c2`, {n} documents", "pages/s", values, counted[f"docs{n}"]))
        for label, s in values.items():
            doc_curve[label].append((n, s.wall, s.rss_mb))
    for p in pages:
        values = alternate(trees, 1, functools.partial(cold, name=f"long{p}", ndocs=0, npages=p))
        rows.append(
            Row(f"one document of {counted[f'long{p}']} PDF pages, cold", "pages/s", values, counted[f"long{p}"])
        )
        for label, s in values.items():
            page_curve[label].append((counted[f"long{p}"], s.wall, s.rss_mb))
    return rows, doc_curve, page_curve


def document_table(tree: Tree, scratch: Path, out: Path) -> None:
    """Each fixture through each stage once (this checkout): wall, CPU, peak RSS, PDF pages."""
    work = scratch / "documents"
    shutil.rmtree(work, ignore_errors=True)
    names = write_corpus(work, len(fixture_pages()))
    from paiban.publish.index_page import pdf_page_count

    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["document", "stage", "wall_s", "cpu_s", "peak_rss_mb", "pdf_pages"])
        for name in names:
            src = work / "source" / name
            md = work / f"{src.stem}.md"
            for stage in STAGES:
                if stage == "clean":
                    s = measure(tree.paiban("clean", str(src), "-o", str(md)), tree.env(), work)
                else:
                    target = work / f"{src.stem}.{stage}"
                    s = measure(tree.paiban("render", stage, str(md), "-o", str(target)), tree.env(), work)
                pages = pdf_page_count((work / f"{src.stem}.pdf").read_bytes()) if stage == "pdf" else ""
                w.writerow([name, stage, f"{s.wall:.2f}", f"{s.cpu:.2f}", f"{s.rss_mb:.0f}", pages])


# ------------------------------------------------------------------------------------------- reports


def _cell(row: Row, s: Sample) -> str:
    if row.unit == "pages/s":
        return f"{s.wall:.1f} s, {row.pages / s.wall:.1f} p/s, {s.rss_mb:.0f} MB"
    return f"{s.wall:.2f} s (CPU {s.cpu:.2f} s, {s.rss_mb:.0f} MB)"


def markdown_table(rows: Sequence[Row], labels: Sequence[str]) -> str:
    head = "| measure | " + " | ".join(labels) + (" | ratio |" if len(labels) == 2 else " |")
    lines = [head, "|---" * (len(labels) + 1 + (len(labels) == 2)) + "|"]
    for row in rows:
        cells = [_cell(row, row.values[label]) for label in labels]
        if len(labels) == 2:
            before, after = (row.values[label].wall for label in labels)
            cells.append(f"{before / after:.2f}×" if after else "")
        lines.append(f"| {row.what} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Frame:
    """A log-log panel: pixel box and the decades it spans."""

    x0: float
    x1: float
    y0: float  # bottom
    y1: float  # top
    lx: tuple[float, float]
    ly: tuple[float, float]

    def at(self, x: float, y: float) -> tuple[float, float]:
        fx = (math.log10(max(1.0, x)) - self.lx[0]) / ((self.lx[1] - self.lx[0]) or 1)
        fy = (math.log10(max(0.01, y)) - self.ly[0]) / ((self.ly[1] - self.ly[0]) or 1)
        return self.x0 + fx * (self.x1 - self.x0), self.y0 - fy * (self.y0 - self.y1)


def plot(doc_curve: Curve, page_curve: Curve, out: Path) -> None:
    """Three log-log panels drawn with Pillow: wall vs documents, wall vs pages, peak RSS vs pages."""
    from PIL import Image, ImageDraw

    width, height, pad = 1200, 400, 70
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    colours = ["#b03030", "#2050a0", "#208040"]
    panels = [
        ("wall s vs documents (cold snakemake all -c2)", doc_curve, 1, 0.0),
        ("wall s vs PDF pages of one document (cold)", page_curve, 1, 0.0),
        ("peak MB vs PDF pages of one document (line: 1 GB)", page_curve, 2, 1000.0),
    ]
    for k, (title, curve, column, budget) in enumerate(panels):
        points = [p for series in curve.values() for p in series]
        x0 = pad + k * width // 3
        draw.text((x0, 12), title, fill="black")
        if not points:
            continue
        xs = [max(1, p[0]) for p in points]
        ys = [max(0.01, p[column]) for p in points] + ([budget] if budget else [])
        frame = Frame(
            x0,
            (k + 1) * width // 3 - 20,
            height - pad,
            40,
            (math.log10(min(xs)), math.log10(max(xs)) + 1e-9),
            (math.log10(min(ys) * 0.9), math.log10(max(ys) * 1.1)),
        )
        draw.line([(frame.x0, frame.y0), (frame.x1, frame.y0)], fill="black")
        draw.line([(frame.x0, frame.y0), (frame.x0, frame.y1)], fill="black")
        for x in sorted(set(xs)):
            draw.text((frame.at(x, 1)[0] - 8, frame.y0 + 6), str(x), fill="black")
        for y in sorted({p[column] for p in points} | ({budget} if budget else set())):
            draw.text((frame.x0 - 55, frame.at(1, y)[1] - 6), f"{y:.4g}", fill="black")
        if budget:
            _, py = frame.at(1, budget)
            draw.line([(frame.x0, py), (frame.x1, py)], fill="#999999")
        for i, (label, series) in enumerate(curve.items()):
            colour = colours[i % len(colours)]
            pts = [frame.at(p[0], p[column]) for p in series]
            if len(pts) > 1:
                draw.line(pts, fill=colour, width=2)
            for px, py in pts:
                draw.ellipse([px - 3, py - 3, px + 3, py + 3], outline=colour)
            draw.text((frame.x0 + 10, frame.y1 + 14 * i), label, fill=colour)
    img.save(out)


def ceiling(docs: int) -> str:
    """The work alone (see the module's docstring): seconds per stage, and the pages/s it allows."""
    from paiban.cli import main as paiban

    with tempfile.TemporaryDirectory(prefix="paiban-ceiling-") as tmp:
        root = Path(tmp)
        write_corpus(root, docs, 0)
        dist = root / "dist"
        dist.mkdir()
        pages = sorted(p for p in (root / "source").iterdir() if p.is_file())
        spent: dict[str, float] = {}
        cpu: dict[str, float] = {}
        with contextlib.redirect_stderr(io.StringIO()):  # the cleaner's warnings about the fixtures
            for stage in ("clean", *STAGES[1:]):
                for number, page in enumerate([pages[0], *pages]):
                    md = dist / f"{page.stem}.md"
                    argv = ["clean", str(page), "-o", str(md)]
                    if stage != "clean":
                        argv = ["render", stage, str(md), "-o", str(dist / f"{page.stem}.{stage}")]
                    wall, proc = time.perf_counter(), time.process_time()
                    if paiban(argv) != 0:
                        raise SystemExit(f"bench: {page.name}: {stage} failed")
                    if number:  # the first is the warm-up
                        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - wall
                        cpu[stage] = cpu.get(stage, 0.0) + time.process_time() - proc
        total_pages = pdf_pages(dist)
    busy = sum(cpu.values())
    cores = os.cpu_count() or 1
    lines = [f"{docs} documents, {total_pages} PDF pages, one warm process, one document after another:"]
    lines += [f"  {stage:5} {spent[stage]:6.2f} s wall, {cpu[stage]:6.2f} s CPU" for stage in spent]
    lines.append(
        f"  all   {sum(spent.values()):6.2f} s wall, {busy:6.2f} s CPU: {total_pages / busy:.2f} PDF pages"
        f" per CPU-second, at most {cores * total_pages / busy:.1f} pages/s on {cores} cores"
    )
    return "\n".join(lines)


def load_note() -> str:
    try:
        return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    except OSError:
        return ""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("corpus", help="write a corpus into DIR/source/")
    p.add_argument("dir", type=Path)
    p.add_argument("--docs", type=int, default=10)
    p.add_argument("--pages", type=int, default=0, help="add one document of about this many PDF pages")
    p = sub.add_parser("plot", help="redraw OUT/curves.png from OUT/curves.json")
    p.add_argument("--out", type=Path, default=ROOT / "bench")
    p = sub.add_parser("hashes", help="SHA-256 list of the outputs in DIST (logs excluded)")
    p.add_argument("dist", type=Path)
    p = sub.add_parser("ceiling", help="the work alone: every stage of N documents in one warm process")
    p.add_argument("--docs", type=int, default=30)
    p = sub.add_parser("run", help="measure (this checkout, and --baseline side by side)")
    p.add_argument("--baseline", type=Path, help="another checkout (its Snakefile and scripts/) to compare")
    p.add_argument("--docs", default="10,100", help="corpus sizes for the documents curve")
    p.add_argument("--pages", default="9,90,270", help="PDF pages of the one-document curve")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", type=Path, default=ROOT / "bench")
    p.add_argument("--no-documents", action="store_true", help="skip the per-document CSV")
    p.add_argument("--stages-only", action="store_true", help="only the per-stage rows")
    args = ap.parse_args(argv)

    if args.command == "corpus":
        for name in write_corpus(args.dir, args.docs, args.pages):
            print(name)
        return 0
    if args.command == "plot":
        curves = json.loads((args.out / "curves.json").read_text(encoding="utf-8"))
        plot(curves["documents"], curves["pages"], args.out / "curves.png")
        return 0
    if args.command == "hashes":
        print("\n".join(output_hashes(args.dist)))
        return 0
    if args.command == "ceiling":
        print(ceiling(args.docs))
        return 0

    trees = [Tree("now", ROOT)]
    if args.baseline:
        trees.insert(0, Tree("before", args.baseline.resolve()))
    ints = [int(x) for x in re.split(r"[,\s]+", args.docs) if x]
    pages = [int(x) for x in re.split(r"[,\s]+", args.pages) if x]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    loads = [load_note()]
    with tempfile.TemporaryDirectory(prefix="paiban-bench-") as tmp:
        scratch = Path(tmp)
        # A font cache of the run's own, empty at the start: the figures do not depend on the user's.
        os.environ["PAIBAN_CACHE_DIR"] = str(scratch / "font-cache")
        rows = stage_rows(trees, args.repeats, scratch)
        loads.append(load_note())
        doc_curve: Curve = {}
        page_curve: Curve = {}
        if not args.stages_only:
            more, doc_curve, page_curve = workflow_rows(trees, args.repeats, scratch, ints, pages)
            rows += more
            loads.append(load_note())
        if not args.no_documents and not args.stages_only:
            document_table(trees[-1], scratch, args.out / "documents.csv")
    labels = [t.label for t in trees]
    table = markdown_table(rows, labels)
    note = (
        f"Medians of {args.repeats} runs (N > 10 documents and long documents: 1 run), "
        f"{', '.join(labels)} alternating; {'; '.join(x for x in loads if x)}; "
        f"{time.time() - started:.0f} s in all."
    )
    (args.out / "table.md").write_text(table + "\n\n" + note + "\n", encoding="utf-8")
    if not args.stages_only:
        (args.out / "curves.json").write_text(
            json.dumps({"documents": doc_curve, "pages": page_curve}), encoding="utf-8"
        )
        plot(doc_curve, page_curve, args.out / "curves.png")
    print(table)
    print()
    print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
