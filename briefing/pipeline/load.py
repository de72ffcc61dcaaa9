"""Stage 1, loading: bytes on disk to plain Python values, with the position of every node.

This module owns everything about the file as text: the size limit, the
encoding, YAML syntax, and the YAML features a briefing refuses (duplicate
keys, aliases, custom tags). It builds values itself from ruamel.yaml's
parsing events (its public `YAML.parse`) rather than letting a constructor
guess, so that

* every mapping key and value keeps its line and column for error messages,
* a duplicate key is an error instead of silently keeping the last one,
* an alias bomb is refused at the first alias, in time and memory bounded by
  the file's size,
* dates stay strings until the model decides what kind of date a field holds.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
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
_MERGE_KEY = "<<"
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
    document = Document(path=path, data=None)
    data = _read(text, document)
    if () not in document.positions:  # comments only
        raise InputError([Problem(name, 1, 1, "", "the file is empty; a briefing starts with `schema: 1`")])
    if not isinstance(data, dict):
        line, column = document.positions[()]
        top = Problem(name, line, column, "", "the top level must be a mapping of fields (`schema: 1`, `id: ...`)")
        raise InputError([*document.problems, top])
    document.data = data
    return document


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


def _read(text: str, document: Document) -> Any:
    """The file's one document as plain values, built from the parser's events as they come.

    Nesting and size are bounded while reading, not after: a value past
    MAX_VALUES or nested past MAX_DEPTH stops the parser there, so a 2 MiB file
    of tiny values costs what its first 20,000 values cost.
    """
    name = document.display_name
    tab_problems = [
        Problem(name, number, line.index("\t") + 1, "", "tab character in indentation; indent YAML with spaces")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tab_problems:
        raise InputError(tab_problems)
    yaml = YAML(typ="rt")
    builder = _Builder(document, _Events(yaml.parse(text)), yaml.resolver)
    try:
        return builder.read_document()
    except _StopReading as error:
        line, column = _mark(error.mark)
        raise InputError([Problem(name, line, column, "", error.message)]) from None
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


class _StopReading(Exception):
    """The file is past what a briefing may be (too deep, too many values, two documents): reading stops at `mark`."""

    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


class _Events:
    """The parser's events, read one at a time, each value counted as it is read."""

    def __init__(self, events: Iterator[Event]) -> None:
        self._events = events
        self._values = 0

    def next(self) -> Event:
        event = next(self._events)
        if isinstance(event, NodeEvent):  # a scalar, an alias, or the start of a list or mapping
            self._values += 1
            if self._values > MAX_VALUES:
                raise _StopReading(
                    event.start_mark,
                    f"more than {MAX_VALUES:,} values; a briefing is a few pages (docs/format.md lists the limits)",
                )
        return event

    def skip(self, event: Event) -> None:
        """Read past the rest of the value `event` starts (nothing to do for a scalar or an alias)."""
        depth = 1 if isinstance(event, CollectionStartEvent) else 0
        while depth:
            event = self.next()
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1


