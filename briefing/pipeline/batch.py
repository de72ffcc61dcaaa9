"""A build request, unit by unit: up to date or built, in this process or in workers, reported in order.

For each briefing file of the request, in order:

1. If the manifest knows the file as it is now (`manifest`), its units
   (`units.edition_units`) follow from what it recorded, and each whose
   inputs are all unchanged is up to date. When every unit of the file is,
   nothing is read or imported: this is how a build with nothing to do
   stays a fraction of a second.
2. Otherwise the file is prepared here (`build.prepare`: load, validate,
   editorial warnings, theme defaults), and each unit that is not up to date
   is built: in this process with `--jobs 1` (or when there is only one to
   build), else by a pool of worker processes (`workers`), each with its
   own warm Toolchain. Tasks go out as the files are prepared; at most a few
   per worker wait, so memory stays flat over any batch.

Outcomes are reported in the order of the request, whichever worker ends
first, so the output of `--jobs 4` reads as that of `--jobs 1`. A broken
briefing, a broken catalog or a bug stays with its file or unit; the batch
goes on. The manifest records each unit once its output is written, and is
saved at the end, after a failure or Ctrl-C too (the workers are stopped
first); the next build picks up from there. At the end of a run, an output
that a file of the request made before and no longer makes is named in a
warning (never deleted).

This module plans each file and settles each unit; the rest is in pieces of
its own: `slots` (one unit's life, from queued to settled), `reporting` (the
order of outcomes and the progress line), `dispatch` (this process, a held
unit, or the pool, and a new pool after a worker died) and `records` (the
manifest as a run reads it and adds to it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from briefing.errors import BriefingError, InputError, Problem, display_path
from briefing.pipeline.dispatch import Dispatch
from briefing.pipeline.manifest import BriefingRecord, OutputRecord
from briefing.pipeline.records import Records
from briefing.pipeline.reporting import Entry, InOrder, Progress
from briefing.pipeline.slots import Queued, Settled, Slot
from briefing.pipeline.units import (
    BuildRequest,
    BuildResult,
    InternalError,
    Outcome,
    Refused,
    ReportedError,
    Unit,
    UpToDate,
    Written,
    edition_units,
    editions_shown,
)
from briefing.pipeline.vocabulary import OutputFormat
from briefing.workspace import THEME_SETTINGS, Workspace

if TYPE_CHECKING:
    from briefing.pipeline.build import Prepared, Task, Toolchain
    from briefing.pipeline.model import ThemeSettings
    from briefing.pipeline.workers import Result


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None, asked: str | None = None) -> tuple[int, str | None]:
    """How many worker processes to run for `--jobs requested`, and why, when that is fewer.

    `asked` is what the user wrote, for the message (`--jobs 8` unless said otherwise).

    More workers than CPUs only share the CPUs and take about 90 MiB each;
    the pool starts a worker only for a unit that waits, so a batch of fewer
    units than workers starts no more workers than units.
    """
    cpus = default_jobs()
    if requested is None:
        return cpus, None
    if requested > cpus:
        processes = "process" if cpus == 1 else "processes"
        return cpus, f"{asked or f'--jobs {requested}'}: building with {cpus} worker {processes}, one per CPU"
    return requested, None


class Listener(Protocol):
    """What a batch tells as it goes; the command line prints it."""

    def notice(self, line: str) -> None:
        """A warning about the run as a whole (setup, manifest), before the outcomes it concerns."""

    def outcome(self, outcome: Outcome) -> None:
        """A unit written or up to date, in the order of the request."""

    def progress(self, done: int, total: int, current: Path | None) -> None:
        """`done` of `total` briefing files reported; `current` is the one being built."""


def run(
    request: BuildRequest,
    workspace: Workspace,
    listener: Listener,
    *,
    jobs: int = 1,
    force: bool = False,
    theme: ThemeFile | None = None,
) -> BuildResult:
    """Build what is out of date among the request's outputs; failures are collected, not raised."""
    batch = _Batch(request, workspace, listener, max(1, jobs), force, theme or ThemeFile(workspace))
    interrupted = True
    try:
        batch.run()
        interrupted = False
    except _Stopped as stop:
        batch.result.failures.append(stop.error)
        interrupted = False
    finally:
        batch.close(interrupted=interrupted)
    return batch.result


