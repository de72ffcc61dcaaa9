"""The Python distributions a build runs on: `briefing` and everything it requires, with their versions.

An output is up to date only while the code that made it is the same
(manifest.py); that code is the tool's and its dependencies', all of them:
Jinja2 writes the HTML, ruamel.yaml reads the briefing, Pillow decodes the
logo, not only WeasyPrint. So the closure of `briefing`'s requirements is
walked, not a list kept by hand, and an upgrade of any of them rebuilds.

Read from the folders on `sys.path` that pip and setuptools write:
`name-version.dist-info` with the `Requires-Dist` lines of its METADATA, or
`name-version-pyX.Y.egg-info` with its `requires.txt`. A no-op build asks on
every run, and this takes about 4 ms where `importlib.metadata` takes 20.
A requirement that is not installed (one for another Python version) is
recorded as absent.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

_SEPARATORS = re.compile(r"[-_.]+")
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA_MARKER = re.compile(r";.*\bextra\s*==")


def normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares them: `ruamel.yaml` and `Ruamel_YAML` are `ruamel-yaml`."""
    return _SEPARATORS.sub("-", name).lower()


def dependency_versions(root: str = "briefing", path: Iterable[str] | None = None) -> dict[str, str | None]:
    """`root` and every distribution it requires, at any depth (extras left out): name -> version, None if absent."""
    folders = _dist_info_folders(sys.path if path is None else path)
    versions: dict[str, str | None] = {}
    pending = [normalized(root)]
    while pending:
        name = pending.pop()
        if name in versions:
            continue
        found = folders.get(name)
        versions[name] = found[0] if found is not None else None
        if found is not None:
            pending += [normalized(requirement) for requirement in _requirements(found[1])]
    return dict(sorted(versions.items()))


def _dist_info_folders(path: Iterable[str]) -> dict[str, tuple[str, Path]]:
    """Each distribution installed in a folder on the path: name -> (version, its metadata folder); the first wins."""
    found: dict[str, tuple[str, Path]] = {}
    for entry in path:
        folder = Path(entry or ".")
        try:
            children = sorted(child for child in folder.iterdir() if child.suffix in (".dist-info", ".egg-info"))
        except OSError:  # not a folder (a zip), or gone
            continue
        for child in children:
            if child.suffix == ".dist-info":  # name-version: the name's own dashes are written as underscores
                name, _, version = child.stem.rpartition("-")
            else:  # name-version-pyX.Y, or a bare name for a development install (its PKG-INFO says)
                name, version = [*child.stem.split("-"), ""][:2]
                version = version or next(
                    (
                        line.removeprefix("Version:").strip()
                        for line in _lines(child / "PKG-INFO")
                        if line.startswith("Version:")
                    ),
                    "",
                )
            if name:
                found.setdefault(normalized(name), (version or "unknown", child))
    return found


def _requirements(metadata: Path) -> list[str]:
    """The names a distribution requires, but for extras: METADATA's Requires-Dist, or requires.txt."""
    names = []
    if metadata.suffix == ".dist-info":
        for line in _lines(metadata / "METADATA"):
            if not line:  # the headers end at the first blank line; the long description follows
                break
            if line.startswith("Requires-Dist:"):
                requirement = line.removeprefix("Requires-Dist:")
                if not _EXTRA_MARKER.search(requirement) and (match := _REQUIREMENT_NAME.match(requirement)):
                    names.append(match[1])
    else:
        for line in _lines(metadata / "requires.txt"):
            if line.startswith("["):  # [extra] or [:marker] sections follow the unconditional requirements
                break
            if match := _REQUIREMENT_NAME.match(line):
                names.append(match[1])
    return names


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
