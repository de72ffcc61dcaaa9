"""`briefing source add`: an article archived in the workspace, and a briefing's `sources:` completed.

This module owns the command's order of work, so that nothing is left
half-done: the article is read (a file) or fetched (a URL, through `fetch`),
turned into an archive (`extract`), the briefing's new text is made in
memory, and only then is the archive written, then the briefing, each
atomically (`store`, `write`).

The briefing is edited with ruamel.yaml's round trip, which keeps its
comments, quotes, flow lists and indentation. An entry of `sources:` with the
archive's id is completed, never changed: a field the author wrote stays as
written, and each missing one is filled from the archive (`title`,
`publisher` from the outlet, `url`, `published`, and `accessed`, the day it
was retrieved). Without such an entry, one is added at the end.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from briefing.errors import display_path, problem
from briefing.pipeline.load import read_regular_file
from briefing.pipeline.model import Identifier
from briefing.pipeline.write import write_atomically
from briefing.sources.archive import ArchivedSource
from briefing.sources.extract import MAX_PAGE_BYTES, from_html, from_text, looks_like_html
from briefing.sources.fetch import fetch_page, is_web_address
from briefing.sources.store import Saved, save_archive
from briefing.workspace import Workspace

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Added:
    """What `source add` did: the archive, and the fields it gave the briefing's entry (if asked)."""

    source: ArchivedSource
    saved: Saved
    briefing: Path | None = None
    entry_added: bool = False
    fields_filled: list[str] = field(default_factory=list)


def read_article(spec: str, *, source_id: str | None, now: dt.datetime) -> ArchivedSource:
    """The article that `spec` names: a URL (fetched), a saved page (.html) or a text file."""
    if is_web_address(spec):
        page = fetch_page(spec)
        reader = from_html if page.is_html else from_text
        return reader(page.data, name=spec, source_id=source_id, url=page.url, retrieved=now)
    path = Path(spec)
    data = read_regular_file(path, MAX_PAGE_BYTES, "an article")
    name = display_path(path)
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(data):
        return from_html(data, name=name, source_id=source_id, url=None, retrieved=now)
    return from_text(data, name=name, source_id=source_id, url=None, retrieved=now)


def add_source(
    spec: str,
    workspace: Workspace,
    *,
    source_id: str | None = None,
    briefing: Path | None = None,
    replace: bool = False,
    now: dt.datetime | None = None,
) -> Added:
    """Archive the article `spec` names as sources/<id>.txt, and complete `briefing`'s entry for it."""
    moment = now or dt.datetime.now(dt.UTC)
    if source_id is not None:
        _check_identifier(source_id)
    text = _valid_briefing_text(briefing) if briefing is not None else None  # before anything is fetched
    source = read_article(spec, source_id=source_id, now=moment)
    _check_identifier(source.id)
    edited: bytes | None = None
    added, filled = False, list[str]()
    if text is not None:
        completed = complete_sources_entry(text, source, moment.date())
        if completed.text != text:
            edited, added, filled = completed.text.encode("utf-8"), completed.added, completed.filled
    saved = save_archive(workspace.sources, source, replace=replace)
    if briefing is not None and edited is not None:
        write_atomically(briefing, edited)
    return Added(source, saved, briefing, added, filled)


def _check_identifier(source_id: str) -> None:
    from pydantic import TypeAdapter, ValidationError

    try:
        TypeAdapter(Identifier).validate_python(source_id)
    except ValidationError as error:
        raise problem("--id", str(error.errors()[0]["ctx"]["error"])) from None


def _valid_briefing_text(path: Path) -> str:
    """The text of a briefing file that validates: an edit to a broken file could only hide what is wrong with it."""
    from briefing.pipeline.load import load_document
    from briefing.pipeline.validate import validate_document

    validate_document(load_document(path), None)
    return path.read_bytes().decode("utf-8-sig")


@dataclass(frozen=True)
class Completed:
    text: str
    added: bool
    filled: list[str]


def complete_sources_entry(text: str, source: ArchivedSource, accessed: dt.date) -> Completed:
    """A (valid) briefing file's text with the `sources:` entry of `source.id` added or completed."""
    _, indent, block_sequence_indent = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # a long text stays on its line, as its author wrote it
    yaml.indent(mapping=max(indent - block_sequence_indent, 2), sequence=indent, offset=block_sequence_indent)
    data = yaml.load(text)
    wanted = _entry_fields(source, accessed)
    entries = data["sources"]
    entry = next((item for item in entries if item.get("id") == source.id), None)
    added = entry is None
    if entry is None:
        entry = CommentedMap([("id", source.id)])
        entries.append(entry)
    filled = []
    for key, value in wanted.items():
        if key not in entry:
            entry[key] = value
            filled.append(key)
    if not filled and not added:
        return Completed(text, False, [])
    stream = io.StringIO()
    yaml.dump(data, stream)
    return Completed(stream.getvalue(), added, filled)


def _entry_fields(source: ArchivedSource, accessed: dt.date) -> dict[str, Any]:
    """The fields of a `sources:` entry the archive can give, in the format's order."""
    title = source.title or source.outlet or source.id
    values: dict[str, Any] = {
        "title": DoubleQuotedScalarString(title),
        "language": source.language,
        "publisher": DoubleQuotedScalarString(source.outlet) if source.outlet else None,
        "url": DoubleQuotedScalarString(source.url) if source.url else None,
        "published": source.published,
        "accessed": source.retrieved.date() if source.retrieved is not None else accessed,
    }
    return {key: value for key, value in values.items() if value is not None}