class ThemeFile:
    """A workspace's theme/theme.yaml, read once a run, when it is first needed.

    The formats a build writes by default and every Toolchain of the run,
    those of its workers included, take their settings from this one reading.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._read = False
        self._settings: ThemeSettings | None = None

    def settings(self) -> ThemeSettings | None:
        if not self._read:
            if self._workspace.theme_file(THEME_SETTINGS) is not None:
                # Imported only then: a build with nothing to do stays a fraction of a second.
                from briefing.pipeline.validate import read_theme

                self._settings = read_theme(self._workspace)
            self._read = True
        return self._settings


def default_formats(theme: ThemeFile) -> tuple[OutputFormat, ...]:
    """The formats a build writes when none is named: the theme's `formats` (theme/theme.yaml), else PDF."""
    settings = theme.settings()
    return tuple(settings.formats) if settings is not None and settings.formats else ("pdf",)


def run_formats(
    request: BuildRequest,
    formats: Sequence[OutputFormat],
    workspace: Workspace,
    listener: Listener,
    *,
    jobs: int = 1,
    force: bool = False,
    theme: ThemeFile | None = None,
) -> BuildResult:
    """`run` the request once in each format, in the order given: `x.en.pdf`, ..., then `x.en.docx`, ...

    Each format is a batch of its own (its outputs, its manifest records); what
    they say alike (a briefing's editorial warnings, a broken file) is said once.
    """
    result = BuildResult()
    theme = theme or ThemeFile(workspace)
    for output_format in formats:
        part = run(replace(request, format=output_format), workspace, listener, jobs=jobs, force=force, theme=theme)
        result.outcomes += part.outcomes
        result.warnings += [warning for warning in part.warnings if warning not in result.warnings]
        result.failures += [failure for failure in part.failures if str(failure) not in map(str, result.failures)]
        result.internal_errors += part.internal_errors
    return result


class _Stopped(Exception):
    """A problem of the whole run (the stylesheets, --strict's checks of the machine): nothing more is built."""

    def __init__(self, error: BriefingError) -> None:
        self.error = error


class _Here:
    """This process's Toolchain, made when a file is first read; it builds with `--jobs 1`, or a lone unit."""

    def __init__(
        self, workspace: Workspace, request: BuildRequest, theme: ThemeFile, notice: Callable[[str], None]
    ) -> None:
        self._workspace = workspace
        self._theme = theme
        self._request = request
        self._notice = notice
        self._toolchain: Toolchain | None = None
        self._printer_ready = False

    def toolchain(self) -> Toolchain:
        """The run's Toolchain; its setup warnings are shown as it is made."""
        if self._toolchain is None:
            from briefing.pipeline.build import Toolchain

            try:
                toolchain = Toolchain(self._workspace, theme=self._theme.settings())
            except BriefingError as error:
                raise _Stopped(error) from None
            warnings = toolchain.setup_warnings(self._request.format)
            if self._request.strict and warnings:
                raise _Stopped(InputError([Problem("--strict", None, None, "", warning) for warning in warnings]))
            for warning in warnings:
                self._notice(f"warning: {warning}")
            self._toolchain = toolchain
        return self._toolchain

    def build(self, task: Task) -> Result:
        from briefing.pipeline.build import build_unit

        toolchain = self.toolchain()
        if self._request.format != "html" and not self._printer_ready:
            try:
                toolchain.printer  # noqa: B018 - the stylesheets load once, and fail once, for the whole batch
            except BriefingError as error:
                raise _Stopped(error) from None
            self._printer_ready = True
        return build_unit(task, toolchain)


