"""Which fonts this machine has: asked of fontconfig, the library WeasyPrint lays text out with.

When a family the stylesheet names is missing, fontconfig silently hands
Pango another one and the PDF comes out in DejaVu. This module asks
fontconfig, through its public C API, what it would use for a family, so
the build can say so (and `--strict` refuse) instead. It also names the
file fontconfig draws a face with, which the build manifest records: a
font installed, removed or upgraded makes the PDFs that use it out of date;
and the versions of the system's text libraries (Pango, HarfBuzz,
fontconfig), whose upgrade may move a line break. A font file a theme
brings is read with fontTools first (`unreadable_font`): Pango skips a
damaged one silently.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import re
import struct
from collections.abc import Iterable
from functools import cache

# The Debian package of the Noto families print.css names.
NOTO_PACKAGE = "fonts-noto-core"

_FC_MATCH_PATTERN = 0
_FC_RESULT_MATCH = 0
# The libraries WeasyPrint lays text out with (the names its own loader tries), and their version call.
_TEXT_LIBRARIES = {
    "pango": ("libpango-1.0.so.0", "pango-1.0", "pango_version_string"),
    "harfbuzz": ("libharfbuzz.so.0", "harfbuzz", "hb_version_string"),
}


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
    library.FcWeightFromOpenType.restype = ctypes.c_int
    library.FcWeightFromOpenType.argtypes = [ctypes.c_int]
    library.FcPatternCreate.restype = ctypes.c_void_p
    library.FcObjectSetBuild.restype = ctypes.c_void_p
    library.FcObjectSetBuild.argtypes = [ctypes.c_char_p, ctypes.c_void_p]  # variadic, ended by NULL
    library.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    library.FcFontList.restype = ctypes.POINTER(_FontSet)
    library.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    library.FcPatternGetCharSet.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    library.FcCharSetCreate.restype = ctypes.c_void_p
    library.FcCharSetMerge.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.FcCharSetHasChar.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    library.FcCharSetDestroy.argtypes = [ctypes.c_void_p]
    return library


class _FontSet(ctypes.Structure):
    """fontconfig's `FcFontSet`, as fontconfig.h declares it."""

    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def _load(soname: str, name: str) -> ctypes.CDLL | None:
    # The soname first: find_library runs `ldconfig -p`, which a no-op build should not wait for.
    for candidate in (soname, ctypes.util.find_library(name)):
        if candidate:
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


@cache
def text_library_versions() -> dict[str, str | None]:
    """The versions of Pango, HarfBuzz and fontconfig on this machine (None where one is not found)."""
    versions: dict[str, str | None] = {}
    for name, (soname, short_name, call) in _TEXT_LIBRARIES.items():
        library = _load(soname, short_name)
        if library is None:
            versions[name] = None
            continue
        version_string = getattr(library, call)
        version_string.restype = ctypes.c_char_p
        versions[name] = version_string().decode("ascii", "replace")
    fontconfig = _fontconfig()
    if fontconfig is None:
        versions["fontconfig"] = None
    else:
        number = fontconfig.FcGetVersion()  # 21401 is 2.14.1
        versions["fontconfig"] = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    return versions


def _match(pattern_text: str, element: bytes) -> str | None:
    """One string element (`family`, `file`) of the font fontconfig matches a pattern with."""
    library = _fontconfig()
    if library is None:
        return None
    pattern = library.FcNameParse(pattern_text.encode())
    if not pattern:
        return None
    library.FcConfigSubstitute(None, pattern, _FC_MATCH_PATTERN)
    library.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = library.FcFontMatch(None, pattern, ctypes.byref(result))
    library.FcPatternDestroy(pattern)
    if not match:
        return None
    value = ctypes.c_char_p()
    found = library.FcPatternGetString(match, element, 0, ctypes.byref(value))
    text = value.value.decode(errors="surrogateescape") if found == _FC_RESULT_MATCH and value.value else None
    library.FcPatternDestroy(match)
    return text


