"""Which files a briefing's editions are made of, and a thread that reports when one is saved.

An edition is made of the briefing file (and a logo beside it), the
workspace's catalogs (locales/), its theme (theme/: stylesheet, fonts,
settings, templates) and the tool's own templates and stylesheet. The
folders holding them are watched, not the files: editors save by writing a
new file and renaming it over the old one, which a watch on the file itself
would lose.

watchfiles (inotify on Linux) does the watching in Rust and groups the
events of one save; nothing here polls. A folder that does not exist when
the preview starts (a workspace without theme/) cannot be watched: the
preview sees it from its next start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from briefing.workspace import BRIEFING_SUFFIXES, Resources, Workspace

# watchfiles yields a group of changes once no new one came for STEP_MS, and
# groups for at most DEBOUNCE_MS: an editor's write, rename and chmod of one
# save arrive as one refresh, well within the second the page has to reload.
STEP_MS = 50
DEBOUNCE_MS = 400


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class BriefingFiles(DefaultFilter):
    """A watchfiles filter: the changes that can alter one briefing's editions.

    DefaultFilter already leaves out editors' swap and backup files, .git and
    __pycache__. Other briefings in the same folder do not count; a catalog
    counts whichever briefing it is for (a refresh that changes nothing does
    not reload the page).
    """

    def __init__(self, briefing: Path, workspace: Workspace, resources: Resources) -> None:
        super().__init__()
        self.briefing = briefing.resolve()
        self.locales = workspace.locales.resolve()
        self.folders = [folder.resolve() for folder in (workspace.theme, resources.templates, resources.styles)]

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        changed = Path(path)
        if changed == self.briefing:
            return True
        if _within(changed, self.locales):
            return changed.suffix == ".po"
        if any(_within(changed, folder) for folder in self.folders):
            return True
        # Beside the briefing: its logo, but not the other briefings.
        return _within(changed, self.briefing.parent) and changed.suffix not in BRIEFING_SUFFIXES


def watched_folders(briefing: Path, workspace: Workspace, resources: Resources) -> list[Path]:
    """The existing folders to watch, each once (a folder inside another is covered by it)."""
    candidates = [briefing.parent, workspace.locales, workspace.theme, resources.templates, resources.styles]
    existing = sorted({folder.resolve() for folder in candidates if folder.is_dir()})
    return [folder for folder in existing if not any(other != folder and _within(folder, other) for other in existing)]


class Watcher(threading.Thread):
    """Calls `on_change` with the changed paths after each save, until `stop()`."""

    def __init__(
        self,
        roots: Sequence[Path],
        watch_filter: BriefingFiles,
        on_change: Callable[[list[Path]], None],
        on_failure: Callable[[str], None],
    ) -> None:
        super().__init__(name="briefing-preview-watcher", daemon=True)
        self.roots = list(roots)
        self.watch_filter = watch_filter
        self.on_change = on_change
        self.on_failure = on_failure
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            changes: Iterable[set[tuple[Change, str]]] = watch(
                *self.roots,
                watch_filter=self.watch_filter,
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                stop_event=self._stopping,
                raise_interrupt=False,  # Ctrl-C belongs to the main thread, which stops the server
            )
            for group in changes:
                self.on_change(sorted({Path(path) for _, path in group}))
        except OSError as error:  # e.g. the inotify limit reached: the page still works, by hand
            self.on_failure(f"cannot watch for changes ({error}); reload the page by hand after saving")

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)
