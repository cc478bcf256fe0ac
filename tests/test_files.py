"""The file-system adapter: outputs are written only over regular files (issue 12, row 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paiban.errors import PaibanError
from paiban.files import writable_target, write_text_atomic


def test_a_device_is_refused_before_anything_is_written() -> None:
    # `paiban clean PAGE -o /dev/null` as root used to rename a regular file over the machine's /dev/null.
    with pytest.raises(PaibanError, match=r"/dev/null: is a device, not a regular file"):
        writable_target(os.devnull)


def test_a_link_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_text_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "out.md").symlink_to(fifo)
    with pytest.raises(PaibanError, match="is a FIFO"):
        write_text_atomic(tmp_path / "out.md", "x")
