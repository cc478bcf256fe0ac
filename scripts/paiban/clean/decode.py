"""Bytes → text: detect the encoding of a scraped page, reject what is not text.

Order of evidence: a byte-order mark; UTF-16 without a BOM (NUL bytes on one side); strict UTF-8 (by far the
most common, and unambiguous when it decodes); a charset declared by an HTML page; then the CJK legacy
encodings (GB18030 ⊃ GBK ⊃ GB2312, Big5/CP950), ranked by charset-normalizer and, when several decode
cleanly, by how many of the text's ideographs are common Chinese characters. The name of the encoding
used is returned so the cleaner can log it.
"""

from __future__ import annotations

import codecs
import re

import ftfy
import ftfy.badness
from charset_normalizer import from_bytes

from paiban.errors import PaibanError
from paiban.model import LogEntry

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF file"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (DOCX/EPUB/XLSX?)"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (DOC/XLS?)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encodings tried, in order of preference when the evidence is tied.
_LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")

# The most frequent characters of Chinese text, simplified and traditional forms both (used to rank
# candidate decodings: a wrong legacy decoding produces rare characters).
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
    "比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共"
    "权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张"
    "信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验"
    "连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
    "存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龍"
    "這個們來時會說對為後國過裡點學現實發動經產種與關當於員開長問機進從兩應論計義務將變無條東錢區進體還質"
    "體書記議規廣場雙華鄉鎮處辦縣隊黨團聯繫報陳張楊劉廳圖際運範設總數權歷設議語讓義態導"
)

