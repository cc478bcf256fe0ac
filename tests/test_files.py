"""The file-system adapter: outputs are written only over regular files (issue 12, row 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paiban.clean.sites import load_sites
from paiban.errors import PaibanError
from paiban.files import read_bytes, writable_target, write_text_atomic
from paiban.theme import load_theme


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


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_fifo_behind_a_link_is_refused_before_it_is_opened(tmp_path: Path, kind: str) -> None:
    # /dev/zero would be read until memory runs out, and opening a FIFO blocks: neither may be read.
    link = tmp_path / "page.txt"
    if kind == "device":
        link.symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "pipe")
        link.symlink_to(tmp_path / "pipe")
    with pytest.raises(PaibanError, match="not a regular file"):
        read_bytes(link)


def test_a_theme_or_site_file_that_is_a_device_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(PaibanError, match=r"zero\.yaml: cannot read theme \(is a device, not a regular file\)"):
        load_theme(tmp_path / "zero.yaml")
    (tmp_path / "source" / "sites").mkdir(parents=True)
    (tmp_path / "source" / "sites" / "evil.yaml").symlink_to("/dev/zero")
    with pytest.raises(PaibanError, match=r"evil\.yaml: is a device, not a regular file"):
        load_sites(tmp_path / "source")
