"""`briefing draft` in a workspace: its sources found or archived, the draft checked, then written.

This module owns the files: a SOURCE that names `sources/<id>.txt` is read
from the archive; anything else (a saved page, a text file, a URL) is
archived first by `briefing source add`'s code, so that the draft's evidence
points at a text the workspace keeps. The draft is validated by the model
before it is written, and written atomically; an existing briefing is
replaced only when asked.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.drafting.draft import Drafted, draft_briefing
from briefing.errors import InputError, display_path, problem
from briefing.pipeline.load import load_document
from briefing.pipeline.validate import validate_document
from briefing.pipeline.vocabulary import base_language
from briefing.pipeline.write import write_atomically
from briefing.sources.archive import ArchivedSource
from briefing.sources.store import archive_path, read_archive
from briefing.workspace import Workspace


@dataclass(frozen=True)
class Written:
    path: Path
    drafted: Drafted
    archived: tuple[str, ...]  # sources archived on the way


def draft_in_workspace(
    specs: Sequence[str],
    workspace: Workspace,
    *,
    briefing_id: str,
    language: str | None,
    replace: bool,
    interface_languages: set[str],
    now: dt.datetime,
) -> Written:
    target = workspace.briefings / f"{briefing_id}.yaml"
    if target.exists() and not replace:
        raise problem(target, "exists already; choose another --id, or --replace to draft over it")
    sources, archived = _sources(specs, workspace, now)
    # The editions `briefing new` gives: the briefing's language and every other with an interface catalog.
    others = sorted({base_language(lang) for lang in interface_languages})
    drafted = draft_briefing(
        sources, briefing_id=briefing_id, language=language, today=now.date(), other_languages=others
    )
    _validate(drafted.text, target, interface_languages)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, drafted.text.encode("utf-8"))
    return Written(target, drafted, tuple(archived))


def _sources(specs: Sequence[str], workspace: Workspace, now: dt.datetime) -> tuple[list[ArchivedSource], list[str]]:
    sources: list[ArchivedSource] = []
    archived: list[str] = []
    for spec in specs:
        if "/" not in spec and archive_path(workspace.sources, spec).is_file():
            sources.append(read_archive(workspace.sources, spec))
            continue
        if "/" not in spec and "." not in spec and not Path(spec).exists():
            archive = display_path(archive_path(workspace.sources, spec))
            raise problem(spec, f"no archived source {archive}, and no file or URL of that name")
        from briefing.sources.add import add_source

        added = add_source(spec, workspace, now=now)
        sources.append(added.source)
        archived.append(display_path(added.saved.path))
    return sources, archived


def _validate(text: str, target: Path, interface_languages: set[str]) -> None:
    """The draft must be a valid briefing before it is written: anything else is a bug in the drafting."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / target.name
        path.write_text(text, encoding="utf-8")
        try:
            validate_document(load_document(path), interface_languages)
        except InputError as error:
            raise AssertionError(f"the draft of {display_path(target)} is not a valid briefing: {error}") from None