def _mark(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _start(event: Event) -> tuple[int, int]:
    """Where an event's text begins: line and column, 1-based."""
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    """Turns the parser's events into dicts, lists and scalars, collecting problems."""

    def __init__(self, document: Document, events: _Events, resolver: Any) -> None:
        self.document = document
        self.events = events
        self.resolver = resolver  # the implicit tags of plain scalars (`12` an int, `yes` a string)
        self._alias_reported = False

    def read_document(self) -> Any:
        """The stream's one document, or None for a stream with none; more than one is refused."""
        self.events.next()  # the stream's start
        opening = self.events.next()
        if not isinstance(opening, DocumentStartEvent):
            return None
        data = self.build(self.events.next(), ())
        self.events.next()  # the document's end
        another = self.events.next()
        if isinstance(another, DocumentStartEvent):
            raise _StopReading(
                another.start_mark, "more than one document (a line `---` starts one); a file holds one briefing"
            )
        return data

    def _report(
        self, position: tuple[int | None, int | None], location: Location, message: str, *, spoils: bool = True
    ) -> None:
        """Record a problem; `spoils` when the value at `location` was dropped (validation skips it)."""
        line, column = position
        self.document.problems.append(Problem(self.document.display_name, line, column, field_path(location), message))
        if spoils:
            self.document.spoiled.add(location)

    def build(self, event: Event, location: Location) -> Any:
        position = _start(event)
        self.document.positions[location] = position
        if len(location) > MAX_DEPTH:
            raise _StopReading(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(event, AliasEvent):
            # One report is enough: an alias bomb repeats the same mistake thousands of times.
            if self._alias_reported:
                self.document.spoiled.add(location)
            else:
                self._report(
                    position, location, f"YAML aliases (*{event.anchor}) are not supported; write the value out"
                )
                self._alias_reported = True
            return None
        if isinstance(event, ScalarEvent):
            return self._scalar(event, location)
        assert isinstance(event, CollectionStartEvent)
        if event.tag not in (None, "!", _CORE + "map", _CORE + "seq"):
            self._report(position, location, f"YAML tags ({event.tag}) are not supported")
            self.events.skip(event)
            return None
        if isinstance(event, MappingStartEvent):
            return self._mapping(location)
        items: list[Any] = []
        while not isinstance(item := self.events.next(), SequenceEndEvent):
            items.append(self.build(item, (*location, len(items))))
        return items

    def _mapping(self, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        while not isinstance(key_event := self.events.next(), MappingEndEvent):
            position = _start(key_event)
            problem = self._key_problem(key_event)
            key = key_event.value if isinstance(key_event, ScalarEvent) else ""
            key_location = (*location, key)
            if problem is None and key in first_seen:
                in_list_item = bool(location) and isinstance(location[-1], int)
                self._report(
                    position,
                    key_location,
                    f"duplicate key {quoted(key)} (first written on line {first_seen[key]}); YAML would silently keep only the last one"
                    + ('; if it starts a new item, put "- " before it' if in_list_item else ""),
                    spoils=False,  # the first value is kept and validated
                )
            elif problem is not None:
                self._report(position, key_location if key == _MERGE_KEY else location, problem)
            if problem is not None or key in first_seen:
                self.events.skip(key_event)
                self.events.skip(self.events.next())  # and its value
                continue
            first_seen[key] = key_event.start_mark.line + 1
            self.document.key_positions[key_location] = position
            result[key] = self.build(self.events.next(), key_location)
        return result

    def _key_problem(self, event: Event) -> str | None:
        """Why a key cannot name a field, if it cannot."""
        if isinstance(event, ScalarEvent) and event.value == _MERGE_KEY and event.implicit[0]:
            return "YAML merge keys (<<) are not supported; write the fields out"
        if not isinstance(event, ScalarEvent) or not _is_core(
            self._scalar_tag(event), "str", "int", "bool", "null", "float", "timestamp"
        ):
            return "keys must be plain words"
        return _not_text(event.value)

    def _scalar_tag(self, event: ScalarEvent) -> str:
        if event.tag not in (None, "!"):
            return str(event.tag)
        return str(self.resolver.resolve(ScalarNode, event.value, event.implicit))

    def _scalar(self, event: ScalarEvent, location: Location) -> Any:
        value: str = event.value
        position = _start(event)
        if bad := _not_text(value):
            self._report(position, location, bad)
            return None
        tag = self._scalar_tag(event)
        if not tag.startswith(_CORE):
            self._report(position, location, f"YAML tags ({tag}) are not supported")
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
                self._report(position, location, f"{quoted(value)} is not a finite number")
                return None
            return number
        self._report(position, location, f"YAML tags ({tag}) are not supported")
        return None


def _not_text(value: str) -> str | None:
    """Why a string is not text an edition can carry (a control character, a lone surrogate, a noncharacter)."""
    return None if (why := unprintable(value)) is None else f"{why}: not text"


def _is_core(tag: Any, *kinds: str) -> bool:
    return str(tag) in {_CORE + kind for kind in kinds}
