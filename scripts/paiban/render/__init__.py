"""Stage 3, render: an `Article` and a theme → the bytes of one publication format.

In: `paiban.model.Article` (as `paiban.markdown` reads it back) and `paiban.theme.Theme`. Out: bytes.
Every size, face and spacing comes from the theme; each format is one entry of `paiban.formats`.

    roles        which theme role (title, section, body…) each block is set in
    html, css    the semantic HTML and the theme's CSS that PDF and EPUB share
    fonts        the theme's font stacks resolved to installed faces; subsetting
    coverage     characters no installed face can draw
    font_cache   what installed fonts determine (coverage, licences, subsets), cached across runs
    reproducible fixed timestamps and ids, so a rebuild is byte-identical
    pdf/         print HTML → WeasyPrint → tagged PDF; `typeset` holds the Chinese line-breaking rules
    docx/        python-docx document from the theme's styles; `fonts` embeds subsets
    epub         EPUB 3 from the semantic HTML, with subset fonts

Nothing here imports the cleaner.
"""
