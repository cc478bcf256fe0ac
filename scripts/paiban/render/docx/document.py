"""DOCX: the Article as a Word document whose styles are compiled from the theme.

All formatting lives in styles; paragraphs only name a style and runs carry no formatting, so an office
can restyle the whole document by editing a style. Styles use Word's built-in names so Word recognises
them (navigation pane, table of contents):

  role            Word style (w:name)                  notes
  body            Normal                               justified, first line 2 chars, exact grid pitch
  title           Title                                title lines as line breaks inside one paragraph
  doc_number      Document Number (custom: 发文字号 above the title)
  subtitle        Subtitle
  byline          Byline (custom, based on Subtitle)
  headings        heading 1 … heading 6                by the document's heading LEVEL (outline level =
                                                       level − 1); the FACE comes from the marker
                                                       (outline.heading_role): the role most used at a
                                                       level formats `heading N`; another role at that
                                                       level gets `Heading N <Role>` based on `heading N`
                                                       (same outline level)
  salutation      Salutation                           flush left
  closing         Closing                              right-aligned, right indent from the theme; the gap
                                                       above the block is contextual spacing
  page_number     footer / Footer Even                 the theme's format around a PAGE field (`— PAGE —`),
                                                       odd pages right, even pages left
  list_item       List Bullet (numbering.xml holds its one bullet list); table cells: Table Text in a
                  Table Grid table

Fonts: one family name per slot, the face `fonts.role_faces` resolves for the role — the PDF's face — with
the official first choice as the font table's w:altName when a free face stands in for it; free faces
travel inside the document as ECMA-376 embedded subsets, official ones are only named (`render.docx.fonts`).
East Asian on w:eastAsia, and the same family on w:ascii/w:hAnsi, because official faces (仿宋_GB2312 …)
carry the half-width digits and Latin the standard expects, as in the PDF.

Page: the theme's paper, margins and a `linesAndChars` document grid (linePitch, charSpace computed from
the type area so exactly N lines and M characters fit: Word's page setup shows 22 × 28). Paragraph styles
do not snap to that grid; they reach the same geometry directly: exact line spacing of the grid's pitch,
and glyphs scaled to 98 % (w:w) so M characters fill a justified line. Snapping would make LibreOffice
round every Latin run up to whole cells (`2023  年`). LibreOffice also gives every glyph at least one of
its grid cells, ignoring character spacing, so the pitch is reached by scaling (15.68 pt glyphs) rather
than by tracking (a -0.25 pt w:spacing still leaves 27 characters a line).

Bytes are reproducible: dates come from the document (or SOURCE_DATE_EPOCH) and the zip is rewritten with
fixed entry times in a fixed order.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from paiban.formats import RenderOptions
from paiban.hanzi import columns
from paiban.model import Article, Block, Meta, dispatch
from paiban.render.css import BULLET
from paiban.render.docx.fonts import WordFonts, font_key, obfuscate, word_fonts
from paiban.render.reproducible import document_time, reproducible_zip
from paiban.render.roles import heading_role
from paiban.theme import MM_PER_PT, Role, Theme

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NSDECL = f'xmlns:w="{W_NS}"'
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ROLE_ORDER = ("part", "section", "subsection", "item")

# ------------------------------------------------------------------------------------------ numbers


def twips_mm(mm: float) -> int:
    return round(mm / MM_PER_PT * 20)


def half_points(pt: float) -> int:
    return round(pt * 2)


def _twip_to_mm100(twips: int) -> int:
    return round(twips * 2540 / 1440)


def lo_grid_cell_pt(normal_pt: float, char_space: int) -> float:
    """The grid cell, in points, that LibreOffice derives from a `w:docGrid` (writerfilter rounds the
    Normal style's size and the charSpace's integer and fraction parts through 1/100 mm)."""
    width = _twip_to_mm100(int(normal_pt * 20 + 0.5))
    if char_space:
        main = ((char_space & 0xFFFFF000) - (1 << 32 if char_space & 0x80000000 else 0)) // 0x1000
        width += _twip_to_mm100(main * 20)
        width += _twip_to_mm100(((char_space & 0xFFF) * 20) // 0xFFF)
    return width * 72 / 2540


class Grid:
    """Page geometry in twips and the document grid, all derived from the theme."""

    def __init__(self, theme: Theme) -> None:
        self.page_w = twips_mm(theme.page_width_mm)
        self.page_h = twips_mm(theme.page_height_mm)
        self.top = twips_mm(theme.margin_top_mm)
        self.bottom = twips_mm(theme.margin_bottom_mm)
        self.left = twips_mm(theme.margin_left_mm)
        self.right = twips_mm(theme.margin_right_mm)
        text_w = self.page_w - self.left - self.right
        self.text_w = text_w
        text_h = self.page_h - self.top - self.bottom
        # Round down: N lines of this pitch must fit the type area (Word fits floor(height / pitch)).
        self.line_pitch = text_h // theme.lines_per_page
        body_pt = theme.roles["body"].size_pt
        pitch_pt = text_w / 20 / theme.chars_per_line
        # charSpace: character pitch minus the Normal font size, in 1/4096 pt; floor so M chars fit.
        self.char_space = math.floor((pitch_pt - body_pt) * 4096)
        # The character pitch itself is realised by the glyphs' horizontal scale (w:w in the styles),
        # not by snapping to the grid: see glyph_scale. LibreOffice lays out any paragraph under a
        # lines-and-chars grid with at least its own cell per glyph, so the cell it computes counts too.
        self.pitch_pt = min(pitch_pt, lo_grid_cell_pt(body_pt, self.char_space))
        self.char_pitch = self.pitch_pt * 20  # twips, for indents in characters
        number = theme.roles["page_number"]
        self.footer_line = round(number.size_pt * 20)
        # Word's footer distance is page edge → bottom of the footer's line; the theme gives the gap
        # between the type area and the top of the number's line.
        self.footer = max(0, self.bottom - twips_mm(number.offset_mm) - self.footer_line)
        self.header = twips_mm(theme.header_mm)

    def glyph_scale(self, size_pt: float) -> int:
        """Horizontal scale (percent, w:w) that makes a full-width glyph of `size_pt` no wider than the
        grid's character pitch: 98 % at 16 pt, so 28 characters fit 156 mm."""
        return min(100, math.floor(100 * self.pitch_pt / size_pt))


