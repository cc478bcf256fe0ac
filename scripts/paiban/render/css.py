"""Compile the theme's roles into CSS, shared by the PDF (print) and the EPUB (screen).

Selectors form the small vocabulary every HTML paiban writes:
  p.doc-number, h1.title (with span.title-line children), p.subtitle, p.byline, h1–h6 with class part|section|
  subsection|item, p (body), p.salutation, div.closing > p, ul > li, table.
Sizes are in pt for print; for screen they are in em of the body size so a reader's font-size setting
scales everything together. Indents are in characters (em of the body size), as the theme states them.
"""

from __future__ import annotations

from typing import Literal

from paiban.theme import Role, Theme

Medium = Literal["print", "screen"]

# The list bullet of every format (the PDF's and EPUB's marker, the DOCX's bullet list).
BULLET = "•"
LIST_MARKER = BULLET + " "  # the marker box: bullet and a space, inside the first-line indent


def font_family(theme: Theme, font_key: str) -> str:
    """A stack as CSS: every family quoted, then the theme's generic family for it."""
    names = ", ".join(f'"{n}"' for n in theme.fonts[font_key])
    return f"{names}, {theme.generic(font_key)}"


def _size(theme: Theme, role: Role, medium: Medium) -> str:
    if medium == "print":
        return f"{role.size_pt:g}pt"
    return f"{role.size_pt / theme.roles['body'].size_pt:.4g}em"


def role_declarations(theme: Theme, name: str, medium: Medium) -> dict[str, str]:
    """CSS declarations for one role. Public so the consistency test can compare them with DOCX."""
    role = theme.roles[name]
    body = theme.roles["body"]
    decl = {
        "font-family": font_family(theme, role.font),
        "font-size": _size(theme, role, medium),
        "font-weight": str(role.weight),
        "font-style": "normal",
        "text-align": role.align,
        "text-indent": f"{role.indent_chars * body.size_pt / role.size_pt:g}em" if role.indent_chars else "0",
    }
    if role.right_indent_chars:
        decl["margin-right"] = f"{role.right_indent_chars * body.size_pt / role.size_pt:g}em"
    if medium == "print":
        # The grid's pitch, not a multiple of the size: 22 lines fill the type area exactly.
        pitch = theme.line_pitch_pt
        decl["line-height"] = f"{role.line_height * role.size_pt:.3f}pt" if role.line_height else f"{pitch:.3f}pt"
    else:
        decl["line-height"] = f"{role.line_height or theme.screen.line_height:g}"
    return decl


def _rule(selector: str, decl: dict[str, str]) -> str:
    body = "".join(f"  {k}: {v};\n" for k, v in decl.items())
    return f"{selector} {{\n{body}}}\n"


SELECTORS: dict[str, str] = {
    "body": "p, li, td, th",
    "doc_number": "p.doc-number",
    "title": "h1.title",
    "subtitle": "p.subtitle",
    "byline": "p.byline",
    "part": "h1.part, h2.part, h3.part, h4.part, h5.part, h6.part",
    "section": "h1.section, h2.section, h3.section, h4.section, h5.section, h6.section",
    "subsection": "h1.subsection, h2.subsection, h3.subsection, h4.subsection, h5.subsection, h6.subsection",
    "item": "h1.item, h2.item, h3.item, h4.item, h5.item, h6.item",
    "salutation": "p.salutation",
    "closing": "div.closing p",
}


def table_css(theme: Theme, medium: Medium) -> str:
    """The theme's one table style: rules, cell padding, cell alignment (header cells not bolder)."""
    t = theme.table
    return (
        "table { border-collapse: collapse; margin: 0 auto; }\n"
        f"td, th {{ border: {t.rule_pt:g}pt solid currentColor; padding: 0 {t.padding_chars:g}em; "
        f"text-indent: 0; text-align: {t.align}; font-weight: {theme.roles['body'].weight}; }}\n"
    )


def list_css() -> str:
    """Lists: the bullet inside the body's first-line indent, continuation lines flush left (as the
    DOCX's bullet list sets them)."""
    return (
        f'ul {{ margin: 0; padding: 0; list-style: disc inside; }}\nul > li::marker {{ content: "{LIST_MARKER}"; }}\n'
    )


def theme_css(theme: Theme, medium: Medium) -> str:
    """The role rules of the theme, in cascade order (body first, specific roles after)."""
    out = [
        f"/* Compiled from the paiban theme '{theme.name}' — edit the theme, not this CSS. */\n",
        _rule("html", {"font-family": font_family(theme, theme.roles["body"].font)}),
        _rule("h1, h2, h3, h4, h5, h6, p", {"margin": "0", "padding": "0"}),
    ]
    for name, selector in SELECTORS.items():
        out.append(_rule(selector, role_declarations(theme, name, medium)))
    out.append(_rule("span.title-line", {"display": "block"}))
    return "\n".join(out)
