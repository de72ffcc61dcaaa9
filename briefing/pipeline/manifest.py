"""The record of what each output was made from, so that a build redoes only what changed.

Beside the outputs, `output/.briefing-manifest.json` holds, for each output
file (a unit, `units.Unit`):

* the briefing file it came from and the editions it shows;
* its *key*: the tool's version and a digest of its code, the versions of
  the libraries that shape the bytes (WeasyPrint and its PDF writer, pikepdf,
  Babel's CLDR data..., and the system's Pango, HarfBuzz and fontconfig),
  and the options that change the output (`--format`, `--paper`, `--pdf`,
  `--source`, `--strict`);
* its *inputs*: every file it was made from, or looked for, with a digest of
  its content: the briefing file, its logo, the catalogs of its language
  (content and interface, workspace and packaged, each fallback tag; a
  catalog that was absent is recorded as absent, so creating one counts),
  the theme folder, the tool's templates and stylesheets as folders, and the
  font files the PDF embeds;
* its *fonts*: which file fontconfig gave each face the PDF uses, and each
  family the stylesheets ask for; installing or removing a font changes that;
* a digest of the output itself, so an output deleted or edited by hand is
  rebuilt; and its page count and warnings, shown again when it is up to date.

It also holds, for each briefing file, its digest and what it said (id,
editions, editorial warnings): when the file is unchanged, its outputs are
known without reading it, so a build with nothing to do never loads the
pipeline, let alone WeasyPrint.

Paths inside the workspace are kept relative to it (format 2; format 1 kept
them all absolute and is still read), so a workspace moved, copied or synced
with its output folder stays up to date; the tool's templates and the font
files are kept absolute.

Contents are hashed (BLAKE2b), not trusted by their modification time: a
`touch` or a checkout rebuilds nothing, a same-second edit is seen, and the
few megabytes a batch reads hash in milliseconds. A unit is up to date when
its key, every input digest, every font file fontconfig resolves and its
output's digest are as recorded; anything else (no record, another briefing
file, a manifest that is missing, damaged or of another format) means it is
built. The manifest is written atomically (`write`) once per run, merged under a lock with
what a build beside this one saved meanwhile, with
whatever was built before a failure or Ctrl-C, and only if an output was
written: a run that writes nothing leaves the folder as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.errors import BriefingError, OutputError, Problem, display_path
from briefing.pipeline.fonts import text_library_versions
from briefing.pipeline.installed import dependency_versions
from briefing.pipeline.units import BuildRequest, Unit
from briefing.pipeline.vocabulary import ID_PATTERN, LANGUAGE_PATTERN
from briefing.pipeline.write import write_atomically

MANIFEST_NAME = ".briefing-manifest.json"
LOCK_NAME = ".briefing-manifest.lock"  # held while a build merges its records into the manifest
# Format 2 keeps the paths inside the workspace relative to it; format 1 (0.8.0 and before) kept
# every path absolute, which reads the same, so its records still count.
FORMAT = 2
READABLE_FORMATS = (1, 2)
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # about 10 KiB an output: far more than a workspace has
# Larger than any input a build reads (a briefing or a logo is 2 MiB, a font tens of MiB): such a
# file is not hashed, and its digest never matches, so the build reads it and says what is wrong.
MAX_INPUT_BYTES = 256 * 1024 * 1024
_CODE = Path(__file__).resolve().parent.parent  # the `briefing` package

Digest = str | None  # None: the file was absent


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _file_digest(path: Path) -> str:
    # A device or a pipe would be read forever (or wait for a writer): only regular files are read.
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        return "not a file"
    if status.st_size > MAX_INPUT_BYTES:
        return "too large"
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def path_digest(path: Path) -> Digest:
    """A file's content digest; a folder's over its files' names and contents; None if absent.

    In a folder, names that start with a dot (editors' swap and lock files) and
    __pycache__ do not count: saving a file in an editor must not rebuild everything twice.
    """
    try:
        if not path.is_dir():
            return _file_digest(path)
        tree = hashlib.blake2b(digest_size=16)
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name != "__pycache__")
            for name in sorted(files):
                if not name.startswith("."):
                    inner = Path(folder, name)
                    tree.update(f"{inner.relative_to(path)}\0{_file_digest(inner)}\n".encode(errors="surrogateescape"))
        return "tree:" + tree.hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:  # unreadable: never equal to a recorded digest, so the build says why
        return f"unreadable:{error.errno}"


class Digests:
    """Digests of input paths, each read at most once per run (the templates serve every unit)."""

    def __init__(self) -> None:
        self._known: dict[str, Digest] = {}

    def of(self, path: Path | str) -> Digest:
        key = os.path.abspath(path)
        if key not in self._known:
            self._known[key] = path_digest(Path(key))
        return self._known[key]

    def all(self, paths: Iterable[Path | str]) -> dict[str, Digest]:
        return {os.path.abspath(path): self.of(path) for path in paths}


@cache
def _tool() -> dict[str, Any]:
    """The tool and libraries an output was made with: version, a digest of the code, library versions.

    The code's digest makes an edit to the pipeline in a working copy (same
    version) rebuild what it may change; it costs a few milliseconds.
    """
    code = hashlib.blake2b(digest_size=16)
    for path in sorted(_CODE.rglob("*.py")):
        code.update(f"{path.relative_to(_CODE)}\0".encode())
        code.update(path.read_bytes())
    # Every distribution the tool requires, at any depth (installed.py), then Pango, HarfBuzz, fontconfig.
    libraries: dict[str, str | None] = {**dependency_versions(), **text_library_versions()}
    return {"version": __version__, "code": code.hexdigest(), "libraries": libraries}


def build_key(request: BuildRequest) -> dict[str, Any]:
    """What every output of this request is made with, besides its input files."""
    return {**_tool(), "options": request.options()}


@dataclass(frozen=True)
class OutputRecord:
    """What one output was made from, and what its build said."""

    briefing: str  # the briefing file, absolute (in the file: relative to the workspace, when in it)
    languages: list[str]
    key: dict[str, Any]
    inputs: dict[str, Digest]  # absolute path (in the file: as `briefing`) -> digest
    fonts: dict[str, str | None]  # fontconfig pattern -> the file it resolved to
    digest: str  # of the output file
    pages: int | None
    notes: list[str]


@dataclass(frozen=True)
class BriefingRecord:
    """What a briefing file said, by its content: its id, editions and editorial warnings."""

    digest: str
    id: str
    languages: list[str]
    bilingual: list[list[str]]  # its bilingual editions' pairs of languages
    editorial: list[tuple[int | None, int | None, str, str]] = field(default_factory=list)

    def warnings(self, path: Path) -> list[Problem]:
        return [
            Problem(display_path(path), line, column, name, message) for line, column, name, message in self.editorial
        ]


FontResolver = Callable[[str], str | None]
# Whether the build of a unit could read this path: a manifest is compared, never followed.
InputCheck = Callable[[Unit, str], bool]


class _Paths:
    """Paths as the manifest file keeps them: those inside the workspace relative to it, the rest absolute.

    A workspace moved, copied or synced to another machine with its output
    folder keeps its outputs up to date; the tool's templates and the font
    files stay where they were, so they are kept absolute. Read back, every
    path is absolute again, and is compared and checked (`InputCheck`) as
    one the build found itself.
    """

    def __init__(self, root: Path) -> None:
        self._root = os.path.abspath(root)

    def stored(self, path: str) -> str:
        if os.path.isabs(path) and os.path.commonpath([self._root, path]) == self._root:
            return Path(os.path.relpath(path, self._root)).as_posix()
        return path

    def read(self, path: str) -> str:
        return path if os.path.isabs(path) else os.path.normpath(os.path.join(self._root, path))

    def record_stored(self, record: OutputRecord) -> dict[str, Any]:
        inputs = {self.stored(path): digest for path, digest in record.inputs.items()}
        return {**asdict(record), "briefing": self.stored(record.briefing), "inputs": inputs}

    def record_read(self, record: OutputRecord) -> OutputRecord:
        inputs = {self.read(path): digest for path, digest in record.inputs.items()}
        return replace(record, briefing=self.read(record.briefing), inputs=inputs)


class Manifest:
    """The records of one output folder, read at the start of a build and saved at its end."""

    def __init__(
        self,
        out_dir: Path,
        root: Path,
        outputs: dict[str, OutputRecord],
        briefings: dict[str, BriefingRecord],
    ) -> None:
        self.out_dir = out_dir
        self.root = root
        self.path = out_dir / MANIFEST_NAME
        self.outputs = outputs
        self.briefings = briefings
        self.changed = False
        # What this run recorded: the rest may be newer on disk, from a build running beside this one.
        self._recorded_outputs: set[str] = set()
        self._recorded_briefings: set[str] = set()

    @classmethod
    def load(cls, out_dir: Path, root: Path) -> tuple[Manifest, str | None]:
        """The folder's manifest, and why it could not be used if it could not (then it is empty).

        `root` is the workspace's folder: the paths the file keeps relative are relative to it.
        """
        path = out_dir / MANIFEST_NAME
        empty = cls(out_dir, root, {}, {})
        try:
            kind = path.stat()
            if not stat.S_ISREG(kind.st_mode) or kind.st_size > MAX_MANIFEST_BYTES:
                return empty, "is not a manifest (not a file, or too large)"
            data = json.loads(path.read_bytes())
        except (FileNotFoundError, NotADirectoryError):  # a first build; or no folder there, which writing reports
            return empty, None
        except (OSError, ValueError) as error:
            return empty, f"cannot be read ({type(error).__name__})"
        paths = _Paths(root)
        try:
            if data.get("format") not in READABLE_FORMATS:
                return empty, f"is of another format ({data.get('format')!r})"
            # An output is a file of this folder: a record naming `../precious.pdf` is no record of ours.
            outputs = {
                str(name): OutputRecord(**record)
                for name, record in data["outputs"].items()
                if isinstance(name, str) and name == Path(name).name and not name.startswith(".")
            }
            briefings = {
                paths.read(str(name)): BriefingRecord(
                    record["digest"],
                    record["id"],
                    list(record["languages"]),
                    [list(pair) for pair in record["bilingual"]],
                    [tuple(item) for item in record["editorial"]],
                )
                for name, record in data["briefings"].items()
            }
            for record in outputs.values():  # the fields every check reads, of the types it reads them as
                _check_types(record)
            for briefing in briefings.values():  # they name output files: only what a briefing may say
                _check_briefing(briefing)
            outputs = {name: paths.record_read(record) for name, record in outputs.items()}
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            return empty, f"is damaged ({type(error).__name__})"
        return cls(out_dir, root, outputs, briefings), None

    def up_to_date(
        self,
        unit: Unit,
        key: Mapping[str, Any],
        digests: Digests,
        resolve_font: FontResolver,
        may_read: InputCheck,
    ) -> OutputRecord | None:
        """The unit's record if its output is as it was written and made of what it would be made of now.

        The manifest is data anyone could have edited: a path it lists is hashed
        only if the build itself could read it for this unit (`may_read`), or is
        a font file fontconfig gives today; any other (`/usr`, a 200 GiB sparse
        file) makes the unit out of date without being read.
        """
        record = self.outputs.get(unit.name)
        if record is None or record.briefing != os.path.abspath(unit.briefing):
            return None
        if list(unit.languages) != record.languages or record.key != key:
            return None
        if any(resolve_font(pattern) != file for pattern, file in record.fonts.items()):
            return None
        fonts = set(record.fonts.values())
        if not all(path in fonts or may_read(unit, path) for path in record.inputs):
            return None
        if any(digests.of(path) != digest for path, digest in record.inputs.items()):
            return None
        try:
            if path_digest(unit.output) != record.digest:
                return None
        except OSError:
            return None
        return record

    def record_output(self, unit: Unit, record: OutputRecord) -> None:
        self.outputs[unit.name] = record
        self._recorded_outputs.add(unit.name)
        self.changed = True

    def record_briefing(self, path: Path, record: BriefingRecord) -> None:
        """Saved with the next output recorded: a run that writes nothing writes no manifest either."""
        self.briefings[os.path.abspath(path)] = record
        self._recorded_briefings.add(os.path.abspath(path))

    def save(self) -> None:
        """Write the manifest atomically if an output was recorded; records of files that are gone are dropped.

        Two builds into one folder at once each read the manifest at their
        start: saving, each merges what it recorded into the manifest on disk
        now, under an exclusive lock (`flock` on `LOCK_NAME`), so neither loses
        the other's records.
        """
        if not self.changed:
            return
        lock = self.out_dir / LOCK_NAME
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise OutputError(f"{display_path(lock)}: cannot open: {error.strerror or error}") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._merge_and_write()
        finally:
            os.close(descriptor)  # and the lock with it

    def _merge_and_write(self) -> None:
        on_disk, _reason = Manifest.load(self.out_dir, self.root)
        ours = {name: self.outputs[name] for name in self._recorded_outputs}
        outputs = {**on_disk.outputs, **ours}
        briefings = {**on_disk.briefings, **{name: self.briefings[name] for name in self._recorded_briefings}}
        outputs = {name: record for name, record in outputs.items() if (self.out_dir / name).is_file()}
        briefings = {name: record for name, record in briefings.items() if Path(name).is_file()}
        paths = _Paths(self.root)
        data = {
            "format": FORMAT,
            "outputs": {name: paths.record_stored(record) for name, record in sorted(outputs.items())},
            "briefings": {paths.stored(name): asdict(record) for name, record in sorted(briefings.items())},
        }
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).encode())
        self.changed = False


def _check_types(record: OutputRecord) -> None:
    if not (
        isinstance(record.briefing, str)
        and isinstance(record.languages, list)
        and isinstance(record.key, dict)
        and isinstance(record.inputs, dict)
        and all(isinstance(digest, str | None) for digest in record.inputs.values())
        and isinstance(record.fonts, dict)
        and isinstance(record.digest, str)
        and isinstance(record.notes, list)
        and all(isinstance(note, str) for note in record.notes)
    ):
        raise TypeError("a record of the wrong shape")


def _check_briefing(record: BriefingRecord) -> None:
    if not (
        isinstance(record.digest, str)
        and isinstance(record.id, str)
        and re.match(ID_PATTERN, record.id)
        and all(
            isinstance(language, str) and re.match(LANGUAGE_PATTERN, language)
            for language in [*record.languages, *(language for pair in record.bilingual for language in pair)]
        )
        and all(len(pair) == 2 for pair in record.bilingual)
        and all(len(item) == 4 and all(isinstance(part, str) for part in item[2:]) for item in record.editorial)
    ):
        raise ValueError("a briefing record that no briefing file could give")


def save_quietly(manifest: Manifest) -> str | None:
    """Save the manifest; if it cannot be written, why (the outputs are fine, the next build redoes them)."""
    try:
        manifest.save()
    except BriefingError as error:
        return str(error)
    return None
