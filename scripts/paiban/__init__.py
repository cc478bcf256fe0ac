"""paiban (排版): scraped Chinese official documents → Markdown, PDF, DOCX and EPUB."""

__version__ = "0.1.0"