# ------------------------------------------------------------------------------------------- styles


def _attr_fonts(family: str) -> str:
    f = _xml_attr(family)
    return f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'


def _xml_attr(value: str) -> str:
    return (
        _XML_ILLEGAL.sub("", value)
        .replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def role_ppr(
    theme: Theme,
    grid: Grid,
    role: Role,
    *,
    before: int = 0,
    after: int = 0,
    contextual: bool = False,
    outline: int | None = None,
    keep_next: bool = False,
) -> str:
    """A style's w:pPr for a theme role (children in the schema's order)."""
    parts: list[str] = []
    if keep_next:
        parts.append("<w:keepNext/>")
    parts.append("<w:widowControl/>")
    # Word's default (punctuation may overflow the right edge), written out because LibreOffice reads the
    # flag inverted (writerfilter: hanging = (val == 0)): `1` keeps LibreOffice from hanging punctuation,
    # so its full lines hold exactly the grid's character count.
    parts.append('<w:overflowPunct w:val="1"/>')
    parts.append('<w:adjustRightInd w:val="0"/>')
    # Lines keep their exact pitch and characters their tracking; snapping to the grid would add
    # nothing in Word and, in LibreOffice, rounds every Latin run up to whole grid cells (`2023  年`).
    parts.append('<w:snapToGrid w:val="0"/>')
    line = round(role.line_height * role.size_pt * 20) if role.line_height else grid.line_pitch
    parts.append(
        f'<w:spacing w:before="{before}" w:beforeLines="0" w:after="{after}" w:afterLines="0" '
        f'w:line="{line}" w:lineRule="exact"/>'
    )
    ind = ['w:leftChars="0" w:left="0"']
    if role.right_indent_chars:
        rc = role.right_indent_chars
        ind.append(f'w:rightChars="{round(rc * 100)}" w:right="{math.floor(rc * grid.char_pitch)}"')
    else:
        ind.append('w:rightChars="0" w:right="0"')
    if role.indent_chars:
        ic = role.indent_chars
        ind.append(f'w:firstLineChars="{round(ic * 100)}" w:firstLine="{math.floor(ic * grid.char_pitch)}"')
    else:
        ind.append('w:firstLineChars="0" w:firstLine="0"')
    parts.append(f"<w:ind {' '.join(ind)}/>")
    if contextual:
        parts.append("<w:contextualSpacing/>")
    parts.append(f'<w:jc w:val="{_JC[role.align]}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def role_rpr(theme: Theme, fonts: WordFonts, role: Role, grid: Grid | None = None) -> str:
    """A style's w:rPr naming the role's resolved face; with `grid`, the role's glyphs are scaled to the
    grid's pitch (glyph_scale)."""
    family = fonts.name(theme, role)
    bold = "<w:b/><w:bCs/>" if role.weight >= 600 else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    sz = half_points(role.size_pt)
    scale = grid.glyph_scale(role.size_pt) if grid is not None else 100
    w = f'<w:w w:val="{scale}"/>' if scale != 100 else ""
    return (
        f'<w:rPr>{_attr_fonts(family)}{bold}<w:i w:val="0"/><w:iCs w:val="0"/><w:color w:val="000000"/>'
        f'{w}<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'
    )


def _style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str = "",
    next_id: str = "",
    default: bool = False,
    priority: int = 0,
) -> str:
    attrs = f'w:type="paragraph" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    extra = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    extra += f'<w:next w:val="{next_id}"/>' if next_id else ""
    extra += f'<w:uiPriority w:val="{priority}"/>' if priority else ""
    return f'<w:style {attrs}><w:name w:val="{_xml_attr(name)}"/>{extra}<w:qFormat/>{ppr}{rpr}</w:style>'


BULLET_NUM_ID = 1


def _with_numbering(ppr: str) -> str:
    """Attach the bullet list to a style's pPr (numPr goes right after keepNext/widowControl)."""
    return ppr.replace(
        "<w:widowControl/>",
        f'<w:widowControl/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{BULLET_NUM_ID}"/></w:numPr>',
        1,
    )


def numbering_xml(grid: Grid, indent_chars: float) -> str:
    """One bullet list for List Bullet: the bullet in the body's first-line indent (`indent_chars`),
    text from there on."""
    indent = math.floor(indent_chars * grid.char_pitch)
    return (
        f'<w:numbering {_NSDECL}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>'
        f'<w:suff w:val="space"/><w:lvlText w:val="{BULLET}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:leftChars="0" w:left="0" w:firstLineChars="{round(indent_chars * 100)}" '
        f'w:firstLine="{indent}"/></w:pPr>'
        f'</w:lvl></w:abstractNum><w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def heading_style_plan(blocks: Iterable[Block]) -> dict[tuple[int, str], tuple[str, str, str]]:
    """(level, role) → (style id, style name, id of the `heading N` style it is based on or itself).

    `heading N` takes the role most used at level N (ties: the higher role); other roles at that level
    get `Heading N <Role>` based on it, so every heading keeps the outline level of its depth.
    """
    by_level: dict[int, Counter[str]] = {}
    for b in blocks:
        if b.kind == "heading":
            level = max(1, min(b.level, 6))
            by_level.setdefault(level, Counter())[heading_role(b.text)] += 1
    plan: dict[tuple[int, str], tuple[str, str, str]] = {}
    for level, counts in sorted(by_level.items()):
        primary = max(counts, key=lambda r: (counts[r], -ROLE_ORDER.index(r)))
        base_id = f"Heading{level}"
        for role in counts:
            if role == primary:
                plan[(level, role)] = (base_id, f"heading {level}", base_id)
            else:
                plan[(level, role)] = (f"{base_id}{role.title()}", f"Heading {level} {role.title()}", base_id)
    return plan


def styles_xml(theme: Theme, grid: Grid, article: Article, fonts: WordFonts) -> str:
    lang = _xml_attr(article.meta.lang or theme.lang)
    body = theme.roles["body"]
    gap = theme.after_title_lines * grid.line_pitch
    meta = article.meta
    block_end = meta.under_title()[-1][0] if meta.under_title() else "title"
    # The title's own leading is off the grid; pad below it to the next grid line so everything after
    # it sits on the grid again (as the PDF does).
    title_role = theme.roles["title"]
    n_lines = len(meta.display_title_lines)
    title_h = n_lines * (
        round(title_role.line_height * title_role.size_pt * 20) if title_role.line_height else grid.line_pitch
    )
    title_pad = -title_h % grid.line_pitch
    styles: list[str] = [
        _style("Normal", "Normal", role_ppr(theme, grid, body), role_rpr(theme, fonts, body, grid), default=True),
        # 发文字号 above the title, a blank grid line under it (GB/T 9704 sets it above the title too).
        _style(
            "DocumentNumber",
            "Document Number",
            role_ppr(theme, grid, theme.roles["doc_number"], after=theme.after_doc_number_lines * grid.line_pitch),
            role_rpr(theme, fonts, theme.roles["doc_number"], grid),
            based_on="Normal",
            next_id="Title",
        ),
        _style(
            "Title",
            "Title",
            role_ppr(theme, grid, theme.roles["title"], after=title_pad + (gap if block_end == "title" else 0)),
            role_rpr(theme, fonts, theme.roles["title"]),
            based_on="Normal",
            next_id="Normal",
            priority=10,
        ),
        _style(
            "Subtitle",
            "Subtitle",
            role_ppr(theme, grid, theme.roles["subtitle"], after=gap if block_end == "subtitle" else 0),
            role_rpr(theme, fonts, theme.roles["subtitle"], grid),
            based_on="Normal",
            next_id="Normal",
            priority=11,
        ),
        _style(
            "Byline",
            "Byline",
            role_ppr(theme, grid, theme.roles["byline"], after=gap if block_end == "byline" else 0),
            role_rpr(theme, fonts, theme.roles["byline"], grid),
            based_on="Subtitle",
            next_id="Normal",
        ),
    ]
    plan = heading_style_plan(article.blocks)
    for (level, role_name), (sid, name, base) in sorted(plan.items(), key=lambda kv: (kv[1][0] != kv[1][2], kv[1][0])):
        role = theme.roles[role_name]
        styles.append(
            _style(
                sid,
                name,
                role_ppr(theme, grid, role, outline=level - 1, keep_next=True),
                role_rpr(theme, fonts, role, grid),
                based_on="Normal" if sid == base else base,
                next_id="Normal",
                priority=9,
            )
        )
    closing_gap = theme.before_closing_lines * grid.line_pitch
    styles += [
        _style(
            "Salutation",
            "Salutation",
            role_ppr(theme, grid, theme.roles["salutation"]),
            role_rpr(theme, fonts, theme.roles["salutation"], grid),
            based_on="Normal",
            next_id="Normal",
        ),
        _style(
            "Closing",
            "Closing",
            role_ppr(theme, grid, theme.roles["closing"], before=closing_gap, contextual=True),
            role_rpr(theme, fonts, theme.roles["closing"], grid),
            based_on="Normal",
        ),
        _style(
            "ListBullet",
            "List Bullet",
            _with_numbering(role_ppr(theme, grid, body)),
            role_rpr(theme, fonts, body, grid),
            based_on="Normal",
        ),
        _style(
            "TableText",
            "Table Text",
            role_ppr(theme, grid, Role(font=body.font, size_pt=body.size_pt, align=theme.table.align)),
            role_rpr(theme, fonts, body, grid),
            based_on="Normal",
        ),
    ]
    number = theme.roles["page_number"]
    inset = round(number.inset_chars * number.size_pt * 20)
    footer_ppr = (
        f'<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
        f'w:line="{grid.footer_line}" w:lineRule="exact"/>'
        f'<w:ind w:leftChars="0" w:left="0" w:rightChars="0" w:right="{inset}" w:firstLineChars="0" '
        f'w:firstLine="0"/><w:jc w:val="right"/></w:pPr>'
    )
    even_ppr = (
        f'<w:pPr><w:ind w:leftChars="0" w:left="{inset}" w:rightChars="0" w:right="0" '
        f'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
    )
    styles += [
        _style("Footer", "footer", footer_ppr, role_rpr(theme, fonts, number), based_on="Normal", priority=99),
        _style("FooterEven", "Footer Even", even_ppr, "", based_on="Footer"),
    ]
    # The theme's one table style: rules in eighths of a point, cell padding in body characters.
    rule = round(theme.table.rule_pt * 8)
    pad = round(theme.table.padding_chars * body.size_pt * 20)
    table = (
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:uiPriority w:val="59"/>'
        '<w:tblPr><w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        + "".join(
            f'<w:{e} w:val="single" w:sz="{rule}" w:space="0" w:color="000000"/>'
            for e in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + f'</w:tblBorders><w:tblCellMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    default_font = _attr_fonts(fonts.name(theme, body))
    return (
        f"<w:styles {_NSDECL}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{default_font}<w:kern w:val="0"/><w:sz w:val="{half_points(body.size_pt)}"/>'
        f'<w:szCs w:val="{half_points(body.size_pt)}"/><w:lang w:val="en-US" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
        + "".join(styles)
        + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        + table
        # Word's own Normal Table (its built-in 108-twip cell margins): not the theme's, no table uses it.
        + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        "</w:styles>"
    )


def font_table_xml(fonts: WordFonts, embedded: dict[tuple[str, str], tuple[str, str]]) -> str:
    """Every family the styles name, declared as GB2312 (charset 86) so a substitute is Chinese, with
    the official face it stands in for (`w:altName`) and its embedded subsets ((name, slot) → (r:id,
    font key))."""
    out: list[str] = []
    for font in fonts.fonts:
        alt = f'<w:altName w:val="{_xml_attr(font.alt)}"/>' if font.alt else ""
        embeds = "".join(
            f'<w:{slot} r:id="{embedded[(font.name, slot)][0]}" w:fontKey="{embedded[(font.name, slot)][1]}"/>'
            for slot in ("embedRegular", "embedBold")
            if (font.name, slot) in embedded
        )
        out.append(
            f'<w:font w:name="{_xml_attr(font.name)}">{alt}<w:charset w:val="86"/>'
            f'<w:family w:val="roman"/><w:pitch w:val="variable"/>{embeds}</w:font>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {_NSDECL} xmlns:r="{R_NS}">'
        + "".join(out)
        + "</w:fonts>"
    )


def _embed_fonts(document: DocxDocument, fonts: WordFonts) -> None:
    """Write the font table, with each free face's subset as an obfuscated `word/fonts/fontN.odttf`."""
    table = document.part.part_related_by(RT.FONT_TABLE)
    embedded: dict[tuple[str, str], tuple[str, str]] = {}
    n = 0
    for font in fonts.fonts:
        for slot, data in (("embedRegular", font.regular), ("embedBold", font.bold)):
            if data is None:
                continue
            n += 1
            key = font_key(data)
            part = Part(
                PackURI(f"/word/fonts/font{n}.odttf"), OBFUSCATED_FONT, obfuscate(data, key), document.part.package
            )
            embedded[(font.name, slot)] = (table.relate_to(part, RT.FONT), key)
    table._blob = font_table_xml(fonts, embedded).encode("utf-8")


# ------------------------------------------------------------------------------------------ document


def _clean(value: str) -> str:
    return _XML_ILLEGAL.sub("", value)


def _add_text(paragraph: Paragraph, value: str) -> None:
    """Add `value` as one unformatted run; '\n' becomes a line break."""
    run = paragraph.add_run()
    for i, piece in enumerate(_clean(value).split("\n")):
        if i:
            run.add_break()
        if piece:
            run.add_text(piece)


def _page_number_footer(footer: _Footer, style: str, theme: Theme) -> None:
    """The theme's page-number format with a PAGE field for the number."""
    before, after = theme.page_number_affixes
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = style
    if before:
        p.add_run(_clean(before))
    field = parse_xml(f'<w:r {_NSDECL}><w:fldChar w:fldCharType="begin"/></w:r>')
    p._p.append(field)
    p._p.append(parse_xml(f'<w:r {_NSDECL}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {_NSDECL}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f"<w:r {_NSDECL}><w:t>1</w:t></w:r>"))
    p._p.append(parse_xml(f'<w:r {_NSDECL}><w:fldChar w:fldCharType="end"/></w:r>'))
    if after:
        p.add_run(_clean(after))


def _drop_template_extras(document: DocxDocument) -> None:
    """Remove parts of python-docx's template that carry nothing of ours (effects, thumbnail, custom XML)."""
    drop = ("/stylesWithEffects", "/customXml", "/webSettings", "/thumbnail")
    for rels in (document.part.rels, document.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(drop)]:
            del rels[rid]


def _section_setup(document: DocxDocument, grid: Grid, theme: Theme) -> None:
    section = document.sections[0]
    sect = section._sectPr
    pg_sz = sect.find(qn("w:pgSz"))
    pg_sz.set(qn("w:w"), str(grid.page_w))
    pg_sz.set(qn("w:h"), str(grid.page_h))
    pg_mar = sect.find(qn("w:pgMar"))
    for key, value in (
        ("top", grid.top),
        ("right", grid.right),
        ("bottom", grid.bottom),
        ("left", grid.left),
        ("header", grid.header),
        ("footer", grid.footer),
        ("gutter", 0),
    ):
        pg_mar.set(qn(f"w:{key}"), str(value))
    doc_grid = sect.find(qn("w:docGrid"))
    for attr in list(doc_grid.attrib):
        del doc_grid.attrib[attr]
    doc_grid.set(qn("w:type"), "linesAndChars")
    doc_grid.set(qn("w:linePitch"), str(grid.line_pitch))
    doc_grid.set(qn("w:charSpace"), str(grid.char_space))
    for attr in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect.attrib.pop(qn(attr), None)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, "Footer", theme)
    _page_number_footer(section.even_page_footer, "Footer Even", theme)


def _settings(document: DocxDocument, lang: str, embedded: bool = False) -> None:
    settings = document.settings.element
    if embedded:
        # Tell Word the fonts travel with the document (and to keep them subset when it saves it);
        # both precede everything python-docx's template has after <w:zoom> (CT_Settings' sequence).
        zoom = settings.find(qn("w:zoom"))
        for tag in ("w:saveSubsetFonts", "w:embedTrueTypeFonts"):
            el = OxmlElement(tag)
            if zoom is not None:
                zoom.addnext(el)
            else:
                settings.insert(0, el)
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), lang)
    for compat in settings.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")  # Word 2013+ layout; no "compatibility mode" banner
    for tag in ("w:proofState", "w:savePreviewPicture", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    # Word's own punctuation compression (标点挤压), as the PDF compresses adjacent marks.
    spacing = settings.find(qn("w:characterSpacingControl"))
    if spacing is None:
        spacing = OxmlElement("w:characterSpacingControl")
        anchor = settings.find(qn("w:compat"))  # it precedes <w:compat> in CT_Settings' sequence
        if anchor is not None:
            anchor.addprevious(spacing)
        else:
            settings.append(spacing)
    spacing.set(qn("w:val"), "compressPunctuation")


def _core(document: DocxDocument, meta: Meta, lang: str) -> None:
    cp = document.core_properties
    when = document_time(meta).replace(tzinfo=None)
    cp.title = _clean(meta.title)
    cp.author = _clean(meta.author or meta.speaker)
    cp.subject = _clean(meta.subtitle or meta.category)
    cp.category = _clean(meta.category)
    cp.language = lang
    cp.created = when
    cp.modified = when
    cp.last_modified_by = _clean(meta.author or meta.speaker)
    cp.comments = ""
    cp.keywords = ""
    cp.revision = 1
    cp.identifier = ""


def build_document(
    article: Article, theme: Theme, fonts_dir: Path | None = None, embed_fonts: bool = True
) -> DocxDocument:
    """The python-docx Document (before the reproducible zip rewrite); public for tests."""
    meta = article.meta
    fonts = word_fonts(theme, article, fonts_dir, embed=embed_fonts)
    lang = meta.lang or theme.lang or "zh-CN"
    grid = Grid(theme)
    document = docx.Document()
    _drop_template_extras(document)
    styles_el = document.styles.element
    for child in list(styles_el):
        styles_el.remove(child)
    for child in parse_xml(styles_xml(theme, grid, article, fonts)):
        styles_el.append(child)
    _embed_fonts(document, fonts)
    document.part.numbering_part._element = parse_xml(numbering_xml(grid, theme.roles["body"].indent_chars))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _section_setup(document, grid, theme)
    _settings(document, lang, embedded=any(f.regular or f.bold for f in fonts.fonts))
    _core(document, meta, lang)

    if meta.doc_number:
        _add_text(document.add_paragraph(style="Document Number"), meta.doc_number)
    lines = meta.display_title_lines
    if lines:
        _add_text(document.add_paragraph(style="Title"), "\n".join(lines))
    under = meta.under_title()
    if meta.shown_subtitle:
        _add_text(document.add_paragraph(style="Subtitle"), meta.shown_subtitle)
    bylines = [line for role, line in under if role == "byline"]
    if bylines:
        # Speaker and date line in one Byline paragraph: the style's space after closes the title block.
        _add_text(document.add_paragraph(style="Byline"), "\n".join(bylines))
    writer = _WordBlocks(document, heading_style_plan(article.blocks), theme, grid)
    for block in article.blocks:
        dispatch(block, writer)
    return document


class _WordBlocks:
    """Each kind of block as paragraphs of its style (`model.dispatch`); runs carry no formatting."""

    def __init__(
        self, document: DocxDocument, plan: dict[tuple[int, str], tuple[str, str, str]], theme: Theme, grid: Grid
    ) -> None:
        self.document = document
        self.plan = plan
        self.theme = theme
        self.grid = grid

    def _paragraph(self, style: str, text: str) -> None:
        _add_text(self.document.add_paragraph(style=style), text)

    def heading(self, block: Block) -> None:
        style_id = self.plan[(max(1, min(block.level, 6)), heading_role(block.text))][1]
        self._paragraph(_ui_name(style_id), block.text)

    def paragraph(self, block: Block) -> None:
        self._paragraph("Normal", block.text)

    def salutation(self, block: Block) -> None:
        self._paragraph("Salutation", block.text)

    def closing(self, block: Block) -> None:
        for line in block.lines:
            self._paragraph("Closing", line)

    def list_item(self, block: Block) -> None:
        self._paragraph("List Bullet", block.text)

    def table(self, block: Block) -> None:
        if not block.rows:
            return
        width = max(len(r) for r in block.rows)
        table = self.document.add_table(rows=len(block.rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(block.rows):
            for c in range(width):
                cell_p = table.cell(r, c).paragraphs[0]
                cell_p.style = self.document.styles["Table Text"]
                if c < len(row):
                    _add_text(cell_p, row[c])
        widths = column_widths(block.rows, self.theme, self.grid)
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER  # LibreOffice reads it from the table, not its style
        for c, w in enumerate(widths):
            table.columns[c].width = Twips(w)
            for cell in table.columns[c].cells:
                cell.width = Twips(w)


def column_widths(rows: list[list[str]], theme: Theme, grid: Grid) -> list[int]:
    """Column widths (twips) fitting each column's longest cell on one line, as the PDF's and EPUB's
    automatic table layout does, shrunk proportionally when the table would be wider than the type
    area; python-docx would otherwise spread every table over the full width."""
    width = max(len(r) for r in rows)
    pad = 2 * round(theme.table.padding_chars * theme.roles["body"].size_pt * 20)
    full = grid.char_pitch  # one full-width character of body text, twips

    def extent(text: str) -> float:
        return columns(text) / 2 * full

    widths = [math.ceil(max((extent(r[c]) for r in rows if c < len(r)), default=0.0)) + pad + 20 for c in range(width)]
    if sum(widths) > grid.text_w:
        widths = [math.floor(w * grid.text_w / sum(widths)) for w in widths]
    return widths


def _ui_name(name: str) -> str:
    # python-docx looks styles up by UI name ("Heading 1"), Word stores built-ins lowercased ("heading 1").
    return name[0].upper() + name[1:] if name.startswith("heading ") else name


# ------------------------------------------------------------------------------------------- the zip

_PART_ORDER = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
)


def _app_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b"<Application>paiban</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


def render_docx(article: Article, theme: Theme, fonts_dir: Path | None = None, embed_fonts: bool = True) -> bytes:
    """The Article as DOCX bytes, byte-identical for the same Article, theme, installed fonts and
    SOURCE_DATE_EPOCH; `embed_fonts=False` names the faces without carrying them."""
    document = build_document(article, theme, fonts_dir, embed_fonts)
    buf = io.BytesIO()
    document.save(buf)
    return reproducible_zip(buf.getvalue(), document_time(article.meta), _PART_ORDER, {"docProps/app.xml": _app_xml()})


def render(article: Article, theme: Theme, options: RenderOptions) -> bytes:
    """The `docx` entry of paiban.formats."""
    return render_docx(article, theme, fonts_dir=options.fonts_dir, embed_fonts=options.embed_fonts)
