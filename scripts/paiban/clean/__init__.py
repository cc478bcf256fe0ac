"""Stage 1, clean: one scraped page (bytes, text dump or saved HTML) → an `Article` and a log of removals.

In: the page's bytes and its optional sidecar overrides. Out: `paiban.model.Article` (front matter +
blocks) and `LogEntry`s saying what was removed and why; `paiban.markdown` writes both down.

    decode       bytes → text: encoding detection, mojibake repair, line endings
    html         saved HTML → lines with layout hints (tags, zones, links), inline chrome dropped
    chrome       the vocabularies of site boilerplate (data/boilerplate.yaml) and their matchers
    page         the cleaner itself: lines → where the document starts and ends → blocks and metadata
    title        which head lines are the title (weighed evidence, data/title_evidence.yaml)
    metadata     dates, organizations, document numbers and bylines
    blocks       body lines → headings, paragraphs, salutation, closing, tables
    punctuation  CJK punctuation and character normalization
    fidelity     every word of the document kept (checked, not assumed)

Nothing here imports a renderer.
"""