class _Batch:
    """The run of one format: each file planned in turn, its outcomes reported in order, the manifest saved."""

    def __init__(
        self, request: BuildRequest, workspace: Workspace, listener: Listener, jobs: int, force: bool, theme: ThemeFile
    ) -> None:
        self.request = request
        self.listener = listener
        self.result = BuildResult()
        self.out_dir = request.out_dir or workspace.output
        self.records = Records(request, workspace, self.out_dir, force=force, notice=listener.notice)
        self.here = _Here(workspace, request, theme, listener.notice)
        self.dispatch = Dispatch(
            workspace, jobs, request.format, theme.settings, build_here=self._build_here, notice=listener.notice
        )
        self.planner = _Planner(request, self.out_dir, self.records, self.here, self.dispatch, self.result)
        self.progress = Progress(listener.progress, len(request.files))
        self.in_order = InOrder(self.progress, wait=self._wait, report=self._report)

    def run(self) -> None:
        self.progress.start()
        for path in self.request.files:
            self.in_order.add(self.planner.plan(path))
            self.in_order.report(block=False)
            while self.dispatch.too_far_ahead and self.in_order.report(block=True, one=True):
                pass
        self.dispatch.build_the_held_one()
        self.in_order.report(block=True)
        outputs = self.records.manifest.outputs
        self.result.warnings += _stale_output_warnings(outputs, self.planner.editions, self.request, self.out_dir)

    def close(self, *, interrupted: bool) -> None:
        try:
            self.dispatch.stop(now=interrupted)
        finally:
            self.records.save()

    def _build_here(self, slot: Slot) -> None:
        self._settle(slot, self.here.build(slot.task))

    def _wait(self, slot: Slot) -> None:
        self._settle(slot, self.dispatch.wait(slot))

    def _settle(self, slot: Slot, result: Result) -> None:
        from briefing.pipeline.workers import SetupFailed

        if isinstance(result, Written):
            self.records.record_output(result, slot.inputs, self.here.toolchain())
            slot.settle(result)
            return
        slot.settle(None)
        if isinstance(result, Refused):
            refused = result.unit.output if result.strict else None
            self.result.failures.append(ReportedError(result.lines, refused_output=refused))
        elif isinstance(result, InternalError):
            _add_internal_error(self.result, result)
        elif isinstance(result, SetupFailed):
            raise _Stopped(ReportedError(result.lines))

    def _report(self, outcome: Outcome) -> None:
        self.result.outcomes.append(outcome)
        self.listener.outcome(outcome)