def uncovered(characters: Iterable[str]) -> frozenset[str]:
    """The characters no installed font has a glyph for: what Pango, trying every font, prints as a box.

    Asked of fontconfig, which lists the fonts Pango falls back on, each with
    its character set (about 3 ms for 170 fonts). Empty without fontconfig,
    which WeasyPrint cannot draw text without.
    """
    library = _fontconfig()
    wanted = set(characters)
    if library is None or not wanted:
        return frozenset()
    pattern = library.FcPatternCreate()
    objects = library.FcObjectSetBuild(b"charset", None)
    fonts = library.FcFontList(None, pattern, objects)
    union = library.FcCharSetCreate()
    try:
        if fonts:
            for index in range(fonts.contents.nfont):
                charset = ctypes.c_void_p()
                found = library.FcPatternGetCharSet(fonts.contents.fonts[index], b"charset", 0, ctypes.byref(charset))
                if found == _FC_RESULT_MATCH:
                    library.FcCharSetMerge(union, charset, None)
        return frozenset(character for character in wanted if not library.FcCharSetHasChar(union, ord(character)))
    finally:
        library.FcCharSetDestroy(union)
        if fonts:
            library.FcFontSetDestroy(fonts)
        library.FcObjectSetDestroy(objects)
        library.FcPatternDestroy(pattern)


def matched_family(family: str) -> str | None:
    """The family fontconfig would draw `family` with (itself when installed); None without fontconfig."""
    return _match(_escaped(family), b"family")


def font_file(pattern: str) -> str | None:
    """The file fontconfig draws a pattern (`face_pattern`, or a bare family) with; None without fontconfig."""
    return _match(pattern, b"file")


# Pango's styles (normal, oblique, italic) as fontconfig's slants (roman, oblique, italic).
_SLANTS = {0: 0, 1: 110, 2: 100}


def face_pattern(family: str, weight: int, style: int) -> str:
    """The fontconfig pattern of a face as WeasyPrint describes it: family, CSS weight (100-900), Pango style."""
    library = _fontconfig()
    fc_weight = library.FcWeightFromOpenType(weight) if library is not None else weight
    return f"{_escaped(family)}:weight={fc_weight}:slant={_SLANTS.get(style, 0)}"


def _escaped(family: str) -> str:
    """A family name as fontconfig's pattern syntax reads it literally."""
    return re.sub(r"([\\\-:,=])", r"\\\1", family)


def missing_families(families: Iterable[str]) -> dict[str, str]:
    """Each family that is not installed, with the family fontconfig puts in its place."""
    missing = {}
    for family in families:
        matched = matched_family(family)
        if matched is not None and matched.casefold() != family.casefold():
            missing[family] = matched
    return missing


def family_pattern(family: str) -> str:
    """The fontconfig pattern of a family as a stylesheet names it."""
    return _escaped(family)


def font_characters(data: bytes) -> frozenset[str]:
    """The characters a font file (a theme's `@font-face`) has glyphs for, from its character map."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        cmap = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)["cmap"].getBestCmap()
    except (TTLibError, KeyError, ValueError, OSError, struct.error):  # not a font: `unreadable_font` says why
        return frozenset()
    return frozenset(chr(code) for code in cmap or ())


# The tables every font WeasyPrint can draw with has: the character map, and what sizes and names it.
_REQUIRED_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp", "name")


def unreadable_font(data: bytes) -> str | None:
    """Why `data` is not a font that can draw text (TrueType, OpenType, WOFF, WOFF2), or None if it is one.

    Read with fontTools, the library WeasyPrint subsets fonts with: Pango
    would skip a broken file without a word, and print in another font.
    """
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        if missing := [tag for tag in _REQUIRED_TABLES if tag not in font]:
            return f"it has no {', '.join(missing)} table"
        for tag in _REQUIRED_TABLES:
            font[tag]  # decompiled here: a damaged table fails now, not in the renderer
        if font["cmap"].getBestCmap() is None:
            return "it maps no Unicode characters"
    except TTLibError as error:
        return str(error)
    except Exception as error:  # fontTools on hostile bytes fails in many ways; each means "not a font"
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return None
