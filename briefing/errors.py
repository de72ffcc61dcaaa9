"""Error types: what the user got wrong, as opposed to what we got wrong.

A `BriefingError` is a problem with the user's input or environment (a broken
briefing file, an unwritable folder). The CLI prints it as a clean message and
exits with status 2. Anything else is a bug and is allowed to surface with its
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return _one_line(self._text())

    def _text(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BriefingError(Exception):
    """A user-facing error: printed without traceback, exit status 2."""

    exit_code = 2

    def messages(self) -> list[str]:
        return [str(self)]


class InputError(BriefingError):
    """An input file has one or more problems; all of them are reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class OutputError(BriefingError):
    """An output could not be written (permissions, full disk, ...)."""


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.column or 0, problem.field)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def quoted(value: object, limit: int = 60) -> str:
    """A user's value as a message shows it: on one line, quoted, and cut when long."""
    if not isinstance(value, str):
        return repr(value)
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f"'{escaped}'"


def _one_line(text: str) -> str:
    """One problem, one line: a value that slipped through unquoted cannot break the output."""
    return text.replace("\r", "\\r").replace("\n", "\\n")
