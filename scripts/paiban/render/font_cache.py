"""What paiban derives from the installed font files (and a document's characters), kept between runs.

Every render used to recompute, from the same font files, the same facts: which code points fontconfig's
faces cover (a parse of every face's charset, a fifth of a second), each face's licence, and the
HarfBuzz subsets of a document that is rendered again (a theme edit re-renders every document with the
same characters). They are kept in one folder, `$PAIBAN_CACHE_DIR`, else `$XDG_CACHE_HOME/paiban`, else
`~/.cache/paiban`; `PAIBAN_CACHE_DIR=off` turns the cache off.

A key names the font files it was derived from by path, size and modification time (`file_key`) and
the code that derived it by its source (`code_key`), so an updated font or an edited module is a new
key, never a stale entry. Entries are written to a temporary file and renamed into place, so
concurrent jobs of one run share the folder safely: each reads a whole entry or none, and two jobs that
compute the same entry write the same bytes. A cache that cannot be read or written (a read-only home,
a full disk) is no cache: the value is computed as if it were off. The folder is kept under
`MAX_BYTES` by removing the least recently written entries.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

ENV_VAR = "PAIBAN_CACHE_DIR"
# Part of every key: an entry written by another layout of the cache is never read back.
VERSION = "1"
MAX_BYTES = 512 * 1024 * 1024


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when caching is off."""
    explicit = os.environ.get(ENV_VAR)
    if explicit is not None:
        return None if explicit.strip().lower() in ("off", "") else Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "paiban"
    home = os.environ.get("HOME")
    return Path(home) / ".cache" / "paiban" if home else None


def file_key(paths: Iterable[Path | str]) -> str:
    """A key for the content of font files, by path, size and modification time (no file is read)."""
    digest = hashlib.sha256(VERSION.encode())
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
            continue
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=16)
def code_key(*modules: str) -> str:
    """A key for the code that derives an entry: the source of the named modules (an edit is a new key)."""
    digest = hashlib.sha256(VERSION.encode())
    for name in modules:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        digest.update(Path(origin).read_bytes() if origin else name.encode())
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """One key for several parts (a file key, the characters, the options)."""
    digest = hashlib.sha256(VERSION.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _entry(kind: str, entry_key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / entry_key[:2] / entry_key


def load(kind: str, entry_key: str) -> bytes | None:
    """The entry's bytes, or None when it is not there (or caching is off)."""
    path = _entry(kind, entry_key)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def store(kind: str, entry_key: str, data: bytes) -> None:
    """Write an entry atomically; a failure to write is ignored (the value was computed anyway)."""
    path = _entry(kind, entry_key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    if entry_key.startswith("00"):  # one write in 256 checks the folder's size (keys are hashes)
        prune(path.parents[2], MAX_BYTES)


def prune(folder: Path, max_bytes: int) -> None:
    """Remove the least recently written entries until the folder holds at most `max_bytes`."""
    entries: list[tuple[float, int, Path]] = []
    for path in folder.glob("*/*/*"):
        with contextlib.suppress(OSError):
            st = path.stat()
            entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        with contextlib.suppress(OSError):  # another job may have removed it first
            path.unlink()
        total -= size
