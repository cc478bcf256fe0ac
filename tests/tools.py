"""Programs outside the project that tests check its outputs with: LibreOffice and epubcheck.

Take them from their fixtures in tests/conftest.py (`soffice`, `epubcheck`), not by constructing them: the
fixture skips the test when the program is not installed and marks it `workflow`, since starting one costs
seconds (a JVM, an office suite), which the fast lane leaves out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


def libreoffice_exe() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class LibreOffice:
    """`soffice --headless --convert-to pdf`: the page a reader of the DOCX actually gets."""

    exe: str

    def __call__(self, data: bytes, tmp: Path, *, no_system_fonts: bool = False) -> Path:
        """The DOCX converted to PDF (tmp/doc.pdf); `no_system_fonts` hides every installed font but the
        Latin-only DejaVu (LibreOffice does not start without a font) from it, as on a recipient's machine
        with no Chinese font: only what the document embeds can set its Chinese text."""
        tmp.mkdir(parents=True, exist_ok=True)
        src = tmp / "doc.docx"
        src.write_bytes(data)
        profile = (tmp / "lo-profile").as_uri()  # a private profile: safe beside other soffice runs
        env = dict(os.environ)
        if no_system_fonts:
            (tmp / "no-fonts").mkdir(exist_ok=True)
            conf = tmp / "fonts.conf"
            conf.write_text(
                '<?xml version="1.0"?>\n<fontconfig><dir>' + str(tmp / "no-fonts") + "</dir>"
                "<dir>/usr/share/fonts/truetype/dejavu</dir>"
                "<cachedir>" + str(tmp / "fc-cache") + "</cachedir></fontconfig>\n",
                encoding="utf-8",
            )
            env["FONTCONFIG_FILE"] = str(conf)
        subprocess.run(
            [
                self.exe,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env=env,
        )
        return tmp / "doc.pdf"


# A short-lived JVM starts faster without the optimising compiler (about 6 s → 4 s per book here).
JAVA = ["java", "-XX:TieredStopAtLevel=1", "-jar"]


def epubcheck_argv() -> list[str] | None:
    exe = shutil.which("epubcheck")
    if not exe:
        jar = Path("/usr/share/java/epubcheck.jar")
        return [*JAVA, str(jar)] if jar.exists() and shutil.which("java") else None
    real = os.path.realpath(exe)
    with open(real, "rb") as f:
        is_jar = f.read(2) == b"PK"  # Debian installs the jar itself as /usr/bin/epubcheck
    return [*JAVA, real] if is_jar else [exe]


@dataclass(frozen=True)
class EpubCheck:
    """The W3C's EPUB validator."""

    argv: tuple[str, ...]

    def report(self, data: bytes, tmp: Path) -> str:
        path = tmp / "book.epub"
        path.write_bytes(data)
        proc = subprocess.run([*self.argv, str(path)], capture_output=True, text=True, timeout=300)
        return proc.stdout + proc.stderr

    def assert_clean(self, data: bytes, tmp: Path) -> None:
        out = self.report(data, tmp)
        assert "0 fatals / 0 errors / 0 warnings" in out, out
