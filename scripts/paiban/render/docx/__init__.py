"""DOCX: `document` writes the Word file with python-docx from the theme; `fonts` embeds font subsets."""
