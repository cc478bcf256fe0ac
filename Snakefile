# paiban — scraped pages in source/ → dist/{doc}.md → dist/{doc}.pdf / .docx / .epub → dist/index.html
# Another theme: `snakemake all --config theme=NAME` (styles/NAME.yaml, or a path) → dist/NAME/{doc}.pdf …
# Printing targets: `snakemake pack --config pack=meeting.yaml` (one bound volume) and `snakemake booklets`.
#
# Reads like a table of contents: one rule per stage, in stage order; every behaviour lives in the
# `paiban` package (scripts/paiban), which each rule calls through its command line.
# Run `snakemake all` here, or `snakemake -s /path/to/Snakefile -d WORKDIR all` for another folder.

import os
import shlex
import sys
from pathlib import Path

from paiban.clean.sites import SITES_FOLDER, load_sites
from paiban.errors import PaibanError
from paiban.formats import RENDERED
from paiban.theme import DEFAULT_THEME, theme_file, theme_files
from paiban.workflow import job
from paiban.workflow.run_lock import clear_stale_locks
from paiban.workflow.run_summary import finish
from paiban.workflow.timers import cancel_pending_timers
from paiban.workflow.sources import discover, site_inputs

HERE = Path(workflow.basedir)
STYLES = HERE / "styles"
# The theme renders into its own edition: GB/T 9704 (the default) into dist/, any other theme into
# dist/NAME/ (its download page included), so that trying one never overwrites the files people print.
# Every edition renders the one Markdown, dist/{doc}.md; the printing targets bind dist/'s PDFs.
try:
    THEME = theme_file(str(config.get("theme", DEFAULT_THEME)), STYLES)
    EXTENDED = theme_files(THEME)[1:]  # the themes it extends: editing one rebuilds this edition too
except PaibanError as exc:
    sys.exit(f"paiban: {exc}")
OUT = "dist" if THEME.stem == DEFAULT_THEME else f"dist/{THEME.stem}"
if THEME.stem in ("logs", "print"):
    sys.exit(f"paiban: {THEME}: a theme cannot be called {THEME.stem} (dist/{THEME.stem}/ is taken); rename it")
