"""Reading stylesheets: the tool's print.css and a theme's theme.css, each read and parsed once a run.

This module is the one place that reads CSS. A stylesheet is read as bytes
once, refused when larger than `MAX_STYLESHEET_BYTES` (checked before
reading) or not UTF-8, and parsed with tinycss2, the parser WeasyPrint
itself uses, so comments are comments here too: a commented-out
`--accent: #ff0000` colours nothing, and a commented-out font is not looked
for. Blocks, brackets and functions nested more than `MAX_NESTING` deep
are refused with their line and column before anything recursive (our
readers, WeasyPrint's) sees them: a few kilobytes of `(((...` used to end
in a `RecursionError` traceback.

What the rest of the pipeline learns from a stylesheet is plain data: its
text (which WeasyPrint parses for layout), the custom properties its
top-level rules set (the theme's properties: the timeline's colours, the
fonts to look for) and its `@font-face` rules (the fonts a theme brings).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2
import tinycss2.ast

from briefing.errors import InputError, Problem, display_path, problem

MAX_STYLESHEET_BYTES = 1_048_576
MAX_NESTING = 32  # blocks, brackets and functions inside one another; print.css needs 4
# CSS's generic families are always there: fontconfig maps them, nothing to report.
GENERIC_FAMILIES = frozenset(
    [
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "math",
        "emoji",
    ]
)


@dataclass(frozen=True)
class Declared:
    """A value a stylesheet sets, as written (comments left out), and where."""

    value: str
    line: int
    column: int


@dataclass(frozen=True)
class FontFace:
    """An `@font-face` rule: the family it defines, the `url()`s it loads, where it is written."""

    family: str
    sources: tuple[str, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Stylesheet:
    """One stylesheet, read once: its text and what the pipeline reads from it."""

    path: Path
    text: str
    properties: Mapping[str, Declared] = field(default_factory=dict)  # `--name` of top-level rules; the last wins
    font_faces: tuple[FontFace, ...] = ()

    def where(self, line: int, column: int) -> str:
        return f"{display_path(self.path)}:{line}:{column}"


def read_stylesheet(path: Path) -> Stylesheet:
    """The stylesheet at `path`, its size checked before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_STYLESHEET_BYTES:
            raise problem(
                path, f"the stylesheet is {size:,} bytes; a stylesheet may be at most {MAX_STYLESHEET_BYTES:,}"
            )
        data = path.read_bytes()
    except OSError as error:
        raise problem(path, f"cannot be read: {error.strerror}") from None
    return parse_stylesheet(data, path)


