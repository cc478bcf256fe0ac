"""paiban's own Chinese line breaker and justifier, for WeasyPrint.

Why: WeasyPrint justifies only by stretching spaces, so a line of Chinese (which has none) stays ragged;
Pango breaks lines by UAX #14, which knows nothing of 孤字, and measures nothing paiban could adjust.

Design — paiban breaks the lines itself and tells WeasyPrint exactly where each character goes:

1. **Measure.** Each role's font stack is resolved to font files (`fonts`: the user's font folder, then
   fontconfig), each face cut to the document's characters (HarfBuzz-subset), and every character's
   advance read from that very file (cmap + hmtx, falling back along the stack), after the `locl`
   substitutions HarfBuzz makes for the run's script and language (`scripts`: a zh-CN Han run gets the
   full-width —, a Latin run tabular digits). The stylesheet switches kerning, ligatures and
   proportional/contextual alternates off, so Pango's advances are these advances.
2. **Units.** The text is cut into unbreakable units following clreq's basic kinsoku: a Latin word or
   number (any run of non-wide, non-space characters) is one unit; a run of dashes (——) or ellipses
   (……) is one unit; an opening mark (“‘《〈（【〔「『) is glued to what follows it, a closing mark or
   stop (、。，；：？！）】」』》〉〕”’·) to what precedes it, and so is an ellipsis (as Word's Chinese
   kinsoku does; a dash may open a line). Lines break only between units, so no line starts with a
   closing mark, none ends with an opening one, and no word, number, —— or …… is split. The one
   exception is a long token: one wider than a line, or one that would leave a line loose (gaps wide
   enough for copy-out tools to read as spaces), is cut after a delimiter (- / . ? & …, never inside
   a number like 3.5) — a URL, if need be, after any character.
3. **Compress.** Two adjacent full-width marks take 1.5 em instead of 2 (标点挤压, mainland style; see
   `pairs`). Where a mark's ink sits is read from the role's own font (`Ink`: `pdf.punctuation_ink`
   takes the outline bounds of the very glyph Pango will draw), never assumed: stops and closing
   marks of a mainland face sit in the left half of their em, opening marks in the right half, and a
   pair is compressed when the blank between the two inks holds a whole half em — the first mark's
   right half or the second's left half. So 。” ”， ）。 》、《 ，“ “‘ take 1.5 em (》、《 three marks in
   2), ：“ too (its “ has a blank left half even where ： is centred), but not “” （） (no blank between)
   nor two centred marks (？！ in a Taiwan-style face), nor LXGW WenKai's proportional quotes. The
   rule is the same everywhere: a pair within a line is always compressed; a pair split by the line's
   end never is (a line-final mark keeps its full em: see below). The half em goes after the first
   mark, as the boundary between two text boxes (step 7), so measurement and emission agree exactly.
4. **Break.** Units are set greedily: a line takes a unit while its characters fit the measure when every
   justifiable gap is shrunk to the grid's minimum (the gap that makes `chars_per_line` full-width
   characters exactly fill the type area, so a full line of pure Chinese holds exactly 28 characters
   on the 9704 grid — 27 when kinsoku pushes a character down with the stop glued to it; a line with
   compressed pairs holds what fits in 28 cells, a pair counting 1.5). Widths are the emitted ones:
   box by box, less the compressed pairs (`line_natural`). The first line's measure is reduced by the
   first-line indent; a hard line break (\n) ends a line like a paragraph's end.
5. **孤字.** If the last line would hold a single character (or one character plus punctuation), units
   are pulled down from the line above until it holds two; the line above is then justified looser.
6. **Justify.** Every line but the last gets the leftover width spread evenly over its justifiable gaps —
   the gap after every character except inside a Latin word, a number, a —— or a ……, and not after
   the line's last character. The last line uses the grid's gap (natural width on the grid).
7. **Emit.** Each line becomes a few text boxes (`groups`): runs of single characters in a span with
   `letter-spacing` equal to the gap (CSS adds letter-spacing after every character of a span); each
   atom (Latin word, number, ——, ……) in a span without letter-spacing whose `margin-right` is the gap;
   the line's end (from its last letter on) in a text box of its own, whose `margin-right` cancels the
   letter-spacing after its last glyph; then `<br>`. A compressed pair ends a box after its first mark,
   and that box's `margin-right` is less by the half em (a negative margin: the second mark moves
   back; no character is added, removed or repositioned out of order, so the text copies out as
   before). A —— never borrows its letter back across a compressed pair (it takes the next one);
   only when nothing follows does the pair give way (`groups`). The paragraph is `white-space: pre`,
   so Pango never re-breaks a line and drops no space, and it stays one block so `orphans`/`widows`
   apply. Two WeasyPrint/HarfBuzz details shape this: WeasyPrint writes letter-spaced glyph positions
   rounded to 1/1000 em (a drift of up to ~0.02 pt a character) but every text box starts at its exact
   layout position, so the last glyph of a line lands exactly on the right edge; and HarfBuzz takes a
   run's script from its letters, so a —— always shares its box with a letter (Han script → the zh-CN
   `locl` full-width dash that was measured). A space that ends a line hangs past the edge.

Known gaps. No push-in at a line's end: a line-final mark keeps its full em. Half-width line-end marks
would either hang their blank half past the type area (every measure of the page — pdfplumber's x1,
a reader's selection box — takes the advance, so the line would read as running 0.5 em past the edge)
or end half an em short of it; one consistent rule across all lines is simpler, and pairs give most of
the benefit. Title lines (`split_title`, centred by the stylesheet) and table cells (Pango's) are not
set by this breaker, so their pairs are not compressed. Positions inside a long text box drift by up
to a few tenths of a point (WeasyPrint rounds letter-spaced glyph positions to 1/1000 em); every box,
and so every compressed pair's second mark, starts exact.
Nothing here knows about any particular document.
"""

