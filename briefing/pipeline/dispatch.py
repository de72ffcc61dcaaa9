"""Where a unit to build goes: this process, or a pool of worker processes (`workers`) started when worth it.

With `--jobs 1`, each unit is built here as it is planned. Otherwise the
first unit to build is held: if it stays the only one, it is built here and
no pool starts; a second one starts the pool, and both go to it. A worker
that dies breaks the pool with every unit it held: a new pool takes those
units, once; a unit whose worker dies again is refused, and the batch goes
on. This module imports `workers` only when a pool may come.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from briefing.errors import display_path
from briefing.pipeline.slots import Sent, Slot
from briefing.pipeline.units import InternalError, Refused
from briefing.pipeline.vocabulary import OutputFormat
from briefing.workspace import Workspace

if TYPE_CHECKING:
    from briefing.pipeline.model import ThemeSettings
    from briefing.pipeline.workers import Result

# Tasks sent ahead of the one whose outcome is reported next, per worker: enough to keep
# every worker busy while a long unit holds the line, few enough to keep memory flat.
AHEAD_PER_WORKER = 4


class Dispatch:
    """Builds a unit here, holds it, or sends it to the pool, which starts with the second unit to build."""

    def __init__(
        self,
        workspace: Workspace,
        jobs: int,
        output_format: OutputFormat,
        theme: Callable[[], ThemeSettings | None],
        *,
        build_here: Callable[[Slot], None],
        notice: Callable[[str], None],
    ) -> None:
        self._workspace = workspace
        self._theme = theme
        self._jobs = jobs
        self._format = output_format
        self._build_here = build_here
        self._notice = notice
        self._workers: _Workers | None = None
        self._held: Slot | None = None

    @property
    def too_far_ahead(self) -> bool:
        return self._workers is not None and self._workers.in_flight > AHEAD_PER_WORKER * self._jobs

    def warm_up(self) -> None:
        """Start the fork server if a pool may come, so that it imports while this process reads the briefings."""
        if self._workers is None and self._jobs > 1:
            from briefing.pipeline.workers import start_server

            start_server()

    def start(self, slot: Slot) -> None:
        if self._jobs == 1:
            self._build_here(slot)
            return
        if self._workers is None:
            if self._held is None:
                self._held = slot
                return
            self._workers = _Workers(self._workspace, self._jobs, self._format, self._theme(), self._notice)
            held, self._held = self._held, None
            self._workers.send(held)
        self._workers.send(slot)

    def build_the_held_one(self) -> None:
        """The unit held back stayed the only one to build: no pool for it."""
        if self._held is not None:
            held, self._held = self._held, None
            self._build_here(held)

    def wait(self, slot: Slot) -> Result:
        assert self._workers is not None, "only a unit sent to a worker is waited for"
        return self._workers.wait(slot)

    def stop(self, *, now: bool) -> None:
        if self._workers is not None:
            self._workers.stop(now=now)


class _Workers:
    """The pool and the units sent to it, until their results are read; a new pool after a worker died."""

    def __init__(
        self,
        workspace: Workspace,
        jobs: int,
        output_format: OutputFormat,
        theme: ThemeSettings | None,
        notice: Callable[[str], None],
    ) -> None:
        from briefing.pipeline.workers import Pool

        self._new_pool = lambda: Pool(workspace, jobs, output_format, theme)
        self._notice = notice
        self._pool = self._new_pool()
        self._sent: list[Slot] = []  # in the order sent

    @property
    def in_flight(self) -> int:
        return len(self._sent)

    def send(self, slot: Slot) -> None:
        slot.send(self._pool.submit(slot.task))
        self._sent.append(slot)

    def wait(self, slot: Slot) -> Result:
        result = self._result(slot)
        self._sent.remove(slot)
        return result

    def stop(self, *, now: bool) -> None:
        self._pool.stop(now=now)

    def _result(self, slot: Slot) -> Result:
        assert isinstance(slot.state, Sent)
        try:
            return slot.state.future.result()
        except BrokenProcessPool:
            return self._after_a_worker_died(slot, slot.state)
        except (CancelledError, Exception) as error:
            return InternalError.of(slot.unit.briefing, error)

    def _after_a_worker_died(self, slot: Slot, sent: Sent) -> Result:
        """A worker ended abruptly (killed, out of memory), and the pool broke with every unit it held.

        A new pool takes those units, once: a unit whose worker dies again is
        not built, in one line, and the batch goes on. (A unit that kills every
        worker it is given takes down, in its second pool, the units it shares it with.)
        """
        if sent.resent:
            output = display_path(slot.unit.output)
            return Refused(
                slot.unit,
                (f"{output}: not built: its worker process ended abruptly twice (killed, or out of memory?)",),
            )
        self._notice(
            "warning: a worker process ended abruptly (killed, or out of memory?); "
            "the editions it was building are built again in new ones"
        )
        self._pool.stop(now=True)
        self._pool = self._new_pool()
        for waiting in self._sent:
            assert isinstance(waiting.state, Sent)
            future = waiting.state.future
            if future.done() and not future.cancelled() and future.exception() is None:
                continue  # built before the pool broke
            waiting.send(self._pool.submit(waiting.task))
        return self._result(slot)
