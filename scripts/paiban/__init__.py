"""paiban (排版): scraped Chinese official documents → Markdown, PDF, DOCX and EPUB.

The package follows the flow of `snakemake all`, one subpackage per stage:

    clean/      a scraped page → an Article (front matter + blocks) and a log of what was removed
    markdown    Article ⇄ Markdown with front matter: the single source of truth between the stages
    render/     Article + theme → PDF (render/pdf/), DOCX (render/docx/), EPUB (render/epub.py)
    publish/    rendered files → the download page, meeting packs, booklets, a preview server
    workflow/   what the Snakefile needs around the stages (sources, locks, summary, the job worker)

and small modules every stage shares: `model` (the Article contract and its one block dispatch),
`theme` (every size, face and spacing), `markers` (the heading-marker grammar), `sidecar` (user YAML),
`errors`, `files` (atomic writes) and `cli` (the `paiban` command each Snakefile rule calls).
Dependencies point down the flow only: publish → render → model ← clean; no renderer imports the cleaner.
"""

__version__ = "0.1.0"
