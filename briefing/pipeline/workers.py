"""Worker processes for `build --jobs N`: each builds units with its own warm Toolchain.

The pool is a `concurrent.futures.ProcessPoolExecutor` on the 'forkserver'
start method. Not 'fork': the parent has threads (the executor's own, and
those of libraries), and a fork copies their locks in whatever state they
happen to be in; Python 3.12 warns about it and 3.14 no longer forks by
default. Not 'spawn' either, which would import WeasyPrint and the pipeline
again in every worker: the fork server is a fresh, single-threaded process
that imports them once (this module is its preload) and forks each worker
from there, so a worker starts with them imported. Each worker then makes
its Toolchain once (catalogs, templates, WeasyPrint's FontConfiguration and
the parsed stylesheets) and keeps it for every unit it is given. The
parent starts the server as soon as it sees more than one unit may need
building, so that the server imports while the parent reads the briefings.

A task and its result are plain data (`build.Task` in; `units.Written`,
`Refused`, `InternalError` or `SetupFailed` out), so nothing but pickles
crosses between processes. A worker ignores SIGINT: Ctrl-C is the parent's
to handle, and it stops the workers (`Pool.stop(now=True)`: SIGTERM). A
worker killed while it writes an output still leaves a whole file or none,
since `write` holds SIGTERM back for the few milliseconds of the rename.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError
from briefing.pipeline.units import InternalError, Refused, Written
from briefing.pipeline.vocabulary import OutputFormat
from briefing.workspace import Workspace

if TYPE_CHECKING:
    from briefing.pipeline.build import Task, Toolchain
    from briefing.pipeline.model import ThemeSettings

# What the fork server imports once, and every worker has imported from its first moment. This
# module imports the pipeline only there (and in the workers): the parent may start the server
# before it reads a briefing, so that both import at once.
# `orphans` makes the server end with the build: it is imported there and nowhere else.
PRELOAD = ["briefing.pipeline.orphans", "briefing.pipeline.build", "weasyprint", __name__]


@dataclass(frozen=True)
class SetupFailed:
    """The worker's Toolchain could not be made (a theme stylesheet that fetches from outside): the batch stops."""

    lines: tuple[str, ...]


Result = Written | Refused | InternalError | SetupFailed

# One per worker process, made by `_start` before its first task.
_toolchain: Toolchain | None = None
_failure: SetupFailed | InternalError | None = None


def _start(
    workspace_root: str, output_format: OutputFormat, theme: ThemeSettings | None, started: SimpleQueue[int]
) -> None:
    global _toolchain, _failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    started.put(os.getpid())  # before any task: a worker that runs one is known to the parent, who may stop it
    from briefing.pipeline.orphans import end_with_parent

    end_with_parent(os.getppid())  # the fork server, which ends with the build
    from briefing.pipeline.build import Toolchain

    try:
        toolchain = Toolchain(Workspace(Path(workspace_root)), theme=theme)  # as the parent read theme.yaml
        if output_format != "html":  # a Word edition's timeline is drawn by the printer too
            toolchain.printer  # noqa: B018 - FontConfiguration and stylesheets, once for every unit of this worker
        _toolchain = toolchain
    except BriefingError as error:
        _failure = SetupFailed(tuple(error.messages()))
    except Exception as error:  # a bug: reported for each unit this worker is given
        _failure = InternalError.of(Path(workspace_root), error)


def _work(task: Task) -> Result:
    if _failure is not None:
        if isinstance(_failure, InternalError):
            return replace(_failure, path=task.unit.briefing)
        return _failure
    from briefing.pipeline.build import build_unit

    assert _toolchain is not None
    return build_unit(task, _toolchain)


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # effective for the first server of this process, which lives on
    return context


def start_server() -> None:
    """Start the fork server now, so that it imports WeasyPrint while this process reads the briefings."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


class Pool:
    """Up to `jobs` worker processes for one run."""

    def __init__(
        self, workspace: Workspace, jobs: int, output_format: OutputFormat, theme: ThemeSettings | None
    ) -> None:
        context = _context()
        # Each worker's pid, as it starts: the executor has no public way to stop a running task
        # before Python 3.14 (`terminate_workers`), so `stop(now=True)` signals the workers itself.
        self._started: SimpleQueue[int] = context.SimpleQueue()
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start,
            initargs=(str(workspace.root), output_format, theme, self._started),
        )

    def submit(self, task: Task) -> Future[Result]:
        """The task's future; if the pool broke since its last result was read, a future that says so.

        A worker can die while the parent reads the next briefing; the executor
        then refuses new tasks by raising. The batch learns of a death from the
        futures it waits on, so this one says it as they do, and the task is
        sent to the new pool with the others.
        """
        try:
            return self._executor.submit(_work, task)
        except BrokenProcessPool as error:
            broken: Future[Result] = Future()
            broken.set_exception(error)
            return broken

    def stop(self, *, now: bool) -> None:
        """Let the workers go; with `now` (Ctrl-C, a dead worker), terminate them at once instead.

        SIGTERM, as `Process.terminate` sends: a worker writing an output
        finishes the rename first (`write`). A worker already gone is skipped
        (the one whose death stops this pool freed its pid only as the pool
        broke: far too short a time for the system to give it to another).
        """
        if now:
            while not self._started.empty():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._started.get(), signal.SIGTERM)
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._started.close()
