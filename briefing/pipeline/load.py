"""Stage 1, loading: bytes on disk to plain Python values, with the position of every node.

This module owns everything about the file as text: the size limit, the
encoding, YAML syntax, and the YAML features a briefing refuses (duplicate
keys, aliases, custom tags). It builds values itself from ruamel.yaml's node
tree rather than letting a constructor guess, so that

* every mapping key and value keeps its line and column for error messages,
* a duplicate key is an error instead of silently keeping the last one,
* an alias bomb is refused at the first alias, in time and memory bounded by
  the file's size,
* dates stay strings until the model decides what kind of date a field holds.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from briefing.errors import InputError, Problem, display_path, problem, quoted
from briefing.pipeline.texts import Location, field_path, unprintable

# A briefing is a few pages of text; 2 MiB is generous and keeps a pasted
# 50 MB file from reaching the parser at all.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
# Every key, value and list item counts. The example has about 700; the
# per-list limits of the model allow about 15,000.
MAX_VALUES = 20_000

_CORE = "tag:yaml.org,2002:"
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class Document:
    """A parsed briefing file: its values and where each one was written."""

    path: Path
    data: Any
    positions: dict[Location, tuple[int | None, int | None]] = field(default_factory=dict)
    key_positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    # Problems the YAML had that still left a usable document (a duplicate key,
    # an alias): validation reports them with its own, and skips the fields they spoiled.
    problems: list[Problem] = field(default_factory=list)
    spoiled: set[Location] = field(default_factory=set)

    def is_spoiled(self, location: Location) -> bool:
        return any(location[: len(bad)] == bad for bad in self.spoiled)

    @property
    def display_name(self) -> str:
        return display_path(self.path)

    def locate(self, location: Location, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of a field, or of its nearest written ancestor."""
        if key and location in self.key_positions:
            return self.key_positions[location]
        for end in range(len(location), -1, -1):
            position = self.positions.get(location[:end])
            if position is not None:
                return position
        return None, None

    def problem(self, location: Location, message: str, *, key: bool = False) -> Problem:
        line, column = self.locate(location, key=key)
        return Problem(self.display_name, line, column, field_path(location), message)


def load_document(path: Path) -> Document:
    """Read and parse a briefing file.

    Raises InputError when there is no document to speak of (not UTF-8, not
    YAML, not a mapping); lesser problems travel in `Document.problems`.
    """
    return parse_document(read_regular_file(path, MAX_FILE_BYTES, "a briefing"), path)


def parse_document(raw: bytes, path: Path) -> Document:
    """Parse the bytes of a briefing file; `path` is the name its messages give (it is not read)."""
    name = display_path(path)
    text = _decoded(raw, name)
    node = _compose(text, name)
    if node is None:
        raise InputError([Problem(name, 1, 1, "", "the file is empty; a briefing starts with `schema: 1`")])
    builder = _Builder(Document(path=path, data=None))
    data = builder.build(node, ())
    if not isinstance(data, dict):
        line, column = _position(node)
        top = Problem(name, line, column, "", "the top level must be a mapping of fields (`schema: 1`, `id: ...`)")
        raise InputError([*builder.document.problems, top])
    builder.document.data = data
    return builder.document


def _decoded(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    name, line, column, "", f"the file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
                )
            ]
        ) from None
    if not text.strip():
        raise InputError([Problem(name, 1, 1, "", "the file is empty; a briefing starts with `schema: 1`")])
    return text


def read_regular_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; an InputError naming the file otherwise.

    The type is checked before the file is opened: reading /dev/zero would
    never end, and opening a FIFO would wait for a writer forever.
    """
    name = display_path(path)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise problem(name, f"is a folder, not {what} file")
        if not stat.S_ISREG(status.st_mode):
            raise problem(name, f"is not a regular file (a device, a pipe or a socket); give {what} file")
        if status.st_size > limit:
            raise problem(name, f"the file is {status.st_size:,} bytes; {what} file may be at most {limit:,} bytes")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise problem(name, "no such file") from None
    except PermissionError:
        raise problem(name, "permission denied") from None
    except OSError as error:
        raise problem(name, f"cannot be read: {error.strerror or error}") from None
    if len(raw) > limit:  # it grew after stat
        raise problem(name, f"the file is over {limit:,} bytes; {what} file may be at most {limit:,} bytes")
    return raw


def _compose(text: str, name: str) -> Node | None:
    tab_problems = [
        Problem(name, number, line.index("\t") + 1, "", "tab character in indentation; indent YAML with spaces")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tab_problems:
        raise InputError(tab_problems)
    yaml = YAML(typ="rt")
    # Nesting and size are bounded while composing, not after: ruamel's composer
    # recurses per level, and a 2 MiB file of tiny values takes many seconds.
    yaml.max_depth = MAX_DEPTH + 1
    yaml.Composer = _BoundedComposer
    try:
        return yaml.compose(text)
    except MaxDepthExceededError as error:
        line, column = _mark(error.problem_mark)
        raise InputError([Problem(name, line, column, "", f"nested more than {MAX_DEPTH} levels deep")]) from None
    except _TooManyValues as error:
        line, column = _mark(error.mark)
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    f"more than {MAX_VALUES:,} values; a briefing is a few pages (docs/format.md lists the limits)",
                )
            ]
        ) from None
    except RecursionError:  # a form of nesting the depth limit did not see
        raise InputError([Problem(name, None, None, "", f"nested more than {MAX_DEPTH} levels deep")]) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(" ".join(str(part).split()) for part in (error.context, error.problem) if part)
        hint = _slip_hint(message, text, mark)
        if hint is not None and hint.at_start:  # an unclosed quote: point at where it opened
            mark = error.context_mark or mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        explained = f"not valid YAML: {message}" + (f"; {hint.text}" if hint else "")
        raise InputError([Problem(name, line, column, "", explained)]) from None
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise InputError(
            [Problem(name, line, column, "", f"not valid YAML: character {error.character!r} is not allowed")]
        ) from None
    except YAMLError as error:
        message = " ".join(str(error).split())
        raise InputError([Problem(name, None, None, "", f"not valid YAML: {message}")]) from None


@dataclass(frozen=True)
class _Hint:
    text: str
    at_start: bool = False  # the slip is where the construct began, not where the parser gave up


def _slip_hint(message: str, text: str, mark: Any) -> _Hint | None:
    """The fix, in plain words, for the slips authors make most: the parser's own words name none of them."""
    if "mapping values are not allowed here" in message:
        return _Hint('a ": " in a text without quotes starts a new field: put the whole text in "..."')
    if "cannot start any token" in message and "\\t" in message:
        return _Hint("a tab: YAML separates with spaces; replace the tab with a space")
    if "while scanning a quoted scalar" in message and "end of stream" in message:
        return _Hint("this text's quotation mark is never closed: add the closing one at the end of the text", True)
    if mark is not None and ("but found '<scalar>'" in message or "expected ',' or ']'" in message):
        before = text.splitlines()[mark.line][: mark.column].rstrip() if mark.line < len(text.splitlines()) else ""
        if before.endswith('"'):
            return _Hint('a " inside a "..." text ends it: write \\" or use “ ” or « » instead')
        if before.endswith("'"):
            return _Hint("a ' inside a '...' text ends it: write it twice ('') or use ’ instead")
    return None


