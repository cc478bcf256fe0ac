"""Stage 1, clean: one scraped page (bytes, text dump or saved HTML) → an `Article` and a log of removals.

In: the page's bytes and its optional sidecar overrides. Out: `paiban.model.Article` (front matter +
blocks) and `LogEntry`s saying what was removed and why; `paiban.markdown` writes both down.

    decode       bytes → text: encoding detection, mojibake repair, line endings
    html         saved HTML → lines with layout hints (tags, zones, links), inline chrome dropped
    chrome       the vocabularies of site boilerplate (data/boilerplate.yaml) and their matchers
    sites        one site's vocabulary file (source/sites/NAME.yaml): its patterns and defaults
    page         the cleaner itself: bytes → lines → document → blocks and front matter, in order
    ledger       the typed record of every removed line (line, text, reason) and the log it writes
    sweep        chrome wherever it stands: strong vocabulary, metadata tables, hints, running heads
    evidence     what the removed chrome says about the document (dates, issuer, address, titles)
    sentence     does a line read as running text (the one "is this a sentence" test)
    start        where the document's text starts
    tail         where it ends: the site's tail after it, the document's own tail kept
    head         the lines before the text → title lines, subtitle, speaker, date, doc-number
    title        which head lines are the title (weighed evidence, data/title_evidence.yaml)
    frontmatter  each front-matter field picked by a named rank of evidence
    metadata     dates, organizations, document numbers and bylines
    blocks       body lines → headings, paragraphs, salutation, closing, tables
    punctuation  CJK punctuation and character normalization
    fidelity     every word of the document kept (checked, not assumed)

Nothing here imports a renderer.
"""
