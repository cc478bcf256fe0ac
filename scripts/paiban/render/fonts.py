"""Font resolution and metrics: which file a theme's family stack means, and how wide each character is.

Resolution follows the same order the renderers do: a user-supplied folder of licensed fonts first
(`styles/fonts/` — files in it are read with fontTools, matched on every family name they carry, English
or Chinese), then fontconfig (`fc-list`/`fc-match`, the same database Pango asks). The first family of the
stack that exists wins; a stack with no installed member resolves to None.

Metrics come from the resolved files themselves (cmap + hmtx through fontTools), with per-character
fallback along the stack, so paiban's line breaker (`typeset`) measures exactly the advances Pango will
use — provided kerning and ligatures are switched off in the CSS, which `pdf` does.
"""

from __future__ import annotations

import array
import contextlib
import functools
import hashlib
import io
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontTools
from fontTools.ttLib import TTCollection, TTFont

from paiban.hanzi import is_wide
from paiban.render import font_cache
from paiban.theme import Theme

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

# CSS font-weight → fontconfig weight (fontconfig's own scale, see fontconfig.h).
_FC_WEIGHT = {100: 0, 200: 40, 300: 50, 400: 80, 500: 100, 600: 180, 700: 200, 800: 205, 900: 210}


def _fc_weight(css_weight: int) -> int:
    nearest = min(_FC_WEIGHT, key=lambda w: abs(w - css_weight))
    return _FC_WEIGHT[nearest]


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()


@dataclass(frozen=True)
class FontFace:
    """One face of one font file, as resolved for a family of a stack."""

    family: str  # the stack member that matched (the name CSS must use)
    path: Path
    index: int = 0  # face index inside a .ttc/.otc collection
    weight: int = 400  # CSS weight of the face
    user: bool = False  # True when it comes from the user's fonts folder (needs an @font-face rule)


# ------------------------------------------------------------------------------------- user folder


@dataclass(frozen=True)
class _UserFace:
    names: frozenset[str]  # normalized family names (IDs 1, 4, 16 in every language)
    path: Path
    index: int
    weight: int


def _faces_of(path: Path) -> list[TTFont]:
    if path.suffix.lower() in (".ttc", ".otc"):
        return list(TTCollection(str(path), lazy=True).fonts)
    return [TTFont(str(path), lazy=True)]


@functools.lru_cache(maxsize=8)
def _user_faces(fonts_dir: Path) -> tuple[_UserFace, ...]:
    found: list[_UserFace] = []
    if not fonts_dir.is_dir():
        return ()
    for path in sorted(p for p in fonts_dir.rglob("*") if p.suffix.lower() in FONT_SUFFIXES):
        try:
            faces = _faces_of(path)
        except Exception:  # an unreadable file in the user's folder is skipped, not fatal
            continue
        for index, font in enumerate(faces):
            names = frozenset(_norm(rec.toUnicode()) for rec in font["name"].names if rec.nameID in (1, 4, 16))
            weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
            found.append(_UserFace(names, path.resolve(), index, weight))
    return tuple(found)


def _user_match(family: str, fonts_dir: Path, weight: int) -> FontFace | None:
    key = _norm(family)
    candidates = [f for f in _user_faces(fonts_dir.resolve()) if key in f.names]
    if not candidates:
        return None
    best = min(candidates, key=lambda f: (abs(f.weight - weight), str(f.path), f.index))
    return FontFace(family, best.path, best.index, best.weight, user=True)


# ------------------------------------------------------------------------------------- fontconfig


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


@dataclass(frozen=True)
class _SystemFace:
    path: Path
    index: int
    weight_low: float  # fontconfig weights (a variable font spans a range)
    weight_high: float


@functools.lru_cache(maxsize=1)
def _system_faces() -> dict[str, tuple[_SystemFace, ...]]:
    """Every installed face by normalized family name (each of its names, localized ones included).

    One `fc-list` for the whole process: a stack's missing families cost nothing.
    """
    out = _run(["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{weight}\n"])
    faces: dict[str, list[_SystemFace]] = {}
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 4 or not parts[1]:
            continue
        families, file, index, weight = parts
        numbers = [float(x) for x in weight.strip("[]").split()] or [80.0]
        face = _SystemFace(Path(file), int(index or 0), min(numbers), max(numbers))
        for name in families.split(","):
            if name.strip():
                faces.setdefault(_norm(name), []).append(face)
    return {k: tuple(sorted(v, key=lambda f: (str(f.path), f.index))) for k, v in faces.items()}


