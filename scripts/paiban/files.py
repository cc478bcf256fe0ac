"""The thin adapter between paiban's pure functions and the file system.

Every output is written to a temporary file in the destination's folder and renamed into place, so a
failed or interrupted job never leaves a half-written file where the workflow (or a user) would take
it for a finished one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from paiban.errors import PaibanError


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; a device, FIFO or socket (even behind a symlink) is refused before it is opened:
    reading /dev/zero never ends and opening a FIFO blocks."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise PaibanError(p, f"is {_kind(mode)}, not a regular file")
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise PaibanError(p, "no such file") from exc
    except IsADirectoryError as exc:
        raise PaibanError(p, "is a directory, not a file") from exc
    except OSError as exc:
        raise PaibanError(p, f"cannot read ({exc.strerror})") from exc


def read_text(path: str | Path) -> str:
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PaibanError(path, f"not UTF-8 text (byte {exc.start})") from exc


def writable_target(path: str | Path) -> Path:
    """The regular file to write for `path`: itself, or what a symlink points to. Anything else is refused:
    the atomic rename would put a regular file in the place of a device, FIFO, socket or folder (as root,
    `-o /dev/null` would replace the machine's /dev/null)."""
    p = Path(path)
    if p.is_symlink():
        p = p.resolve()
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return p
    except OSError as exc:
        raise PaibanError(p, f"cannot write ({exc.strerror})") from exc
    if stat.S_ISREG(mode):
        return p
    raise PaibanError(path, f"is {_kind(mode)}, not a regular file; paiban writes only regular files")


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in the words of an error message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary sibling and an atomic rename."""
    p = writable_target(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    except OSError as exc:
        raise PaibanError(p, f"cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PaibanError(p, f"cannot write ({exc.strerror})") from exc
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
