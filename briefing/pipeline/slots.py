"""One unit of a batch through its life: up to date, or queued, sent to a worker, and settled.

A slot is in one state at a time, and only moves forward:

    Queued ──send──▶ Sent ──send again, once its worker died──▶ Sent
      │               │
      └─────settle────┴──▶ Settled: up to date, built, or (no outcome) refused or failed

A unit up to date is settled from the start. Until a unit is settled, its
task and the digests of its inputs stay with it: a new pool may need the
task, and the manifest records the digests once the output is written.
This module imports nothing heavy: a build with nothing to do uses it too.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.pipeline.manifest import Digest
from briefing.pipeline.units import Outcome, Unit

if TYPE_CHECKING:
    from briefing.pipeline.build import Task
    from briefing.pipeline.workers import Result


@dataclass(frozen=True)
class Queued:
    """To build, in no worker: held until a second unit makes a pool worth it, or built in this process."""

    task: Task
    # Hashed before the unit is built: an input saved during the build makes the next one redo it.
    inputs: dict[str, Digest]


@dataclass(frozen=True)
class Sent:
    """In a worker; `resent` once its first worker died and it went to a new pool."""

    task: Task
    inputs: dict[str, Digest]
    future: Future[Result]
    resent: bool = False


@dataclass(frozen=True)
class Settled:
    """Nothing left to do: `outcome` is reported; None when refused or failed, as the result's failures say."""

    outcome: Outcome | None


@dataclass(eq=False)
class Slot:
    unit: Unit
    state: Queued | Sent | Settled

    @property
    def task(self) -> Task:
        assert not isinstance(self.state, Settled), "a settled unit has nothing left to build"
        return self.state.task

    @property
    def inputs(self) -> dict[str, Digest]:
        assert not isinstance(self.state, Settled), "a settled unit's inputs are in the manifest"
        return self.state.inputs

    @property
    def outcome(self) -> Outcome | None:
        return self.state.outcome if isinstance(self.state, Settled) else None

    def send(self, future: Future[Result]) -> None:
        """In a worker now; a unit sent before is sent again because its worker died."""
        assert not isinstance(self.state, Settled), "a settled unit is not built again"
        self.state = Sent(self.state.task, self.state.inputs, future, resent=isinstance(self.state, Sent))

    def settle(self, outcome: Outcome | None) -> None:
        self.state = Settled(outcome)