PRINT_THEME = THEME if OUT == "dist" else STYLES / f"{DEFAULT_THEME}.yaml"
FONTS = STYLES / "fonts"
# The software each rule runs: the `paiban` command that scripts/setup installs (pip install -e .).
# The clean, render and index jobs start it through its standard-library launcher under `python -S`
# (paiban/workflow/job.py): 20 ms to hand the job to the run's worker, where the `paiban` command takes
# 180 ms to start; with no worker, the launcher becomes `paiban` itself. It is each rule's `paiban`
# param, so that another interpreter or install rebuilds the outputs, as other changed software does.
PAIBAN = f"{shlex.quote(sys.executable)} -S {shlex.quote(job.__file__)}"
# The conda file documents the same environment for `--use-conda` users; set-up does not need conda.
ENV = HERE / "scripts" / "environment.yaml"
# What each stage reads besides its input, so that editing it rebuilds exactly what depends on it:
# the cleaner's vocabularies for clean, the theme for every render, licensed fonts for PDF, DOCX and EPUB.
CLEAN_DATA = sorted((HERE / "scripts" / "paiban" / "clean" / "data").glob("*.yaml"))
FONT_FILES = sorted(p for p in FONTS.glob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc"))

# Every page in source/ (or one folder down, source/SITE/) is a document; a corrected source/{doc}.md
# wins over the scraped page. A page that resolves outside source/ (unless `--config
# allow_outside_source=true`), whose name Snakemake cannot take or another folder's page already has, is
# refused with one line, and everything else builds.
if not Path("source").is_dir():
    sys.exit(f"paiban: {Path.cwd() / 'source'}: no such folder; put the pages to build there "
             "(or give the folder that holds source/ with -d)")
SOURCES, REFUSED = discover(Path("source"), str(config.get("allow_outside_source", "")).lower() in ("true", "1", "yes"))
for refusal in REFUSED:
    print(f"paiban: {refusal.format()}", file=sys.stderr)
DOCS = sorted(SOURCES)
# Site vocabularies, source/sites/*.yaml: one site's chrome and front-matter defaults for all its pages
# (paiban/clean/sites.py). The clean rule lists the one that applies to a page as its input. A bad one
# stops the run before any job, in one line: which pages it meant to clean is unknowable.
try:
    SITES = load_sites(Path("source"))
except PaibanError as exc:
    sys.exit(f"paiban: {exc}")
# What `all` builds: the Markdown and every published format of paiban/formats.py, and the download page.
PUBLICATIONS = [f"dist/{doc}.md" for doc in DOCS] + [f"{OUT}/{doc}{fmt.suffix}" for doc in DOCS for fmt in RENDERED]
# A run killed outright (kill -9) leaves Snakemake's lock behind; the next run clears it when no other
# run is alive here (see paiban/workflow/run_lock.py). Jobs that Snakemake runs as its own subprocesses or on a
# cluster are part of the run that holds the lock and never touch it.
if not (workflow.remote_exec or workflow.subprocess_exec):
    for stale in clear_stale_locks(Path.cwd()):
        print(f"paiban: cleared a stale lock left by an interrupted run: {stale}", file=sys.stderr)
# The meeting pack's YAML (meeting:, date:, documents:), given as `--config pack=PATH` and recorded
# beside the pack, so that `snakemake booklets` later rebuilds nothing, or rebuilds it with the same file.
PACK_RECORD = Path("dist/print/pack.config")
PACK_CONFIG = config.get("pack") or (PACK_RECORD.read_text(encoding="utf-8").strip() if PACK_RECORD.is_file() else "")

wildcard_constraints:
    doc=r"[^/]+",


# The jobs of a local run hand their work (through PAIBAN, above) to one preloaded `paiban` (a fork
# server, scripts/paiban/workflow/worker.py) instead of each paying ~0.5 s of imports; targets, logs and
# exit statuses stay per job. Its own start-up (~1.5 s of CPU, while Snakemake schedules and the first
# clean runs) pays from one whole document (six jobs) on: measured side by side, a cold seed run 11.3 s
# → 8.6 s on the loaded 2-core machine. On a cluster (jobs on other nodes) or with --use-conda every job
# runs on its own.
onstart:
    if workflow.local_exec and not workflow.deployment_settings.deployment_method and len(workflow.dag) >= 6:
        try:
            from paiban.workflow.worker import start
        except ImportError:
            pass
        else:
            start(os.environ)


rule all:
    input:
        PUBLICATIONS,
        f"{OUT}/index.html",


rule clean:
    input:
        page=lambda w: SOURCES[w.doc],
        overrides=lambda w: [p for p in [Path(SOURCES[w.doc]).with_suffix(".yaml")] if p.exists()],
        site=lambda w: site_inputs(SITES, SOURCES[w.doc]),
        vocabulary=CLEAN_DATA,
    output:
        "dist/{doc}.md",
    group:
        "document"
    conda:
        ENV
    log:
        "dist/logs/{doc}.clean.log",
    params:
        paiban=PAIBAN,
        sites=Path("source") / SITES_FOLDER,
    shell:
        "{params.paiban} clean {input.page:q} -o {output:q} --sites {params.sites:q} --log {log:q}"


# One render rule per published format of paiban/formats.py, named for it (pdf, docx, epub: the names
# profiles/slurm/ gives resources to). A document's clean and renders are one group: on a cluster they
# run as one job (profiles/slurm/ batches the groups); a local run ignores groups.
for fmt in RENDERED:

    rule:
        name:
            fmt.name
        input:
            md="dist/{doc}.md",
            theme=THEME,
            extends=EXTENDED,
            fonts=FONT_FILES,
        output:
            f"{OUT}/{{doc}}{fmt.suffix}",
        group:
            "document"
        conda:
            ENV
        log:
            f"{OUT}/logs/{{doc}}.{fmt.name}.log",
        params:
            paiban=PAIBAN,
            fmt=fmt.name,
            fonts=FONTS,
        shell:
            "{params.paiban} render {params.fmt} {input.md:q} -o {output:q} --theme {input.theme:q}"
            " --fonts-dir {params.fonts:q} --log {log:q}"


rule index:
    input:
        docs=PUBLICATIONS,
        theme=THEME,
        extends=EXTENDED,
    output:
        f"{OUT}/index.html",
    conda:
        ENV
    log:
        f"{OUT}/logs/index.log",
    params:
        paiban=PAIBAN,
        edition=lambda w, output: os.path.dirname(output[0]),
        markdown="--markdown dist" if OUT != "dist" else "",
    shell:
        "{params.paiban} index {params.edition:q} {params.markdown} -o {output:q} --theme {input.theme:q} --log {log:q}"


rule pack:
    input:
        md=expand("dist/{doc}.md", doc=DOCS),
        pdf=expand("dist/{doc}.pdf", doc=DOCS),
        theme=PRINT_THEME,
        config=[PACK_CONFIG] if PACK_CONFIG else [],
    output:
        pdf="dist/print/pack.pdf",
        record=PACK_RECORD,
    conda:
        ENV
    log:
        "dist/logs/pack.log",
    params:
        config=f"--config {shlex.quote(PACK_CONFIG)}" if PACK_CONFIG else "",
        fonts=FONTS,
    shell:
        "paiban pack dist {params.config} --theme {input.theme:q} --fonts-dir {params.fonts:q}"
        " -o {output.pdf:q} --record {output.record:q} --log {log:q}"


rule booklets:
    input:
        expand("dist/print/booklets/{doc}.pdf", doc=DOCS),
        "dist/print/pack-booklet.pdf",


rule booklet:
    input:
        "dist/{doc}.pdf",
    output:
        "dist/print/booklets/{doc}.pdf",
    conda:
        ENV
    log:
        "dist/logs/{doc}.booklet.log",
    shell:
        "paiban booklet {input:q} -o {output:q} --log {log:q}"


rule pack_booklet:
    input:
        "dist/print/pack.pdf",
    output:
        "dist/print/pack-booklet.pdf",
    conda:
        ENV
    log:
        "dist/logs/pack-booklet.log",
    shell:
        "paiban booklet {input:q} -o {output:q} --log {log:q}"


# The end of every run: stale publications of failed or removed documents leave dist/ and the download
# page, and the console gets the summary the logs hold (warnings, failures, refusals).
onsuccess:
    cancel_pending_timers()  # the scheduler's re-check timers would hold the exit for up to a second
    print(finish(Path("dist"), DOCS, REFUSED, theme=THEME, edition=Path(OUT)), file=sys.stderr)
    if REFUSED:
        sys.exit(1)


onerror:
    cancel_pending_timers()
    print(finish(Path("dist"), DOCS, REFUSED, failed=True, theme=THEME, edition=Path(OUT)), file=sys.stderr)