@functools.lru_cache(maxsize=128)
def _system_match(family: str, weight: int) -> FontFace | None:
    """The installed face of `family` nearest to `weight`, as fontconfig (and so Pango) would pick."""
    candidates = _system_faces().get(_norm(family))
    if not candidates:
        return None
    want = _fc_weight(weight)

    def distance(f: _SystemFace) -> float:
        if f.weight_low <= want <= f.weight_high:
            return 0.0
        return min(abs(f.weight_low - want), abs(f.weight_high - want))

    best = min(candidates, key=distance)
    fc_weight = want if best.weight_low <= want <= best.weight_high else best.weight_low
    css_weight = min(_FC_WEIGHT, key=lambda w: abs(_FC_WEIGHT[w] - fc_weight))
    return FontFace(family, best.path, best.index, css_weight)


# ------------------------------------------------------------------------------------- public API


def resolve_face(stack: Sequence[str], fonts_dir: Path | None = None, weight: int = 400) -> FontFace | None:
    """The face the stack means: the first family found in `fonts_dir`, else installed, else None."""
    for family in stack:
        if fonts_dir is not None:
            face = _user_match(family, fonts_dir, weight)
            if face:
                return face
        face = _system_match(family, weight)
        if face:
            return face
    return None


def resolve_faces(stack: Sequence[str], fonts_dir: Path | None = None, weight: int = 400) -> list[FontFace]:
    """Every available face of the stack, best first (the per-character fallback chain)."""
    faces: list[FontFace] = []
    for family in stack:
        face = (_user_match(family, fonts_dir, weight) if fonts_dir is not None else None) or _system_match(
            family, weight
        )
        if face and face not in faces:
            faces.append(face)
    return faces


def resolve_font(family_stack: Sequence[str], fonts_dir: Path | None = None) -> Path | None:
    """The font file of the first available family of the stack (regular weight), or None."""
    face = resolve_face(family_stack, fonts_dir)
    return face.path if face else None


def role_faces(theme: Theme, fonts_dir: Path | None = None) -> dict[str, FontFace | None]:
    """Each theme role's face: the one the PDF sets it in, the DOCX names and the EPUB embeds.

    Resolved once here so that no renderer decides a face on its own.
    """
    return {name: resolve_face(theme.stack(name), fonts_dir, role.weight) for name, role in theme.roles.items()}


# Licences (as fonts name them in name IDs 13/14) that allow shipping a subset inside a document.
FREE_LICENSES = re.compile(
    r"open font license|\bofl\b|apache license|gnu general public license|gnu\.org/licenses"
    r"|arphic public license|ipa font license|ubuntu font licen[cs]e|public domain",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=64)
def free_to_embed(face: FontFace) -> bool:
    """True when the face's own name table names a free licence and its fsType allows embedding.

    Anything else — the official 方正/中易 faces above all — is named in a document, never shipped in it.
    (Cached, `font_cache`: the name table of a CJK face takes tens of milliseconds to read.)
    """
    entry = font_cache.key(font_cache.file_key([face.path]), str(face.index), font_cache.code_key(__name__))
    cached = font_cache.load("licence", entry)
    if cached in (b"0", b"1"):
        return cached == b"1"
    free = _free_to_embed(face)
    font_cache.store("licence", entry, b"1" if free else b"0")
    return free


def _free_to_embed(face: FontFace) -> bool:
    try:
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    except Exception:  # an unreadable font is not ours to ship
        return False
    if "OS/2" in font and int(font["OS/2"].fsType) & 0x0002:  # restricted licence embedding
        return False
    texts = [rec.toUnicode() for rec in font["name"].names if rec.nameID in (13, 14)]
    return any(FREE_LICENSES.search(t) for t in texts)