from __future__ import annotations

import html
import itertools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from paiban.hanzi import is_wide

# clreq basic kinsoku sets (plus the ASCII twins a scraped text may still carry).
NO_START = frozenset("、。，；：？！）】」』》〉〕”’·．｡､,.;:?!)]}%‰℃°")
NO_END = frozenset("“‘《〈（【〔「『([{")
INSEPARABLE = frozenset("—…")  # a run of these (—— / ……) is one unit
PUNCT = NO_START | NO_END | INSEPARABLE

Advance = Callable[[str, str], float]  # a character's advance in pt, shaped in a run of a script
# Where a full-width mark's ink sits in its em, in the role's font: "left" (stops and closing marks in
# mainland faces: the right half is blank), "right" (opening marks: the left half is blank), "centre"
# (full width, ink across the middle: e.g. ：；！？ in a Taiwan-style face) or "" (not a full-width mark).
Ink = Callable[[str], str]

SQUEEZE_EM = 0.5  # what a compressed pair of marks gives up: one blank half


def is_latin(ch: str) -> bool:
    """Part of a Western word or number (never split, no spacing inside)."""
    return not is_wide(ch) and not ch.isspace() and ch not in PUNCT


# ASCII marks that belong to a Latin word or number: inside it (3.5, 4,286, http://a.b/c?d=1) and
# right after it (`GDP.`), so that no justification gap opens before them.
INNER_ASCII = frozenset(".,:;?!%")


