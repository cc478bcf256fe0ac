"""The DOCX's fonts: which family each Word style names, and the subsets the document carries.

Each role names the face `fonts.role_faces` resolves — the face the PDF is set in — so Word, WPS and
LibreOffice set the same faces as the PDF instead of falling back from an absent official name to one
face for everything. When that face stands in for the theme's first (official) choice, the official
name is the font's `w:altName`.

A face that is free to embed (`fonts.free_to_embed`: a free licence in its name table and an fsType
that allows it) travels inside the document as ECMA-376 embedded fonts (Part 1, §17.8.1): a HarfBuzz
subset of the characters its roles set, obfuscated with a per-font GUID (`w:fontKey`) into
`word/fonts/*.odttf`, referenced by `w:embedRegular` / `w:embedBold`. An official face installed on the
build machine is named, never embedded: it is not ours to ship.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from paiban.model import Article
from paiban.render.css import BULLET
from paiban.render.fonts import FontFace, free_to_embed, role_faces, subset_face
from paiban.render.roles import role_texts
from paiban.theme import Role, Theme

# uuid5 namespace of paiban's font keys: the same subset always gets the same key (reproducible bytes).
_FONT_KEY_NS = uuid.UUID("0b6e9a52-3f0c-5a57-9d1e-7c2b4f8a6e31")


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: the first 32 bytes XOR the GUID's 16 bytes, taken in reverse order.

    `key` is the `w:fontKey` GUID (`{XXXXXXXX-XXXX-…}`). The operation is its own inverse.
    """
    digits = key.strip("{}").replace("-", "")
    mask = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def font_key(data: bytes) -> str:
    """The `w:fontKey` GUID of a font subset, derived from its bytes."""
    return "{" + str(uuid.uuid5(_FONT_KEY_NS, hashlib.sha256(data).hexdigest())).upper() + "}"


@dataclass
class WordFont:
    """One `w:font` of the font table: its name, the official face it stands in for, its subsets."""

    name: str
    alt: str = ""
    regular: bytes | None = None  # font file (not yet obfuscated) for non-bold runs
    bold: bytes | None = None
    _chars: dict[tuple[bool, FontFace], set[str]] = field(default_factory=dict, repr=False)


@dataclass
class WordFonts:
    """The font table and each (stack, weight)'s family name."""

    names: dict[tuple[str, int], str]
    fonts: list[WordFont]

    def name(self, theme: Theme, role: Role) -> str:
        return self.names.get((role.font, role.weight), theme.fonts[role.font][0])


def word_fonts(theme: Theme, article: Article, fonts_dir: Path | None = None, embed: bool = True) -> WordFonts:
    """Resolve every role's face once (as the PDF does) and cut the subsets the DOCX embeds."""
    faces = role_faces(theme, fonts_dir)
    texts = role_texts(article)
    # Characters the DOCX sets that are not in the text: the footer's page number and the list bullet.
    texts["page_number"] = theme.page_number_chars
    texts["body"] = texts.get("body", "") + BULLET
    names: dict[tuple[str, int], str] = {}
    by_name: dict[str, WordFont] = {}
    for role_name, role in theme.roles.items():
        face = faces[role_name]
        first = theme.fonts[role.font][0]
        name = face.family if face is not None else first
        names[(role.font, role.weight)] = name
        font = by_name.setdefault(name, WordFont(name, alt=first if name != first else ""))
        if embed and face is not None and free_to_embed(face) and texts.get(role_name):
            font._chars.setdefault((role.weight >= 600, face), set()).update(texts[role_name])
    for font in by_name.values():
        for (bold, face), chars in sorted(font._chars.items(), key=lambda kv: (kv[0][0], str(kv[0][1].path))):
            data = subset_face(face, sorted(ord(c) for c in chars - {"\n"}))
            if bold:
                font.bold = font.bold or data
            else:
                font.regular = font.regular or data
    return WordFonts(names, list(by_name.values()))
