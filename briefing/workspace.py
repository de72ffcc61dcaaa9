"""Where things are: the tool's own resources, and the user's workspace.

The tool is the installed package. It carries, as package resources read
through `importlib.resources`, the templates, the print stylesheet, the
interface catalogs and the starter workspace of `briefing init`. In the
repository these live at the top (`templates/`, `styles/`, `locales/`) where
designers and translators find them; `briefing/templates` and its siblings
are links to them, which the wheel build follows.

A workspace is a folder where a user keeps their work:

    briefings/   the briefing files (*.yaml) and their logos
    locales/     content catalogs (<lang>/LC_MESSAGES/<id>.po), and interface
                 catalogs (messages.po) for languages or terms of their own
    output/      what `briefing build` writes
    sources/     archived articles (<id>.txt) that `briefing verify` checks against
    theme/       optional branding: theme.css, fonts, theme.yaml, templates/

Which folder is the workspace: `--workspace DIR` (or the BRIEFING_WORKSPACE
environment variable) when given; else the nearest folder, from the working
folder upward, that has a `briefings/` folder; else the working folder. The
upward search is git's rule rather than mkdocs' (which looks only in the
working folder): authors often run `briefing build` from inside
`briefings/`, next to the file they are editing.

Like git (`safe.directory`), the upward search trusts only folders that are
the user's own: it stops at a folder owned by another account or that other
accounts may write to (even with the sticky bit: they could create a
`briefings/` or `theme/` in it). Such a folder with a `briefings/` in it
would hand another account the theme, the templates and the output folder
of a build started below it; it is named, with `--workspace DIR` as the way
to choose it on purpose. An explicit `--workspace` is trusted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import string
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from briefing.errors import InputError, Problem, display_path, problem

BRIEFINGS = "briefings"
LOCALES = "locales"
OUTPUT = "output"
THEME = "theme"
SOURCES = "sources"
THEME_STYLESHEET = "theme.css"
THEME_SETTINGS = "theme.yaml"
THEME_TEMPLATES = "templates"
BRIEFING_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Resources:
    """The files the tool ships with."""

    templates: Path
    styles: Path
    locales: Path
    starter: Path
    skeleton: Path  # the commented briefing `briefing new` starts from

    @property
    def stylesheet(self) -> Path:
        return self.styles / "print.css"

    @property
    def web_stylesheet(self) -> Path:
        return self.styles / "web.css"


def packaged_resources() -> Resources:
    root = files("briefing")
    if not isinstance(root, Path):
        # A zipped install: WeasyPrint and Jinja2 need real files.
        raise RuntimeError(f"briefing is installed as {root!r}; install it as files (pip does)")
    return Resources(
        templates=root / "templates",
        styles=root / "styles",
        locales=root / "locales",
        starter=root / "starter",
        skeleton=root / "skeleton" / "briefing.yaml",
    )


@dataclass(frozen=True)
class Workspace:
    """A user's folder of briefings, catalogs, outputs and theme."""

    root: Path

    @property
    def briefings(self) -> Path:
        return self.root / BRIEFINGS

    @property
    def locales(self) -> Path:
        return self.root / LOCALES

    @property
    def output(self) -> Path:
        return self.root / OUTPUT

    @property
    def sources(self) -> Path:
        return self.root / SOURCES

    @property
    def theme(self) -> Path:
        return self.root / THEME

    def theme_file(self, name: str) -> Path | None:
        path = self.theme / name
        return path if path.is_file() else None

    @property
    def theme_templates(self) -> Path | None:
        path = self.theme / THEME_TEMPLATES
        return path if path.is_dir() else None


def find_workspace(explicit: Path | None = None, start: Path | None = None) -> Workspace:
    """The workspace by the rule in this module's docstring."""
    if explicit is not None:
        if not explicit.is_dir():
            raise problem(explicit, "no such folder; --workspace names a folder with briefings/ in it")
        return Workspace(explicit.absolute())
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        distrusted = _not_the_users_own(folder)
        if (folder / BRIEFINGS).is_dir():
            for candidate in (folder, folder / BRIEFINGS):
                if reason := _not_the_users_own(candidate):
                    raise problem(
                        candidate,
                        f"not used as the workspace: {reason}; "
                        f"if you trust it, choose it on purpose with --workspace {display_path(folder)}",
                    )
            return Workspace(folder)
        if distrusted is not None:
            break  # what lies above is not the user's to search
    return Workspace(here)


def _not_the_users_own(folder: Path) -> str | None:
    """Why another account could control what `folder` holds, or None if only the user can."""
    try:
        status = folder.stat()
    except OSError:
        return None  # gone, or not readable: nothing in it can be read either
    if status.st_uid != os.geteuid():
        return f"it is owned by another user (uid {status.st_uid})"
    if status.st_mode & stat.S_IWOTH:
        return "other users can write to it"
    return None


def discover_briefings(folder: Path) -> list[Path]:
    """The briefing files of a folder, in a stable order."""
    if not folder.is_dir():
        raise InputError(
            [
                Problem(
                    display_path(folder),
                    None,
                    None,
                    "",
                    "no such folder; name briefing files to build, or run from the project folder",
                )
            ]
        )
    files = sorted(p for p in folder.iterdir() if p.suffix in BRIEFING_SUFFIXES and p.is_file())
    if not files:
        raise InputError([Problem(display_path(folder), None, None, "", "no briefing files (*.yaml) here")])
    return files


def create_workspace(folder: Path, resources: Resources) -> list[Path]:
    """Copy the starter workspace into `folder`; refuse if any of its files exist already."""
    from briefing.pipeline.write import write_atomically

    starter = resources.starter
    sources = sorted(path for path in starter.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    targets = [folder / path.relative_to(starter) for path in sources]
    if existing := [target for target in targets if target.exists()]:
        raise problem(existing[0], "exists already; `briefing init` never overwrites a file (pick an empty folder)")
    for source, target in zip(sources, targets, strict=True):
        write_atomically(target, source.read_bytes())
    return targets


def write_new_briefing(
    workspace: Workspace,
    resources: Resources,
    identifier: str,
    *,
    title: str,
    language: str,
    languages: list[str],
    today: dt.date,
) -> Path:
    """`briefings/<id>.yaml` from the commented skeleton; refuse if it exists already."""
    from briefing.pipeline.write import write_atomically

    target = workspace.briefings / f"{identifier}.yaml"
    if target.exists():
        raise problem(target, "exists already; `briefing new` never overwrites a file (pick another id)")
    text = string.Template(resources.skeleton.read_text(encoding="utf-8")).substitute(
        id=identifier,
        # A JSON string is a YAML double-quoted scalar: any title, quotes and colons included.
        title=json.dumps(title, ensure_ascii=False),
        language=language,
        languages=f"[{', '.join(languages)}]",
        as_of=today.isoformat(),
    )
    write_atomically(target, text.encode("utf-8"))
    return target