def opentype_language(lang: str) -> str:
    """The OpenType language-system tag HarfBuzz uses for a BCP 47 tag (only the CJK ones matter)."""
    low = lang.lower()
    if low.startswith("zh"):
        if any(t in low for t in ("-hk", "-mo")):
            return "ZHH "
        if any(t in low for t in ("-tw", "-hant")):
            return "ZHT "
        return "ZHS "
    return {"ja": "JAN ", "ko": "KOR "}.get(low.split("-")[0], "dflt")


Script = str  # "han", "latin" or "common": the script HarfBuzz shapes a run in (see typeset.scripts)

# OpenType script tags HarfBuzz tries for each run script, in order (it falls back to DFLT, then latn).
_SCRIPT_TAGS: dict[str, tuple[str, ...]] = {
    "han": ("hani", "DFLT", "dflt", "latn"),
    "latin": ("latn", "DFLT", "dflt"),
    "common": ("DFLT", "dflt", "latn"),
}


def locl_map(font: TTFont, script: Script, lang_tag: str) -> dict[str, str]:
    """The single substitutions HarfBuzz's `locl` makes for a run of `script` in language `lang_tag`.

    Noto CJK, for instance, swaps in a full-width — for zh-CN Han runs, and tabular digits and a
    narrower … in Latin runs (Pango shapes a Latin run in zh text without the Chinese language system,
    so it gets the script's default one).
    """
    if "GSUB" not in font:
        return {}
    table = font["GSUB"].table
    if not table.ScriptList or not table.FeatureList or not table.LookupList:
        return {}
    records = {rec.ScriptTag: rec.Script for rec in table.ScriptList.ScriptRecord}
    found = next((records[t] for t in _SCRIPT_TAGS[script] if t in records), None)
    if found is None:
        return {}
    langsys = next((r.LangSys for r in found.LangSysRecord if r.LangSysTag == lang_tag), None)
    langsys = langsys or found.DefaultLangSys
    if langsys is None:
        return {}
    mapping: dict[str, str] = {}
    for fi in langsys.FeatureIndex:
        feature = table.FeatureList.FeatureRecord[fi]
        if feature.FeatureTag != "locl":
            continue
        for li in feature.Feature.LookupListIndex:
            lookup = table.LookupList.Lookup[li]
            for sub in lookup.SubTable:
                sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
                mapping.update(getattr(sub, "mapping", None) or {})
    return mapping


class FaceMetrics:
    """Advances of one face, in em (fraction of the font size), after `locl` for the run's script.

    The cmap is decoded on first use only: a full CJK face has tens of thousands of entries, so the
    PDF renderer measures the document's own HarfBuzz subset instead (`metrics_of`).
    """

    def __init__(self, font: TTFont, lang: str = "zh-CN") -> None:
        self._font = font
        self._lang = lang
        self._upem = float(font["head"].unitsPerEm)
        self._cmap: dict[int, str] | None = None
        self._locl: dict[Script, dict[str, str]] = {}
        hhea = font["hhea"]
        self.hhea_ascent = float(hhea.ascent) / self._upem
        self.hhea_descent = float(-hhea.descent) / self._upem

    def _glyphs(self) -> dict[int, str]:
        if self._cmap is None:
            self._cmap = self._font.getBestCmap() or {}
            self._hmtx: dict[str, tuple[int, int]] = self._font["hmtx"].metrics
        return self._cmap

    def _substitutions(self, script: Script) -> dict[str, str]:
        if script not in self._locl:
            # Han runs get the document language's system; Latin and Common runs the default one.
            lang_tag = opentype_language(self._lang) if script == "han" else "dflt"
            self._locl[script] = locl_map(self._font, script, lang_tag)
        return self._locl[script]

    def advance(self, ch: str, script: Script = "han") -> float | None:
        glyph = self._glyphs().get(ord(ch))
        if glyph is None:
            return None
        glyph = self._substitutions(script).get(glyph, glyph)
        if glyph not in self._hmtx:
            return None
        return self._hmtx[glyph][0] / self._upem


@functools.lru_cache(maxsize=32)
def face_metrics(face: FontFace, lang: str = "zh-CN") -> FaceMetrics:
    """Metrics of an installed (or user-folder) face."""
    return FaceMetrics(TTFont(str(face.path), fontNumber=face.index, lazy=True), lang)