# What UTF-8 read as windows-1252 or Latin-1 leaves: a lead byte of a multi-byte sequence (Â–ï) followed by
# a continuation byte (0x80–0xBF) as that code page shows it — C1 control, Latin-1 sign or cp1252's € … Ž.
_CONTINUATION = "".join(sorted({bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xC0)}))
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00ef][{re.escape(_CONTINUATION)}]")

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _reject_binary(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise PaibanError(name, f"not a text page: looks like {what}")


def _utf16_without_bom(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when NUL bytes sit on one side of most code units."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has NULs on one side; CJK-heavy UTF-16 has none — try a strict decode then.
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _score(text: str) -> float:
    """Share of the ideographs that are common Chinese characters, minus a penalty for odd code points."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    odd = sum(1 for c in text if ("\ue000" <= c <= "\uf8ff") or c == "\ufffd" or "\u3400" <= c <= "\u4dbf")
    if not han:
        return -float(odd)
    return sum(1 for c in han if c in _COMMON) / len(han) - odd / max(1, len(text)) * 10


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mixed(data: bytes) -> tuple[str, str] | None:
    """A page stitched from parts in two encodings (a UTF-8 site template around a GBK article, say):
    UTF-8 for every line that is valid UTF-8, and for the other lines the legacy encoding that reads
    them best. Decoding the whole page either way would turn one of the parts into mojibake."""
    lines = data.split(b"\n")
    foreign = {i for i, line in enumerate(lines) if _strict(line, "utf-8") is None}
    if not foreign or len(foreign) == len(lines):
        return None
    rest = b"\n".join(lines[i] for i in sorted(foreign))
    best: tuple[float, str] | None = None
    for enc in _LEGACY:
        text = rest.decode(enc, errors="replace")
        if text.count("\ufffd") <= max(2, len(text) // 200) and (best is None or _score(text) > best[0]):
            best = (_score(text), enc)
    if best is None:
        return None
    enc = best[1]
    text = "\n".join(
        line.decode(enc, errors="replace") if i in foreign else line.decode("utf-8") for i, line in enumerate(lines)
    )
    n = len(foreign)
    return text, f"utf-8 with {n} line{'s' if n > 1 else ''} in {enc}"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding name). Raises PaibanError for non-text input.

    A page that was already mojibake when it was saved (UTF-8 read as windows-1252 or Latin-1 by some
    tool, then written out again) decodes "correctly" into Latin letters and punctuation that the cleaner
    would drop line by line; ftfy undoes that double decoding, and the encoding name says so."""
    text, encoding = _decode_bytes(data, name)
    return _repair_mojibake(text, encoding, name)


def _repair_mojibake(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not _MOJIBAKE_HINT.search(text):
        return text, encoding  # the common case, and fast: nothing a double decoding leaves behind
    fixed, explained = ftfy.fix_encoding_and_explain(text)
    steps = explained or []
    left = _MOJIBAKE_HINT.findall(fixed)
    if len(left) > max(3, len(fixed) // 1000):
        # Bytes the first wrong decoding dropped (cp1252 has no 0x81, 0x8D, 0x8F, 0x90, 0x9D) cannot be
        # put back: refuse rather than print a page of Latin letters or drop it line by line as "no text".
        sample = "".join(left[:3])
        raise PaibanError(
            name,
            f"undecodable: {len(left)} sequences of mojibake (UTF-8 read as a Western "
            f"encoding, e.g. «{sample}») that cannot be repaired; save the page again as UTF-8",
        )
    if fixed == text:
        return text, encoding
    via = next((arg for op, arg in steps if op == "encode"), "a Western encoding")
    note = f"{encoding}, mojibake repaired (UTF-8 that had been read as {via})"
    # Bytes a lossy first decoding had already turned into U+FFFD stay lost; say how many.
    lost = fixed.count("\ufffd") if any(arg == "replace_lossy_sequences" for _, arg in steps) else 0
    if lost > 0:
        note += f"; {lost} character{'s' if lost > 1 else ''} beyond repair shown as \ufffd"
    return fixed, note


def encoding_entry(encoding: str) -> LogEntry:
    """The clean log's line for the decoding: a warning when bytes were replaced or mojibake repaired."""
    repaired = "replaced" in encoding or "repaired" in encoding or "beyond repair" in encoding
    return LogEntry("warning" if repaired else "info", f"encoding: {encoding}")


def _decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    if not data.strip():
        raise PaibanError(name, "empty input")
    _reject_binary(data, name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding.replace("-sig", ""))
            if text is None:
                raise PaibanError(name, f"undecodable: starts with a {encoding} byte-order mark but is not {encoding}")
            return _check(text, name), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _strict(data, utf16)
        if text is not None:
            return _check(text, name), utf16
    if b"\x00" in data and len(data) % 2 == 0:
        # CJK-only UTF-16 without a BOM has few NULs: accept the byte order that reads as Chinese.
        tries = [(_score(t), enc, t) for enc in ("utf-16-le", "utf-16-be") if (t := _strict(data, enc))]
        if tries and max(tries)[0] >= 0.5:
            _, enc, text16 = max(tries)
            return _check(text16, name), enc
    if b"\x00" in data:
        raise PaibanError(name, "not a text page: contains NUL bytes")
    text = _strict(data, "utf-8")
    if text is not None and not _two_byte_only(text):
        return _check(text, name), "utf-8"
    utf8 = text

    candidates: list[str] = []
    declared = _HTML_CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        try:
            label = codecs.lookup(label).name
        except LookupError:
            label = ""
        if label in ("gb2312", "gbk", "cp936"):
            label = "gb18030"  # the superset decodes every page labelled with a subset
        if label:
            candidates.append(label)
    guess = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if guess is not None:
        candidates.append(str(guess.encoding))
    candidates += list(_LEGACY)

    decoded: list[tuple[float, int, str, str]] = []
    seen: set[str] = set()
    for rank, enc in enumerate(candidates):
        if enc in seen:
            continue
        seen.add(enc)
        text = _strict(data, enc)
        if text is not None:
            # A declared charset wins when it decodes; otherwise the text that reads as Chinese wins.
            bonus = 1.0 if (declared and rank == 0) else 0.0
            decoded.append((_score(text) + bonus, -rank, enc, text))
    if utf8 is not None:
        # Short GBK/Big5 byte runs can be valid UTF-8 (as Latin/Hebrew/combining letters): UTF-8 wins
        # unless a legacy decoding reads as Chinese.
        best = max(decoded) if decoded else None
        if best is None or best[0] < 0.5:
            return _check(utf8, name), "utf-8"
    if utf8 is None:
        # Scraped pages are often cut in the middle of a character or carry a few stray bytes: accept the
        # decoding that needs the fewest replacements when they are rare (the cleaner warns where).
        for rank, enc in enumerate(("utf-8", *_LEGACY)):
            if enc == "utf-8" or not decoded:
                lenient = data.decode(enc, errors="replace")
                bad = lenient.count("\ufffd")
                if 0 < bad <= max(2, len(lenient) // 200):
                    label = f"{enc} ({bad} undecodable byte sequence{'s' if bad > 1 else ''} replaced)"
                    decoded.append((_score(lenient) - 0.05, -100 - rank, label, lenient))
        mixed = _mixed(data)
        if mixed is not None:
            decoded.append((_score(mixed[0]) - 0.01, -200, mixed[1], mixed[0]))
    if not decoded:
        raise PaibanError(name, "undecodable: not UTF-8, UTF-16, GB18030 or Big5")
    _, _, enc, text = max(decoded)
    return _check(text, name), enc


def _two_byte_only(text: str) -> bool:
    """Non-ASCII text made only of U+0080–U+07FF: what legacy CJK bytes look like when read as UTF-8."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    return bool(non_ascii) and all(ord(c) < 0x800 for c in non_ascii)


def _check(text: str, name: str) -> str:
    if not text.strip(" \t\r\n\f\v\u00a0\u3000\ufeff\u200b"):
        raise PaibanError(name, "empty input (whitespace only)")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise PaibanError(name, "not a text page: contains control/NUL characters")
    return text
