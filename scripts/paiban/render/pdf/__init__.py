"""PDF: `document` builds the print HTML and renders it with WeasyPrint; `typeset` holds the Chinese
line-breaking and punctuation-compression rules it applies first."""