def atoms(text: str) -> list[str]:
    """Smallest pieces: single characters, Latin words/numbers (URLs too), and runs of — or …."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if is_latin(ch):
            while j < n and (is_latin(text[j]) or (text[j] in INNER_ASCII and j + 1 < n and is_latin(text[j + 1]))):
                j += 1
            while j < n and text[j] in INNER_ASCII:  # `GDP.`, `0412.`: no gap before an ASCII stop
                j += 1
        elif ch in INSEPARABLE:
            while j < len(text) and text[j] == ch:
                j += 1
        out.append(text[i:j])
        i = j
    return out


def units(text: str) -> list[str]:
    """Unbreakable units: atoms glued by kinsoku (openers forward, closers backward)."""
    out: list[str] = []
    pending = ""  # opening marks waiting for what follows
    for atom in atoms(text):
        if atom in NO_END:
            pending += atom
            continue
        if (atom[0] in NO_START or atom[0] == "…" or atom.isspace()) and out and not pending:
            out[-1] += atom
            continue
        out.append(pending + atom)
        pending = ""
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out


# The marks compression may touch: every full-width stop, closing and opening mark (not ——, ……, ·).
# The curly quotes are East Asian Ambiguous: Chinese fonts set them full width, which `Ink` confirms.
MARKS = frozenset(ch for ch in NO_START | NO_END if is_wide(ch) or ch in "“”‘’")


def pairs(text: str, ink: Ink | None) -> frozenset[int]:
    """Indices i where text[i] and text[i + 1] are a compressible pair of full-width marks.

    Both must be full-width marks (`ink` not ""), and the space between their inks must hold a blank
    half: the first mark's right half (its ink is "left": a stop or closing mark) or the second's left
    half (its ink is "right": an opening mark). So 。” ”， ）。 》、《 ，“ “‘ pair up, and so does ：“ when ：
    is centred; “” （） never do (no blank between), nor two centred marks. The pair gives up
    SQUEEZE_EM, taken after text[i] (which blank half goes is invisible: the inks end up the same
    distance apart).
    """
    if ink is None:
        return frozenset()
    out: set[int] = set()
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a not in MARKS or b not in MARKS:
            continue
        first, second = ink(a), ink(b)
        if first and second and (first == "left" or second == "right"):
            out.add(i)
    return frozenset(out)


def _has_script(ch: str) -> bool:
    """A letter (Han, Latin …): gives a text run its script, unlike punctuation and digits (Common)."""
    return unicodedata.category(ch).startswith("L")


@dataclass(frozen=True)
class Group:
    """A piece of a line set as one text box.

    tight: no justification space inside (a Latin word, a number, ——, ……, with the letter that gives
    —— its script); spaced: a run of single characters, each followed by the line's gap.
    squeeze: the group ends with the first mark of a compressed pair (`pairs`), so the box after it is
    pulled back by the compression.
    """

    text: str
    tight: bool
    squeeze: bool = False


def groups(text: str, compressed: frozenset[int] = frozenset()) -> list[Group]:
    """Cut one line into text boxes.

    A multi-character atom (Latin word, number, ——, ……) is tight. A dash (— or ——, Common-script
    characters only) is tight too and takes in the nearest preceding letter (or, at a line start,
    the following one): HarfBuzz picks a run's script from its letters, and only with a Han or Latin
    script does `locl` give zh-CN its full-width dash — shaped alone, — would come out narrower than
    measured.

    `compressed` are the compressed pairs (`pairs`): a box ends after the first mark of each, so that the
    compression is a box boundary (a negative margin), never inside a box. A dash therefore does not
    borrow back across a compressed pair (`）》——人` is set `版）` | `》——人`); only when nothing follows
    to borrow instead does the pair give way and stay uncompressed.
    """
    out: list[Group] = []
    pending: str = ""  # a dash at the line start, waiting for a letter
    blocked: int | None = None  # the compressed pair that kept the pending dash from its letter
    pos = 0
    for atom in atoms(text):
        start, end = pos, pos + len(atom) - 1  # the atom's first and last character
        pos += len(atom)
        if pending:
            out.append(Group(pending + atom, True, end in compressed))
            pending, blocked = "", None
            continue
        if len(atom) == 1 and atom != "—":
            if out and not out[-1].tight and not out[-1].squeeze:
                out[-1] = Group(out[-1].text + atom, False, end in compressed)
            else:
                out.append(Group(atom, False, end in compressed))
            continue
        if "—" not in atom:  # a Latin word, a number, ……: shaped the same in any context
            out.append(Group(atom, True, end in compressed))
            continue
        # — or ——: borrow back to the nearest letter, else wait for the next atom.
        borrowed = ""
        while out and not any(_has_script(ch) for ch in borrowed):
            last = out[-1]
            if last.squeeze:  # taking it in would hide a compressed pair inside a tight box
                blocked = start - len(borrowed) - 1
                break
            if last.tight:
                borrowed = last.text + borrowed
                out.pop()
                continue
            borrowed = last.text[-1] + borrowed
            taken = start - len(borrowed)  # the index of the character just borrowed
            out[-1] = Group(last.text[:-1], False, taken - 1 in compressed)
            if not out[-1].text:
                out.pop()
        if borrowed and any(_has_script(ch) for ch in borrowed):
            out.append(Group(borrowed + atom, True, end in compressed))
        elif borrowed:
            pending = borrowed + atom
        else:
            pending = atom
    if pending:
        if blocked is not None:  # nothing followed: the dash takes its letter back across the pair
            return groups(text, compressed - {blocked})
        out.append(Group(pending, True))
    return out


def boxes(text: str, compressed: frozenset[int] = frozenset()) -> list[Group]:
    """The text boxes of one line: its groups, with the line's end set in a box of its own.

    The last box starts at the line's last letter (so a final stop or quote still shapes with a Han
    character), or holds just the last character when its group has no letter.
    """
    gs = groups(text, compressed)
    if gs and not gs[-1].tight and len(gs[-1].text) >= 2:
        last = gs[-1].text
        cut = max((i for i, ch in enumerate(last) if _has_script(ch)), default=len(last) - 1)
        if cut > 0:
            gs[-1:] = [Group(last[:cut], False), Group(last[cut:], False, gs[-1].squeeze)]
    return gs


def gap_flags(text: str, compressed: frozenset[int] = frozenset()) -> list[bool]:
    """For each character, whether the gap after it takes justification space (see `groups`)."""
    flags: list[bool] = []
    for g in groups(text, compressed):
        if g.tight:
            flags.extend([False] * (len(g.text) - 1) + [True])
        else:
            flags.extend([True] * len(g.text))
    if flags:
        flags[-1] = False  # nothing is added after a line's last character
    return flags


@dataclass(frozen=True)
class SetLine:
    text: str
    gap: float  # pt added after each justifiable character (may be negative)
    natural: float  # sum of advances in pt, less the compressed pairs
    last: bool  # the paragraph's last line
    compressed: frozenset[int] = frozenset()  # compressed pairs: indices of their first mark (`pairs`)
    squeeze: float = 0.0  # pt each compressed pair gives up

    @property
    def gaps(self) -> int:
        return sum(gap_flags(self.text.rstrip(" "), self.compressed))

    @property
    def width(self) -> float:
        return self.natural + self.gap * self.gaps


@dataclass(frozen=True)
class Measure:
    """What the breaker needs to know about a role on a page."""

    width: float  # the line's measure in pt (the type area's width)
    size: float  # font size in pt
    min_gap: float  # tightest gap allowed (negative on a grid narrower than n × size)
    indent: float = 0.0  # first-line indent in pt
    justify: bool = True  # spread leftover space on every line but the last
    ink: Ink | None = None  # where the role's font puts each mark's ink; None: no compression

    @property
    def squeeze(self) -> float:
        """pt a compressed pair of marks gives up."""
        return SQUEEZE_EM * self.size if self.ink is not None else 0.0

    def compressed_pairs(self, line: str) -> frozenset[int]:
        """The compressed pairs of a line's visible text (a pair split by the line's end is not one)."""
        return pairs(line, self.ink)


def grid_gap(width: float, size: float, chars_per_line: int) -> float:
    """The gap that makes `chars_per_line` characters of `size` exactly fill `width`, last glyph flush."""
    if chars_per_line < 2:
        return 0.0
    return (width - chars_per_line * size) / (chars_per_line - 1)


def scripts(box: str) -> list[str]:
    """The script each character of one text box is shaped in: "han", "latin" or "common".

    As Pango itemizes: letters carry their script (wide ones Han, others Latin); punctuation, digits
    and spaces take the script of the letter before them, at the start the one after them, and a box
    without letters is Common. The script picks the OpenType language system, hence `locl`.
    """
    own = [("han" if is_wide(ch) else "latin") if _has_script(ch) else "" for ch in box]
    out: list[str] = []
    current = next((s for s in own if s), "common")
    for s in own:
        current = s or current
        out.append(current)
    return out


def _natural(text: str, advance: Advance) -> float:
    """Width of `text` set as one text box."""
    return sum(advance(ch, script) for ch, script in zip(text, scripts(text), strict=True))


def line_natural(text: str, advance: Advance, compressed: frozenset[int] = frozenset(), squeeze: float = 0.0) -> float:
    """Width of a line as it is emitted: box by box, each shaped in its own scripts, less `squeeze` pt
    for every compressed pair (`compressed`) that ends a box."""
    bs = boxes(text, compressed)
    return sum(_natural(box.text, advance) for box in bs) - squeeze * sum(box.squeeze for box in bs)


def _line_natural(text: str, m: Measure, advance: Advance) -> float:
    return line_natural(text, advance, m.compressed_pairs(text), m.squeeze)


def _fits(text: str, avail: float, m: Measure, advance: Advance) -> bool:
    text = text.rstrip(" ")  # a space at a line's end hangs in the margin
    return _line_natural(text, m, advance) + sum(gap_flags(text, m.compressed_pairs(text))) * m.min_gap <= avail + 1e-6


def _meaningful(text: str) -> int:
    return sum(1 for ch in text if ch not in PUNCT and not ch.isspace())


LOOSE_EM = 0.1  # a gap wider than this (in em) makes copy-out tools see a space: avoid it if possible
URL_BREAK_AFTER = frozenset("/.?&=,;-_#")  # where a long token may be cut
LONG_TOKEN = 16  # characters: a Latin token longer than this with a / is a URL or a path, not a word


def break_units(us: Sequence[str], m: Measure, advance: Advance) -> list[list[str]]:
    """Greedy first-fit of units into lines, then the 孤字 fix.

    Widths are summed incrementally with one gap after every atom (an upper bound on the justifiable
    gaps, so the running test can only be optimistic); each finished line is then checked exactly and
    gives back units until it fits. Two cases cut a unit (`_cut`): a unit wider than a whole line (a
    long URL), and a line that would come out loose (gaps over LOOSE_EM) because the next unit is a
    long token — a phone number, a path, a URL.
    """
    units_ = list(us)
    lines: list[list[str]] = []
    start = 0
    avail = m.width - m.indent
    while start < len(units_):
        width, gaps, end = 0.0, -1, start
        while end < len(units_):
            nat, n = _natural(units_[end], advance), len(atoms(units_[end]))
            # Compressed pairs inside the unit and across its join to the line so far (an upper bound:
            # the exact check below drops a pair the line's end or a dash's box leaves uncompressed).
            joined = units_[end - 1][-1] + units_[end] if end > start else units_[end]
            nat -= m.squeeze * len(m.compressed_pairs(joined))
            if end > start and width + nat + (gaps + n) * m.min_gap > avail + 1e-6:
                break
            width += nat
            gaps += n
            end += 1
        while end - start > 1 and not _fits("".join(units_[start:end]), avail, m, advance):
            end -= 1
        if end - start == 1 and not _fits(units_[start], avail, m, advance):
            # Wider than the line: cut it where it fits (by character as a last resort).
            token = units_[start]
            head = _cut("", token, avail, m, advance)
            if head is None:
                cut = max((k for k in range(1, len(token)) if _fits(token[:k], avail, m, advance)), default=1)
                head = [token[:cut], token[cut:]]
            units_[start : start + 1] = head
        elif end < len(units_) and m.justify and _loose("".join(units_[start:end]), avail, m, advance):
            head = _cut("".join(units_[start:end]), units_[end], avail, m, advance)
            if head is not None:
                units_[end : end + 1] = head
                end += 1
        lines.append(list(units_[start:end]))
        start = end
        avail = m.width
    # 孤字不成行: pull units down until the last line carries two characters that are not punctuation.
    if len(lines) >= 2:
        prev, last = lines[-2], lines[-1]
        while _meaningful("".join(last)) < 2 and len(prev) > 1:
            last.insert(0, prev.pop())
        # Pulling may have made the last line too long for the measure (a wide unit); undo if so.
        while len(last) > 1 and not _fits("".join(last), m.width, m, advance):
            prev.append(last.pop(0))
    return lines


def _loose(text: str, avail: float, m: Measure, advance: Advance) -> bool:
    text = text.rstrip(" ")
    n = sum(gap_flags(text, m.compressed_pairs(text)))
    return n == 0 or (avail - _line_natural(text, m, advance)) / n > LOOSE_EM * m.size


def _cut(line: str, token: str, avail: float, m: Measure, advance: Advance) -> list[str] | None:
    """[head, rest] of `token`, the longest head that still fits after `line`, or None.

    A head ends after a delimiter (- / . ? & …, never inside a number such as 3.5 or 4,286); a URL or
    path may also be cut after any character when no delimiter leaves the line tight.
    """
    best: int | None = None
    for cut in range(len(token) - 1, 1, -1):
        before, after = token[cut - 1], token[cut]
        if before not in URL_BREAK_AFTER or not is_latin(after):
            continue
        if before in ".," and token[cut - 2].isdigit() and after.isdigit():
            continue
        if _fits(line + token[:cut], avail, m, advance):
            best = cut
            break
    url = "/" in token and len(token) > LONG_TOKEN
    if url and (best is None or _loose(line + token[:best], avail, m, advance)):
        for cut in range(len(token) - 1, best or 1, -1):
            if is_latin(token[cut - 1]) and is_latin(token[cut]) and _fits(line + token[:cut], avail, m, advance):
                best = cut
                break
    return [token[:best], token[best:]] if best else None


def break_paragraph(text: str, m: Measure, advance: Advance) -> list[SetLine]:
    """Break `text` into justified lines for measure `m`.

    A hard line break (\n, from a Markdown line break) ends a line as a paragraph's end does, and the
    text after it starts flush left; a tab is set as a space.
    """
    text = text.replace("\t", " ")
    if "\n" in text:
        head, _, rest = text.partition("\n")
        return break_paragraph(head, m, advance) + break_paragraph(rest, replace(m, indent=0.0), advance)
    if not text:
        return []
    us = units(text)
    broken = break_units(us, m, advance)
    out: list[SetLine] = []
    for i, parts in enumerate(broken):
        line = "".join(parts)
        visible = line.rstrip(" ")
        compressed = m.compressed_pairs(visible)
        natural = line_natural(visible, advance, compressed, m.squeeze)
        last = i == len(broken) - 1
        avail = m.width - (m.indent if i == 0 else 0.0)
        n = sum(gap_flags(visible, compressed))
        if m.justify and not last and n:
            gap = (avail - natural) / n
        else:
            gap = m.min_gap
            if natural + n * gap > avail:  # a single over-long unit: squeeze what can be squeezed
                gap = (avail - natural) / n if n else 0.0
        out.append(SetLine(line, gap, natural, last, compressed, m.squeeze))
    return out


def _fmt(pt: float) -> str:
    return f"{pt:.4f}".rstrip("0").rstrip(".") + "pt" if abs(pt) >= 5e-5 else "0"


def line_html(line: SetLine) -> str:
    """One line as HTML (see the module docstring, step 6).

    Spaced runs carry `letter-spacing: gap`; tight groups carry no letter-spacing and take the gap after
    them as `margin-right` (exact in layout). The line's end is a text box of its own (`boxes`), so
    the last glyph is placed at an exact layout position.
    """
    visible = line.text.rstrip(" ")
    hanging = line.text[len(visible) :]  # kept (the text must copy out whole), set past the edge
    gs = boxes(visible, line.compressed)
    if not gs:
        return html.escape(hanging)
    out: list[str] = []
    for i, g in enumerate(gs):
        final = i == len(gs) - 1
        text = html.escape(g.text + (hanging if final else ""))
        pull = line.squeeze if g.squeeze else 0.0  # a compressed pair: the next box moves back
        if g.tight:
            margin = "" if final else f";margin-right:{_fmt(line.gap - pull)}"
            out.append(f'<span style="letter-spacing:0{margin}">{text}</span>')
        else:
            # The final box cancels the letter-spacing CSS adds after its last glyph, so that a
            # centred or right-aligned line is placed by its ink, not by an invisible gap.
            right = -line.gap if final else -pull
            margin = f";margin-right:{_fmt(right)}" if right else ""
            out.append(f'<span style="letter-spacing:{_fmt(line.gap)}{margin}">{text}</span>')
    return "".join(out)


def paragraph_html(lines: Sequence[SetLine]) -> str:
    """The lines of one paragraph, joined by forced breaks (one block for orphans/widows)."""
    return "<br>".join(line_html(line) for line in lines)


# ------------------------------------------------------------------------------------------- titles

# Title line breaking. GB/T 9704 asks for title lines that keep the meaning whole and form a trapezoid
# or diamond. Without a segmenter, paiban knows three kinds of places, from a small list of the
# vocabulary of official titles: strong breaks (after the issuing body, after 印发/转发, before 关于),
# weak breaks (after a function word 的/和/与/及) and plain ones (any other boundary between kinsoku
# units) — and places it must never break: inside a protected word (一体|化, 国民|经济), inside a
# number (二十|大, 2035|年), after 第.
TITLE_BREAK_AFTER: tuple[str, ...] = (
    "人民代表大会常务委员会",
    "常务委员会",
    "代表大会",
    "人民政府",
    "委员会",
    "办公厅",
    "办公室",
    "协商会议",
    "会议",
    "大会",
    "政府",
    "法院",
    "检察院",
    "工作报告",
    "报告",
    "决定",
    "决议",
    "通知",
    "意见",
    "方案",
    "办法",
    "规定",
    "条例",
    "规划",
    "纲要",
    "公报",
    "讲话",
    "情况",
    "计划",
    "草案",
    "建议",
    "印发",
    "转发",
    "批转",
    "公布",
    "颁布",
)
TITLE_BREAK_BEFORE: tuple[str, ...] = ("关于", "暨", "——")
TITLE_WEAK_AFTER = frozenset("的和与及并暨之")
TITLE_PROTECTED: tuple[str, ...] = (
    "中华人民共和国",
    "中国共产党",
    "中国特色社会主义",
    "中国人民政治协商会议",
    "习近平",
    "新时代",
    "国民经济",
    "社会发展",
    "经济社会",
    "高质量发展",
    "高质量",
    "现代化",
    "一体化",
    "大数据",
    "数字化",
    "营商环境",
    "生态环境",
    "乡村振兴",
    "五年规划",
    "远景目标",
    "实施方案",
    "实施意见",
    "工作方案",
    "管理办法",
    "暂行办法",
    "实施细则",
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "代表大会",
    "政协",
    "全国人大",
    "党中央",
    "国务院",
    "市委",
    "省委",
    "县委",
    "区委",
    "二十大",
    "十四五",
    "两会",
)
_NUMERALS = frozenset("〇一二三四五六七八九十百千万零两")
_AFTER_NUMBER = frozenset("年月日号届次个项条款章节期批")
_PENALTY = {"strong": 0.0, "weak": 5.0, "plain": 12.0}  # in characters of imbalance


def _occurrences(title: str, word: str) -> list[int]:
    out, start = [], title.find(word)
    while start != -1:
        out.append(start)
        start = title.find(word, start + 1)
    return out


def title_breaks(title: str) -> dict[int, str]:
    """Allowed break positions (character offsets) of a title and their kind: strong, weak or plain."""
    forbidden: set[int] = set()
    for word in TITLE_PROTECTED:
        for start in _occurrences(title, word):
            forbidden.update(range(start + 1, start + len(word)))
    kinds: dict[int, str] = {}
    acc = 0
    for u in units(title)[:-1]:
        acc += len(u)
        kinds[acc] = "plain"
    for p in list(kinds):
        before, after = title[p - 1], title[p]
        if (
            p in forbidden
            or (before in _NUMERALS and after in _NUMERALS)
            or before == "第"
            or (before.isdigit() and after in _AFTER_NUMBER)
            or (before in _NUMERALS and after in _AFTER_NUMBER)
        ):
            del kinds[p]
        elif before in TITLE_WEAK_AFTER:
            kinds[p] = "weak"
    for word in TITLE_BREAK_AFTER:
        for start in _occurrences(title, word):
            if start + len(word) in kinds:
                kinds[start + len(word)] = "strong"
    for word in TITLE_BREAK_BEFORE:
        for start in _occurrences(title, word):
            if start in kinds:
                kinds[start] = "strong"
    return kinds


def split_title(title: str, capacity: int) -> list[str]:
    """Break a title into balanced lines of at most `capacity` characters, only between words.

    The fewest lines that fit (one more if no allowed break makes them fit); among those, the breaks
    with the best kinds (`title_breaks`) and the most even lines; ties go to the shape that widens
    downwards (a trapezoid).
    """
    title = title.strip()
    if len(title) <= capacity or capacity < 1:
        return [title] if title else []
    kinds = title_breaks(title)
    fewest = -(-len(title) // capacity)
    for k in (fewest, fewest + 1, fewest + 2):
        best = _best_split(title, kinds, k, capacity)
        if best is not None:
            return best
    return [title]


def _best_split(title: str, kinds: dict[int, str], k: int, capacity: int) -> list[str] | None:
    best: tuple[float, list[str]] | None = None
    mean = len(title) / k
    for cut in itertools.combinations(sorted(kinds), k - 1):
        edges = [0, *cut, len(title)]
        parts = [title[a:b] for a, b in itertools.pairwise(edges)]
        if any(len(p) > capacity or not p for p in parts):
            continue
        penalty = sum(_PENALTY[kinds[c]] for c in cut)
        spread = sum(abs(len(p) - mean) for p in parts)
        narrowing = sum(1 for a, b in itertools.pairwise(parts) if len(a) > len(b))
        score = penalty + spread + 0.1 * narrowing
        if best is None or score < best[0]:
            best = (score, parts)
    return best[1] if best else None
