"""One run's use of the manifest (`manifest`): which units are up to date, and what each output was made of.

A briefing file the manifest knows as it is now gives its units without
being read; a unit is up to date when its record still holds (with
`--force`, none is). Each output written is recorded with the digests of
its inputs and the font files fontconfig gave it, each file read with what
it said; the manifest is saved once, at the end of the run. Digests and
font files are found once a run: every unit names the same templates and
the same few faces.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import display_path
from briefing.pipeline.manifest import (
    BriefingRecord,
    Digest,
    Digests,
    Manifest,
    OutputRecord,
    build_key,
    save_quietly,
)
from briefing.pipeline.units import BuildRequest, Unit, Written
from briefing.workspace import Workspace

if TYPE_CHECKING:
    from briefing.pipeline.build import Prepared, Toolchain


class Records:
    """The manifest of the output folder, as this run reads it and adds to it."""

    def __init__(
        self, request: BuildRequest, workspace: Workspace, out_dir: Path, *, force: bool, notice: Callable[[str], None]
    ) -> None:
        self._request = request
        self._force = force
        self._notice = notice
        self.manifest, damage = Manifest.load(out_dir, workspace.root)
        if damage is not None:
            notice(f"warning: {display_path(self.manifest.path)} {damage}; every output is built again")
        self.digests = Digests()
        self._font_files: dict[str, str | None] = {}  # fontconfig pattern -> file, as `_font_file` found it
        self._key = build_key(request)
        self._may_read = partial(_may_read, workspace)

    def briefing(self, path: Path) -> BriefingRecord | None:
        """What the file said when it was last read, maybe before an edit."""
        return self.manifest.briefings.get(os.path.abspath(path))

    def unchanged(self, path: Path, known: BriefingRecord) -> bool:
        return not self._force and self.digests.of(path) == known.digest

    def up_to_date(self, unit: Unit) -> OutputRecord | None:
        if self._force:
            return None
        return self.manifest.up_to_date(unit, self._key, self.digests, self._font_file, self._may_read)

    def record_briefing(self, path: Path, digest: Digest, prepared: Prepared) -> None:
        """What the file said, with its `digest` from before it was read; nothing for a file unread."""
        if digest is None or digest.startswith("unreadable"):
            return
        editorial = [(item.line, item.column, item.field, item.message) for item in prepared.warnings]
        briefing = prepared.briefing
        pairs = [list(pair) for pair in briefing.bilingual]
        record = BriefingRecord(digest, briefing.id, list(briefing.languages), pairs, editorial)
        self.manifest.record_briefing(path, record)

    def record_output(self, written: Written, inputs: dict[str, Digest], toolchain: Toolchain) -> None:
        from briefing.pipeline.fonts import family_pattern

        fonts: dict[str, str | None] = {}
        inputs = dict(inputs)
        if self._request.format == "pdf":
            patterns = [*written.faces, *map(family_pattern, toolchain.font_families)]
            fonts = {pattern: self._font_file(pattern) for pattern in patterns}
            inputs.update(self.digests.all(file for file in fonts.values() if file is not None))
        unit = written.unit
        record = OutputRecord(
            briefing=os.path.abspath(unit.briefing),
            languages=list(unit.languages),
            key=self._key,
            inputs=inputs,
            fonts=fonts,
            digest=written.digest,
            pages=written.pages,
            notes=list(written.notes),
        )
        self.manifest.record_output(unit, record)

    def save(self) -> None:
        if (problem := save_quietly(self.manifest)) is not None:
            self._notice(f"warning: {problem}; the next build makes these outputs again")

    def _font_file(self, pattern: str) -> str | None:
        """The file fontconfig draws a face with, asked once a run: every unit names the same few."""
        if pattern not in self._font_files:
            from briefing.pipeline.fonts import font_file

            self._font_files[pattern] = font_file(pattern)
        return self._font_files[pattern]


def _may_read(workspace: Workspace, unit: Unit, path: str) -> bool:
    """Whether building `unit` could read `path` (`Toolchain.inputs` says what it does read).

    The briefing file and the files beside it (its logo), the workspace's
    catalogs, theme and source archives, and the tool's templates,
    stylesheets and catalogs; nothing else.
    """
    from briefing.workspace import packaged_resources

    resources = packaged_resources()
    here = Path(path)
    briefing = Path(os.path.abspath(unit.briefing))
    folders = [workspace.theme, workspace.locales, workspace.sources, resources.locales]
    folders += [resources.templates, resources.styles]
    return (
        here == briefing
        or here.parent == briefing.parent
        or any(
            here == Path(os.path.abspath(folder)) or Path(os.path.abspath(folder)) in here.parents for folder in folders
        )
    )
