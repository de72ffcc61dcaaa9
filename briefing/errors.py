"""Error types: what the user got wrong, as opposed to what we got wrong.

A `BriefingError` is a problem with the user's input or environment (a broken
briefing file, an unwritable folder). The CLI prints it as clean lines and
exits with status 2. Anything else is a bug and is allowed to surface.

This module also owns how a user's value appears in a message: every line
the tool prints passes through `terminal_safe`, so no text from a file (a
field name, a link, a catalog entry) can move the cursor, rewrite the line
or reorder it with bidi controls.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return terminal_safe(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")


class BriefingError(Exception):
    """A user-facing error: printed without traceback, exit status 2."""

    def messages(self) -> list[str]:
        return [terminal_safe(str(self))]


class InputError(BriefingError):
    """An input file has one or more problems; all of them are reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class OutputError(BriefingError):
    """An output could not be written (permissions, full disk, ...)."""


def problem(path: Path | str, message: str, *, line: int | None = None, field: str = "") -> InputError:
    """An InputError with a single problem in a file as a whole (or at one line)."""
    name = display_path(path) if isinstance(path, Path) else path
    return InputError([Problem(name, line, None, field, message)])


def _problem_order(item: Problem) -> tuple[str, int, int, str]:
    return (item.file, item.line or 0, item.column or 0, item.field)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it.

    Every message names files this way, whichever command prints it.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def terminal_safe(text: str) -> str:
    """The text with every character a terminal would act on written as an escape.

    Control characters (C0, DEL, C1 such as \\x85), line and paragraph
    separators, bidi controls and other format characters are not printable
    in Python's sense; each becomes `\\n`, `\\x1b`, `\\u202e` and so on.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class TerminalSafeStream:
    """A text stream that writes through `terminal_safe`, line by line.

    For Click's own messages (usage, errors, the help of a group called
    without a command): they are several lines, and quote what was typed.
    Each line break stays a line break; every other character a terminal
    would act on is written as an escape.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write("\n".join(terminal_safe(line) for line in text.split("\n")))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def quoted(value: object, limit: int = 60) -> str:
    """A user's value as a message shows it: on one line, quoted, and cut when long."""
    if not isinstance(value, str):
        return repr(value)
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"'{terminal_safe(text)}'"