def parse_stylesheet(data: bytes, path: Path) -> Stylesheet:
    """A stylesheet from its bytes (pure): refused, with its line and column, if not UTF-8 or nested too deep."""
    if len(data) > MAX_STYLESHEET_BYTES:
        raise problem(
            path, f"the stylesheet is {len(data):,} bytes; a stylesheet may be at most {MAX_STYLESHEET_BYTES:,}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    display_path(path),
                    line,
                    column,
                    "",
                    f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _check_nesting(rules, path)
    properties: dict[str, Declared] = {}
    font_faces = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            for declaration in _declarations(rule.content):
                if declaration.name.startswith("--"):
                    value = tinycss2.serialize(declaration.value).strip()
                    properties[declaration.name] = Declared(value, declaration.source_line, declaration.source_column)
        elif isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "font-face":
            font_faces += _font_face(rule)
    return Stylesheet(path, text, properties, tuple(font_faces))


def _check_nesting(rules: Sequence[Any], path: Path) -> None:
    """Refuse, at the first place too deep, nesting beyond MAX_NESTING; iterative, so no depth breaks it."""
    stack: list[tuple[Iterator[Any], int]] = [(iter(rules), 0)]
    while stack:
        nodes, depth = stack[-1]
        node = next(nodes, None)
        if node is None:
            stack.pop()
            continue
        children = [getattr(node, name, None) for name in ("prelude", "content", "arguments")]
        children = [part for part in children if isinstance(part, list)]
        if not children:
            continue
        if depth + 1 > MAX_NESTING:
            raise InputError(
                [
                    Problem(
                        display_path(path),
                        node.source_line,
                        node.source_column,
                        "",
                        f"blocks, brackets or functions nested more than {MAX_NESTING} deep; a stylesheet needs a few",
                    )
                ]
            )
        for child in reversed(children):
            stack.append((iter(child), depth + 1))


def _declarations(content: Sequence[Any] | None) -> list[tinycss2.ast.Declaration]:
    items = tinycss2.parse_blocks_contents(content or [], skip_comments=True, skip_whitespace=True)
    return [item for item in items if isinstance(item, tinycss2.ast.Declaration)]


def _font_face(rule: tinycss2.ast.AtRule) -> list[FontFace]:
    """The rule's face, if it names a family (a list: none or one)."""
    family = None
    sources: list[str] = []
    for declaration in _declarations(rule.content):
        if declaration.lower_name == "font-family":
            family = _first_family(declaration.value)
        elif declaration.lower_name == "src":
            sources += _urls(declaration.value)
    return [] if family is None else [FontFace(family, tuple(sources), rule.source_line, rule.source_column)]


def _urls(tokens: Sequence[Any]) -> Iterator[str]:
    for token in tokens:
        if isinstance(token, tinycss2.ast.URLToken):
            yield token.value
        elif isinstance(token, tinycss2.ast.FunctionBlock) and token.lower_name == "url":
            strings = [arg for arg in token.arguments if isinstance(arg, tinycss2.ast.StringToken)]
            if strings:
                yield strings[0].value


def _first_family(tokens: Sequence[Any]) -> str | None:
    """The first family of a `font-family` value: a string, or identifiers joined by spaces (None for a generic)."""
    words: list[str] = []
    for token in tokens:
        if isinstance(token, tinycss2.ast.WhitespaceToken | tinycss2.ast.Comment):
            continue
        if isinstance(token, tinycss2.ast.LiteralToken) and token.value == ",":
            break
        if isinstance(token, tinycss2.ast.StringToken) and not words:
            return token.value
        if not isinstance(token, tinycss2.ast.IdentToken):
            return None  # var(), a number: nothing fontconfig could be asked about
        words.append(token.value)
    family = " ".join(words)
    return family if family and family.lower() not in GENERIC_FAMILIES else None


def custom_property(stylesheets: Iterable[Stylesheet], name: str) -> str | None:
    """The value of a custom property (`--accent`) as the stylesheets set it: the last one wins, as in CSS."""
    value = None
    for stylesheet in stylesheets:
        if name in stylesheet.properties:
            value = stylesheet.properties[name].value
    return value


def font_family(stylesheets: Iterable[Stylesheet], name: str) -> str | None:
    """The first family a `--font-*` property (`--font-body`) names, as the stylesheets set it; None if none."""
    value = custom_property(stylesheets, name)
    return None if value is None else _first_family(tinycss2.parse_component_value_list(value))


def hex_colour(value: str) -> str | None:
    """A CSS colour (`#a00`, `rgb(...)`, `navy`) as six hex digits (`AA0000`), as tinycss2 reads it; None if not one."""
    from tinycss2.color3 import parse_color

    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type not in ("whitespace", "comment")]
    colour = parse_color(tokens[0]) if len(tokens) == 1 else None
    if not isinstance(colour, tuple):  # None, or `currentColor`
        return None
    return "".join(f"{round(channel * 255):02X}" for channel in colour[:3])


def named_families(stylesheets: Sequence[Stylesheet]) -> list[str]:
    """The families the `--font-*` properties name, less those a stylesheet brings itself (@font-face)."""
    named: dict[str, str] = {}
    for stylesheet in stylesheets:
        for name, declared in stylesheet.properties.items():
            if name.startswith("--font-"):
                tokens = tinycss2.parse_component_value_list(declared.value)
                if family := _first_family(tokens):
                    named[name] = family
    own = {face.family for stylesheet in stylesheets for face in stylesheet.font_faces}
    return sorted({family for family in named.values() if family not in own})
