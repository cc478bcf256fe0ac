"""The wheel a user installs carries the package, its data and the shipped themes, never the fonts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.project import ROOT

# pip builds the wheel in its own process (with build isolation, so it fetches setuptools from PyPI).
pytestmark = pytest.mark.workflow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # A copy of the tree, so that the build's own files (build/, *.egg-info) never land in the checkout,
    # with a licensed font in styles/fonts/ as a user's checkout has.
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(
        ROOT / "scripts" / "paiban", tree / "scripts" / "paiban", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "styles", tree / "styles")
    (tree / "styles" / "fonts" / "FZXBSJW.ttf").write_bytes(b"a licensed font")
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(tree), "-w", str(out), "--no-deps", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return zipfile.ZipFile(next(out.glob("paiban-*.whl")))


def test_the_wheel_carries_the_shipped_themes(wheel: zipfile.ZipFile) -> None:
    shipped = sorted(p.name for p in (ROOT / "styles").glob("*.yaml"))
    assert "gbt9704.yaml" in shipped
    themes = sorted(n.removeprefix("paiban/themes/") for n in wheel.namelist() if n.startswith("paiban/themes/"))
    assert themes == shipped
    assert wheel.read("paiban/themes/gbt9704.yaml") == (ROOT / "styles" / "gbt9704.yaml").read_bytes()


def test_the_wheel_never_carries_fonts(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert not [n for n in names if n.startswith("paiban/themes/fonts")]
    assert not [n for n in names if n.lower().endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2"))]


def test_the_wheel_carries_every_module_and_data_file(wheel: zipfile.ZipFile) -> None:
    # pyproject.toml lists the packages by hand (find cannot see the mapped themes folder): a new
    # subpackage missing from the list would be missing from every installed copy.
    package = ROOT / "scripts" / "paiban"
    wanted = {
        f"paiban/{p.relative_to(package).as_posix()}"
        for p in package.rglob("*")
        if p.is_file() and p.suffix in (".py", ".yaml", ".typed") and "__pycache__" not in p.parts
    }
    assert wanted - set(wheel.namelist()) == set()