def metrics_of(data: bytes, lang: str = "zh-CN") -> FaceMetrics:
    """Metrics of a font file in memory (e.g. a `subset_face` result)."""
    return FaceMetrics(TTFont(io.BytesIO(data), lazy=True), lang)


class StackMetrics:
    """Advances along a fallback chain of faces; unknown characters count as 1 em (wide) or ½ em."""

    def __init__(self, metrics: Sequence[FaceMetrics]) -> None:
        self._metrics = list(metrics)
        self._cache: dict[tuple[str, Script], float] = {}

    def advance(self, ch: str, script: Script = "han") -> float:
        """Advance of one character in em, shaped in a run of `script`."""
        key = (ch, script)
        adv = self._cache.get(key)
        if adv is None:
            adv = next((a for m in self._metrics if (a := m.advance(ch, script)) is not None), None)
            if adv is None:
                adv = 1.0 if is_wide(ch) else 0.5
            self._cache[key] = adv
        return adv


@functools.lru_cache(maxsize=32)
def stack_metrics(
    stack: tuple[str, ...], fonts_dir: Path | None = None, weight: int = 400, lang: str = "zh-CN"
) -> StackMetrics:
    """Metrics for a theme stack in a language (cached per process)."""
    return StackMetrics([face_metrics(f, lang) for f in resolve_faces(stack, fonts_dir, weight)])


# ------------------------------------------------------------------------------------- subsetting

