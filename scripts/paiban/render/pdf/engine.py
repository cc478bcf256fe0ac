"""WeasyPrint, imported without the compiler runs of its library search.

WeasyPrint finds Pango, HarfBuzz, fontconfig … by trying a list of names per library with cffi's
`dlopen`, the Linux soname (`libpango-1.0.so.0`) after three names for other systems; for each name that
is not a loadable file, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then
`gcc` and `ld` when they are installed (WeasyPrint#1125). Twenty-two of those searches fail before the
sonames load: 0.3 s of every PDF job's start-up on the project's machine.

On Linux the search adds nothing: the sonames are looked up by the dynamic loader itself, on the same
paths `ldconfig` lists, so the same files load without it. `load` imports WeasyPrint with the search
switched off there, and, should that import fail, once more as WeasyPrint does it.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        # WeasyPrint prints its installation hints before it raises; the second import prints its own.
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        ctypes.util.find_library = search


def load() -> ModuleType:
    """The `weasyprint` module (imported once per process)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    try:
        with _no_library_search():
            return importlib.import_module("weasyprint")
    except OSError:
        return importlib.import_module("weasyprint")
