"""The `sources/` folder of a workspace: archives read by id, and written whole or not at all.

This module owns where an archive lives (`sources/<id>.txt`), reading it
within the size limit, and writing it atomically: a new archive never
replaces a different one unless the caller says so (`replace`), and the same
text archived again is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.errors import InputError, display_path, problem
from briefing.pipeline.load import read_regular_file
from briefing.pipeline.write import write_atomically
from briefing.sources.archive import MAX_ARCHIVE_BYTES, ArchivedSource, format_archive, parse_archive

ARCHIVE_SUFFIX = ".txt"


def archive_path(folder: Path, source_id: str) -> Path:
    return folder / f"{source_id}{ARCHIVE_SUFFIX}"


def read_archive(folder: Path, source_id: str) -> ArchivedSource:
    """The archive of `source_id` in `folder`; an InputError naming the file if it is missing or bad."""
    path = archive_path(folder, source_id)
    data = read_regular_file(path, MAX_ARCHIVE_BYTES, "an archive")
    return parse_archive(data, name=display_path(path), source_id=source_id)


def read_archives(folder: Path, source_ids: list[str]) -> tuple[dict[str, ArchivedSource], list[InputError]]:
    """The archives that exist among `source_ids`, and the errors of those that exist but cannot be read."""
    found: dict[str, ArchivedSource] = {}
    errors: list[InputError] = []
    for source_id in dict.fromkeys(source_ids):
        if not archive_path(folder, source_id).exists():
            continue
        try:
            found[source_id] = read_archive(folder, source_id)
        except InputError as error:
            errors.append(error)
    return found, errors


@dataclass(frozen=True)
class Saved:
    path: Path
    unchanged: bool  # the same text was archived there already


def save_archive(folder: Path, source: ArchivedSource, *, replace: bool = False) -> Saved:
    """Write `sources/<id>.txt`; refuse to replace an archive of another text unless `replace`."""
    path = archive_path(folder, source.id)
    content = format_archive(source)
    if path.exists():
        existing = read_archive(folder, source.id)
        if existing.text == parse_archive(content, name=display_path(path), source_id=source.id).text:
            return Saved(path, unchanged=True)
        if not replace:
            raise problem(
                path,
                "exists already with another text; give another --id, or --replace to archive this one in its place",
            )
    write_atomically(path, content)
    return Saved(path, unchanged=False)
