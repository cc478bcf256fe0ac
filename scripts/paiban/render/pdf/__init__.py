"""PDF: `document` builds the print HTML and renders it; `typeset` holds the Chinese line-breaking and
punctuation-compression rules it applies first; `engine` imports WeasyPrint; `tags` re-joins the tagged
structure of paragraphs that a page break split."""