_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_blob_destroy (hb_blob_t *blob);
void hb_face_destroy (hb_face_t *face);
void hb_set_add (hb_set_t *set, uint32_t codepoint);
hb_blob_t * hb_face_reference_blob (hb_face_t *face);
const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_subset_input_t * hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t * hb_subset_input_unicode_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
const char * hb_version_string (void);
"""


@functools.lru_cache(maxsize=1)
def _harfbuzz() -> tuple[Any, Any, Any] | None:
    """HarfBuzz and HarfBuzz-subset through cffi (both are WeasyPrint's own dependencies)."""
    try:
        import cffi  # type: ignore[import-untyped]

        ffi = cffi.FFI()
        ffi.cdef(_HB_CDEF)
        return ffi, _dlopen(ffi, "harfbuzz"), _dlopen(ffi, "harfbuzz-subset")
    except (ImportError, OSError, AttributeError):
        return None


def _dlopen(ffi: Any, name: str) -> Any:
    """The library by its Linux soname first: the dynamic loader finds it without the `ldconfig -p` (and
    the compiler runs) of `ctypes.util.find_library`, which other systems need."""
    import ctypes.util

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            return ffi.dlopen(f"lib{name}.so.0")
    return ffi.dlopen(ctypes.util.find_library(name) or f"lib{name}.so.0")


_HB_SUBSET_FLAGS_NO_HINTING = 0x1  # hb-subset.h: HB_SUBSET_FLAGS_NO_HINTING
_HB_SUBSET_SETS_NAME_ID = 4  # hb-subset.h: HB_SUBSET_SETS_NAME_ID
# Name records every subset keeps: HarfBuzz's default (0-6) plus the licence and its URL (13, 14),
# which a free font's licence asks to travel with every copy (and `free_to_embed` reads).
_KEPT_NAME_IDS = (13, 14)


def subset_face(face: FontFace, codepoints: Iterable[int], hinting: bool = True) -> bytes:
    """The face cut down to `codepoints` (with their layout closure: `locl`, `vert` …), as a font file.

    HarfBuzz-subset does it in milliseconds; the result keeps the face's metrics and OpenType layout,
    so text shapes exactly as with the full face, and its licence (name IDs 13, 14). `hinting=False`
    drops the hints (a sixth of a CJK face's bytes; screens that scale text do not need them). Falls
    back to the whole face's file when HarfBuzz cannot be loaded or refuses the font.

    This is the one subsetter of the project: the PDF, the EPUB and the DOCX all embed its output.
    Subsets are cached (`font_cache`) by face file, characters and options: a document rendered again
    (a theme edit, another format) cuts the same ones.
    """
    points = sorted(set(codepoints))
    lib = _harfbuzz()
    version = lib[0].string(lib[1].hb_version_string()).decode() if lib else ""
    entry = font_cache.key(
        font_cache.file_key([face.path]),
        str(face.index),
        version,
        font_cache.code_key(__name__),
        str(hinting),
        array.array("I", points).tobytes(),
    )
    cached = font_cache.load("subset", entry)
    if cached:
        return cached
    data = _harfbuzz_subset(face, points, hinting)
    if data is not None:
        font_cache.store("subset", entry, data)
        return data
    if face.path.suffix.lower() in (".ttc", ".otc"):
        # A collection cannot be served as one font: extract the face with fontTools.
        buffer = io.BytesIO()
        TTFont(str(face.path), fontNumber=face.index, recalcTimestamp=False).save(buffer)
        return buffer.getvalue()
    return face.path.read_bytes()


def _harfbuzz_subset(face: FontFace, codepoints: Sequence[int], hinting: bool) -> bytes | None:
    """HarfBuzz's subset, or None when HarfBuzz cannot be loaded or refuses the font."""
    lib = _harfbuzz()
    if lib is not None:
        ffi, hb, hbs = lib
        blob = hb.hb_blob_create_from_file_or_fail(str(face.path).encode())
        if blob != ffi.NULL:
            source = hb.hb_face_create(blob, face.index)
            request = hbs.hb_subset_input_create_or_fail()
            try:
                if request != ffi.NULL:
                    if not hinting:
                        hbs.hb_subset_input_set_flags(request, _HB_SUBSET_FLAGS_NO_HINTING)
                    name_ids = hbs.hb_subset_input_set(request, _HB_SUBSET_SETS_NAME_ID)
                    for name_id in _KEPT_NAME_IDS:
                        hb.hb_set_add(name_ids, name_id)
                    unicodes = hbs.hb_subset_input_unicode_set(request)
                    for cp in codepoints:
                        hb.hb_set_add(unicodes, cp)
                    result = hbs.hb_subset_or_fail(source, request)
                    if result != ffi.NULL:
                        out = hb.hb_face_reference_blob(result)
                        length = ffi.new("unsigned int *")
                        data = hb.hb_blob_get_data(out, length)
                        content = bytes(ffi.buffer(data, length[0])) if length[0] else b""
                        hb.hb_blob_destroy(out)
                        hb.hb_face_destroy(result)
                        if content:
                            return content
            finally:
                if request != ffi.NULL:
                    hbs.hb_subset_input_destroy(request)
                hb.hb_face_destroy(source)
                hb.hb_blob_destroy(blob)
    return None


def with_line_metrics(data: bytes, ascent: float, descent: float) -> bytes:
    """The font with its line metrics (hhea, OS/2 typographic and Windows) set to `ascent`/`descent` em.

    A text line of fixed height puts its baseline (height + (ascent - descent) × size) / 2 below its
    top, so two faces with different ascent - descent sit on different baselines in the same grid row.
    Giving every grid role's face the body face's ascent - descent (keeping its ascent + descent)
    lines all baselines up, without moving anything by positioning.
    """
    entry = font_cache.key(
        hashlib.sha256(data).digest(), repr((ascent, descent)), fontTools.version, font_cache.code_key(__name__)
    )
    cached = font_cache.load("line-metrics", entry)
    if cached:
        return cached
    out = _with_line_metrics(data, ascent, descent)
    font_cache.store("line-metrics", entry, out)
    return out


def _with_line_metrics(data: bytes, ascent: float, descent: float) -> bytes:
    # The same bytes on every build (no timestamp), and no bounding-box recalculation: only the line
    # metrics change, the subset's own hhea/head bounds stay right, and recomputing them draws every
    # CFF glyph (0.4 s a face for a CJK subset).
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    upem = font["head"].unitsPerEm
    up, down = round(ascent * upem), round(descent * upem)
    hhea = font["hhea"]
    hhea.ascent, hhea.descent = up, -down
    if "OS/2" in font:
        os2 = font["OS/2"]
        os2.sTypoAscender, os2.sTypoDescender = up, -down
        os2.usWinAscent, os2.usWinDescent = max(up, 0), max(down, 0)
        os2.sTypoLineGap = 0
    hhea.lineGap = 0
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