class _TooManyValues(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _BoundedComposer(Composer):
    """ruamel's composer, stopped at the first value past MAX_VALUES."""

    values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooManyValues(self.parser.peek_event().start_mark)
        return super().compose_node(parent, index)


def _mark(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns ruamel.yaml nodes into dicts, lists and scalars, collecting problems."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._seen: set[int] = set()
        self._alias_reported = False

    def _problem(self, node: Node, location: Location, message: str, *, spoils: bool = True) -> None:
        self._report(_position(node), location, message, spoils=spoils)

    def _report(
        self, position: tuple[int | None, int | None], location: Location, message: str, *, spoils: bool = True
    ) -> None:
        """Record a problem; `spoils` when the value at `location` was dropped (validation skips it)."""
        line, column = position
        self.document.problems.append(Problem(self.document.display_name, line, column, field_path(location), message))
        if spoils:
            self.document.spoiled.add(location)

    def build(self, node: Node, location: Location) -> Any:
        self.document.positions[location] = _position(node)
        if id(node) in self._seen:
            # The composer hands back the anchored node itself for `*alias`. One
            # report is enough: an alias bomb repeats the same mistake thousands of times.
            # The node's own mark is the anchor's; the alias sits at its key or in its parent.
            position = self.document.key_positions.get(location) or self.document.positions.get(
                location[:-1], (None, None)
            )
            self.document.positions[location] = position
            if self._alias_reported:
                self.document.spoiled.add(location)
            else:
                self._report(
                    position, location, f"YAML aliases (*{node.anchor}) are not supported; write the value out"
                )
                self._alias_reported = True
            return None
        self._seen.add(id(node))
        if len(location) > MAX_DEPTH:
            self._problem(node, location, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, location)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*location, index)) for index, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalar(node, location)
        self._problem(node, location, "unsupported YAML node")
        return None

    def _mapping(self, node: MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not _is_core(
                key_node.tag, "str", "int", "bool", "null", "float", "timestamp"
            ):
                self._problem(key_node, location, "keys must be plain words")
                continue
            key = str(key_node.value)
            key_location = (*location, key)
            if bad := _not_text(key):
                self._problem(key_node, location, bad)
                continue
            if key == "<<":
                self._problem(key_node, key_location, "YAML merge keys (<<) are not supported; write the fields out")
                continue
            if key in first_seen:
                in_list_item = bool(location) and isinstance(location[-1], int)
                self._problem(
                    key_node,
                    key_location,
                    f"duplicate key {quoted(key)} (first written on line {first_seen[key]}); YAML would silently keep only the last one"
                    + ('; if it starts a new item, put "- " before it' if in_list_item else ""),
                    spoils=False,  # the first value is kept and validated
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.document.key_positions[key_location] = _position(key_node)
            result[key] = self.build(value_node, key_location)
        return result

    def _scalar(self, node: ScalarNode, location: Location) -> Any:
        value: str = node.value
        if bad := _not_text(value):
            self._problem(node, location, bad)
            return None
        tag = node.tag
        if not str(tag).startswith(_CORE):
            self._problem(node, location, f"YAML tags ({tag}) are not supported")
            return None
        kind = str(tag)[len(_CORE) :]
        if kind in ("str", "timestamp"):
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return _BOOLS.get(value, value)
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if kind == "float":
            # Kept as written: a figure shows the precision its author gave (0.0004, 1234567.891234).
            try:
                number = Decimal(value.replace("_", ""))
            except InvalidOperation:
                number = Decimal("nan")  # .inf, .nan and their spellings
            if not number.is_finite():
                self._problem(node, location, f"{quoted(value)} is not a finite number")
                return None
            return number
        self._problem(node, location, f"YAML tags ({tag}) are not supported")
        return None


def _not_text(value: str) -> str | None:
    """Why a string is not text an edition can carry (a control character, a lone surrogate, a noncharacter)."""
    return None if (why := unprintable(value)) is None else f"{why}: not text"


def _is_core(tag: Any, *kinds: str) -> bool:
    return str(tag) in {_CORE + kind for kind in kinds}
