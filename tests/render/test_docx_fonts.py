"""The DOCX's fonts: the family each role names, and the obfuscated subsets it embeds (ECMA-376 §17.8.1)."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

from paiban.markdown import load
from paiban.render.docx.fonts import font_key, obfuscate, word_fonts
from paiban.render.fonts import free_to_embed, role_faces
from paiban.render.roles import role_texts
from tests.project import THEME

KEY = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
DOC = load("---\ntitle: 关于开展安全检查的通知\n---\n\n## 一、检查范围\n\n各单位要认真开展自查。\n")


def test_obfuscation_xors_the_first_32_bytes_with_the_reversed_guid() -> None:
    data = bytes(range(40))
    mask = bytes.fromhex("00112233445566778899AABBCCDDEEFF")[::-1]
    out = obfuscate(data, KEY)
    assert out[:32] == bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    assert out[32:] == data[32:]
    assert obfuscate(out, KEY) == data  # its own inverse: Word de-obfuscates with the same key
    assert obfuscate(b"short", KEY) == bytes(b ^ m for b, m in zip(b"short", mask, strict=False))


def test_font_keys_are_guids_derived_from_the_bytes() -> None:
    key = font_key(b"font one")
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}", key)
    assert font_key(b"font one") == key  # the same subset, the same key: rebuilds are byte-identical
    assert font_key(b"font two") != key


def test_each_role_names_the_face_the_pdf_sets_it_in() -> None:
    faces = role_faces(THEME)
    fonts = word_fonts(THEME, DOC, embed=False)
    for name, role in THEME.roles.items():
        face = faces[name]
        assert fonts.name(THEME, role) == (face.family if face is not None else THEME.fonts[role.font][0]), name
    by_name = {f.name: f for f in fonts.fonts}
    assert len(by_name) == len(fonts.fonts)  # one w:font per family
    for font in fonts.fonts:
        # A stand-in names the theme's official first choice as its altName.
        firsts = {THEME.fonts[r.font][0] for n, r in THEME.roles.items() if fonts.name(THEME, r) == font.name}
        assert font.alt in firsts | {""} and (font.alt == "") == (font.name in firsts)
        assert font.regular is None and font.bold is None  # embed=False cuts no subsets


def test_free_faces_travel_as_subsets_of_the_characters_their_roles_set() -> None:
    faces = role_faces(THEME)
    texts = role_texts(DOC)
    fonts = {f.name: f for f in word_fonts(THEME, DOC).fonts}
    checked = []
    for name, role in THEME.roles.items():
        face = faces[name]
        if face is None or not free_to_embed(face) or (not texts.get(name) and name != "page_number"):
            continue
        font = fonts[face.family]
        data = font.bold if role.weight >= 600 else font.regular
        assert data is not None, name
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        wanted = texts.get(name, "") + (THEME.page_number_chars if name == "page_number" else "")
        assert {ord(c) for c in wanted if c != "\n"} <= cmap.keys(), name
        assert len(cmap) < 500, name  # a subset, not the whole CJK face
        checked.append(name)
    assert {"title", "section", "body", "page_number"} <= set(checked)  # scripts/setup's free faces embed