@dataclass
class _Planner:
    """Each file's units, up to date by the manifest or to build; a file is read only when one is to build."""

    request: BuildRequest
    out_dir: Path
    records: Records
    here: _Here
    dispatch: Dispatch
    result: BuildResult
    claimed: dict[str, Path] = field(default_factory=dict)
    editions: dict[Path, set[str]] = field(default_factory=dict)  # each file's outputs (names) in this request

    def plan(self, path: Path) -> Entry:
        known = self.records.briefing(path)
        checked: dict[Unit, OutputRecord | None] = {}  # the same file: its units, and which are up to date
        if known is not None and self.records.unchanged(path, known):
            units = self._units(path, known.id, known.languages, known.bilingual)
            checked = {unit: self.records.up_to_date(unit) for unit in units}
            records = list(checked.values())
            if all(records) and self.claimed.get(known.id) in (None, path):
                self.claimed[known.id] = path
                self.result.warnings += known.warnings(path)
                self.editions[path] = {unit.name for unit in units}
                pairs = zip(units, records, strict=True)
                return Entry(path, [_up_to_date(unit, record) for unit, record in pairs if record is not None])
        prepared = self._prepare(path, known)
        if prepared is None:
            return Entry(path)
        briefing = prepared.briefing
        units = self._units(path, briefing.id, briefing.languages, briefing.bilingual)
        self.editions[path] = {unit.name for unit in units}
        entry = Entry(path)
        for unit in units:
            record = checked[unit] if unit in checked else self.records.up_to_date(unit)
            if record is not None:
                entry.slots.append(_up_to_date(unit, record))
                continue
            from briefing.pipeline.build import Task

            toolchain = self.here.toolchain()
            inputs = self.records.digests.all(toolchain.inputs(unit, prepared, strict=self.request.strict))
            slot = Slot(unit, Queued(Task(unit, prepared, self.request), inputs))
            entry.slots.append(slot)
            self.dispatch.start(slot)
        return entry

    def _units(
        self, path: Path, briefing_id: str, languages: Sequence[str], pairs: Sequence[Sequence[str]]
    ) -> list[Unit]:
        return edition_units(path, briefing_id, languages, pairs, self.request, self.out_dir)

    def _likely_units(self, path: Path, known: BriefingRecord | None) -> int:
        """How many units a file not yet read gives: those the request names, or those of its last build.

        A briefing never built, with no editions named, is taken to have two
        (English and one more), as most do. A lone unit is built here, so a
        fork server started for it would import WeasyPrint for nothing.
        """
        if self.request.languages or self.request.pairs:
            return len(editions_shown(self.request.languages, self.request.pairs))
        if known is None:
            return 2
        return len(self._units(path, known.id, known.languages, known.bilingual))

    def _prepare(self, path: Path, known: BriefingRecord | None) -> Prepared | None:
        if len(self.request.files) > 1 or self._likely_units(path, known) > 1:  # a pool may come
            self.dispatch.warm_up()
        from briefing.pipeline.build import prepare

        toolchain = self.here.toolchain()
        digest = self.records.digests.of(path)  # before it is read, as every input
        try:
            prepared = prepare(path, toolchain, self.claimed)
        except BriefingError as error:
            self.result.failures.append(error)
            return None
        except Exception as error:  # a bug: this file fails, the batch goes on
            _add_internal_error(self.result, InternalError.of(path, error))
            return None
        self.result.warnings += prepared.warnings
        self.records.record_briefing(path, digest, prepared)
        return prepared


def _add_internal_error(result: BuildResult, error: InternalError) -> None:
    """A bug, once per file and message: both editions of a briefing may meet the same one."""
    seen = {(item.path, item.kind, item.message) for item in result.internal_errors}
    if (error.path, error.kind, error.message) not in seen:
        result.internal_errors.append(error)


def _up_to_date(unit: Unit, record: OutputRecord) -> Slot:
    return Slot(unit, Settled(UpToDate(unit, tuple(record.notes))))


def _stale_output_warnings(
    outputs: Mapping[str, OutputRecord], editions: Mapping[Path, set[str]], request: BuildRequest, out_dir: Path
) -> list[Problem]:
    """A warning for each output a file of the request made before that is no longer one of its editions.

    A language or a bilingual pair taken out, or the id changed: the old file
    stays in the folder, no longer follows the briefing, and could be sent out
    of date. It is the user's to delete (it may be wanted), so it is named, not
    removed. Only a request for the files' own editions knows which are theirs;
    checked at the end, when an output another file now makes is recorded as its.
    """
    if request.languages or request.pairs:
        return []
    suffix = f".{request.format}"
    stale: dict[Path, list[Path]] = {path: [] for path in editions}  # in the order of the request
    files = {os.path.abspath(path): path for path in editions}
    for name, record in sorted(outputs.items()):
        path = files.get(record.briefing)
        output = out_dir / name
        if path is not None and name.endswith(suffix) and name not in editions[path] and output.is_file():
            stale[path].append(output)
    warnings = []
    for path, outputs_of_path in stale.items():
        for output in outputs_of_path:
            message = (
                f"{display_path(output)} was made from this file but is no longer one of its editions "
                "(`id`, `languages`, `bilingual`): delete it if it is not wanted, so that no one sends it "
                "out of date"
            )
            warnings.append(Problem(display_path(path), None, None, "", message))
    return warnings
