"""Which fonts this machine has: asked of fontconfig, the library WeasyPrint lays text out with.

When a family the stylesheet names is missing, fontconfig silently hands
Pango another one and the PDF comes out in DejaVu. This module asks
fontconfig, through its public C API, what it would use for a family, so
the build can say so (and `--strict` refuse) instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from collections.abc import Iterable
from functools import cache

# The Debian package of the Noto families print.css names.
NOTO_PACKAGE = "fonts-noto-core"

_FONT_FACE_FAMILY = re.compile(r"@font-face\s*{[^}]*font-family\s*:\s*[\"']([^\"']+)[\"']", re.DOTALL)

_FC_MATCH_PATTERN = 0
_FC_RESULT_MATCH = 0


@cache
def _fontconfig() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    library.FcNameParse.restype = ctypes.c_void_p
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    library.FcFontMatch.restype = ctypes.c_void_p
    library.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    library.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return library


def matched_family(family: str) -> str | None:
    """The family fontconfig would draw `family` with (itself when installed); None without fontconfig."""
    library = _fontconfig()
    if library is None:
        return None
    pattern = library.FcNameParse(family.encode())
    library.FcConfigSubstitute(None, pattern, _FC_MATCH_PATTERN)
    library.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = library.FcFontMatch(None, pattern, ctypes.byref(result))
    library.FcPatternDestroy(pattern)
    if not match:
        return None
    value = ctypes.c_char_p()
    found = library.FcPatternGetString(match, b"family", 0, ctypes.byref(value))
    name = value.value.decode() if found == _FC_RESULT_MATCH and value.value else None
    library.FcPatternDestroy(match)
    return name


def stylesheet_families(stylesheets: Iterable[str]) -> list[str]:
    """The families the `--font-*` properties name, less those a stylesheet brings itself (@font-face).

    The last stylesheet to set a property wins, as in CSS: a theme's fonts replace the tool's.
    """
    named: dict[str, str] = {}
    own: set[str] = set()
    for css in stylesheets:
        for match in re.finditer(r"(--font-[\w-]+)\s*:\s*[\"']([^\"']+)[\"']", css):
            named[match[1]] = match[2]
        own.update(_FONT_FACE_FAMILY.findall(css))
    return sorted({family for family in named.values() if family not in own})


def missing_families(families: Iterable[str]) -> dict[str, str]:
    """Each family that is not installed, with the family fontconfig puts in its place."""
    missing = {}
    for family in families:
        matched = matched_family(family)
        if matched is not None and matched.casefold() != family.casefold():
            missing[family] = matched
    return missing
