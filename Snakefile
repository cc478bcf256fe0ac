# paiban — scraped pages in source/ → dist/{doc}.md → dist/{doc}.pdf / .docx / .epub → dist/index.html
# Printing targets: `snakemake pack --config pack=meeting.yaml` (one bound volume) and `snakemake booklets`.
#
# Reads like a table of contents: one rule per stage, in stage order; every behaviour lives in the
# `paiban` package (scripts/paiban), which each rule calls through its command line.
# Run `snakemake all` here, or `snakemake -s /path/to/Snakefile -d WORKDIR all` for another folder.

import os
import shlex
from pathlib import Path

HERE = Path(workflow.basedir)
STYLES = HERE / "styles"
THEME = Path(config.get("theme", STYLES / "gbt9704.yaml"))
FONTS = STYLES / "fonts"
# The software each rule runs: the `paiban` command that scripts/setup installs (pip install -e .).
# The conda file documents the same environment for `--use-conda` users; set-up does not need conda.
ENV = HERE / "scripts" / "environment.yaml"
# What each stage reads besides its input, so that editing it rebuilds exactly what depends on it:
# the cleaner's vocabularies for clean, the theme for every render, licensed fonts for PDF and EPUB.
CLEAN_DATA = sorted((HERE / "scripts" / "paiban" / "data").glob("*.yaml"))
FONT_FILES = sorted(p for p in FONTS.glob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc"))

# Every page in source/ is a document; a corrected source/{doc}.md wins over the scraped page.
SUFFIX_RANK = {".md": 0, ".html": 1, ".htm": 2, ".txt": 3}
SOURCES = {}
for page in sorted(Path("source").glob("*"), key=lambda p: (p.stem, SUFFIX_RANK.get(p.suffix.lower(), 9))):
    if page.is_file() and page.suffix.lower() in SUFFIX_RANK and not page.name.startswith("."):
        SOURCES.setdefault(page.stem, str(page))
DOCS = sorted(SOURCES)
FORMATS = ["md", "pdf", "docx", "epub"]
# The meeting pack's YAML (meeting:, date:, documents:), given as `--config pack=PATH`.
PACK_CONFIG = config.get("pack", "")

wildcard_constraints:
    doc=r"[^/]+",


# Many documents: the jobs of a local run hand their work to one preloaded `paiban` (a fork server,
# scripts/paiban/worker.py) instead of each paying ~0.5 s of imports; targets, logs and exit statuses
# stay per job. Its own start-up (~1.5 s of CPU) pays from two documents (ten jobs) on; on a cluster
# (jobs on other nodes) or with --use-conda every job runs on its own.
onstart:
    if workflow.local_exec and not workflow.deployment_settings.deployment_method and len(workflow.dag) >= 10:
        try:
            from paiban.worker import start
        except ImportError:
            pass
        else:
            start(os.environ)


rule all:
    input:
        expand("dist/{doc}.{fmt}", doc=DOCS, fmt=FORMATS),
        "dist/index.html",


rule clean:
    input:
        page=lambda w: SOURCES[w.doc],
        overrides=lambda w: [p for p in [Path(SOURCES[w.doc]).with_suffix(".yaml")] if p.exists()],
        vocabulary=CLEAN_DATA,
    output:
        "dist/{doc}.md",
    conda:
        ENV
    log:
        "dist/logs/{doc}.clean.log",
    shell:
        "paiban clean {input.page:q} -o {output:q} --log {log:q}"


rule pdf:
    input:
        md="dist/{doc}.md",
        theme=THEME,
        fonts=FONT_FILES,
    output:
        "dist/{doc}.pdf",
    conda:
        ENV
    log:
        "dist/logs/{doc}.pdf.log",
    params:
        fonts=FONTS,
    shell:
        "paiban render pdf {input.md:q} -o {output:q} --theme {input.theme:q}"
        " --fonts-dir {params.fonts:q} --log {log:q}"


rule docx:
    input:
        md="dist/{doc}.md",
        theme=THEME,
    output:
        "dist/{doc}.docx",
    conda:
        ENV
    log:
        "dist/logs/{doc}.docx.log",
    shell:
        "paiban render docx {input.md:q} -o {output:q} --theme {input.theme:q} --log {log:q}"


rule epub:
    input:
        md="dist/{doc}.md",
        theme=THEME,
        fonts=FONT_FILES,
    output:
        "dist/{doc}.epub",
    conda:
        ENV
    log:
        "dist/logs/{doc}.epub.log",
    params:
        fonts=FONTS,
    shell:
        "paiban render epub {input.md:q} -o {output:q} --theme {input.theme:q}"
        " --fonts-dir {params.fonts:q} --log {log:q}"


rule index:
    input:
        expand("dist/{doc}.{fmt}", doc=DOCS, fmt=FORMATS),
    output:
        "dist/index.html",
    conda:
        ENV
    log:
        "dist/logs/index.log",
    shell:
        "paiban index dist -o {output:q} 2> {log:q}"


rule pack:
    input:
        md=expand("dist/{doc}.md", doc=DOCS),
        pdf=expand("dist/{doc}.pdf", doc=DOCS),
        theme=THEME,
        config=[PACK_CONFIG] if PACK_CONFIG else [],
    output:
        "dist/print/pack.pdf",
    conda:
        ENV
    log:
        "dist/logs/pack.log",
    params:
        config=f"--config {shlex.quote(PACK_CONFIG)}" if PACK_CONFIG else "",
        fonts=FONTS,
    shell:
        "paiban pack dist {params.config} --theme {input.theme:q} --fonts-dir {params.fonts:q}"
        " -o {output:q} 2> {log:q}"


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
        "paiban booklet {input:q} -o {output:q} 2> {log:q}"


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
        "paiban booklet {input:q} -o {output:q} 2> {log:q}"
