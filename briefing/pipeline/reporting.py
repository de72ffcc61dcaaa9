"""What a batch reports, and when: outcomes in the order of the request, and the progress line.

Workers end in any order; a unit's outcome is reported only after those of
every unit before it, so the output of `--jobs 4` reads as that of `--jobs 1`.
The progress line counts the request's files whose outcomes are all reported,
and names the file whose unit the batch waits for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.pipeline.slots import Queued, Sent, Slot
from briefing.pipeline.units import Outcome


class Progress:
    """`done` of `total` files reported, for the listener's progress line."""

    def __init__(self, show: Callable[[int, int, Path | None], None], total: int) -> None:
        self._show = show
        self._total = total
        self._done = 0

    def start(self) -> None:
        self._show(0, self._total, None)

    def waiting_for(self, path: Path) -> None:
        self._show(self._done, self._total, path)

    def file_reported(self, next_path: Path | None) -> None:
        self._done += 1
        self._show(self._done, self._total, next_path)


@dataclass
class Entry:
    """A briefing file of the request and its units, reported in order."""

    path: Path
    slots: list[Slot] = field(default_factory=list)
    reported: int = 0


class InOrder:
    """The request's files not yet reported; `wait` settles a unit from its worker, `report` tells an outcome."""

    def __init__(self, progress: Progress, *, wait: Callable[[Slot], None], report: Callable[[Outcome], None]) -> None:
        self._entries: deque[Entry] = deque()
        self._progress = progress
        self._wait = wait
        self._report = report

    def add(self, entry: Entry) -> None:
        self._entries.append(entry)

    def report(self, *, block: bool, one: bool = False) -> bool:
        """Report, in order, every outcome that is ready; with `block`, wait for the rest (with `one`, for one).

        Returns whether it waited for a unit from a worker.
        """
        waited = False
        while self._entries:
            entry = self._entries[0]
            while entry.reported < len(entry.slots):
                slot = entry.slots[entry.reported]
                if isinstance(slot.state, Queued):
                    return waited  # held back until a second unit makes a pool worth it
                if isinstance(slot.state, Sent):
                    if (one and waited) or (not block and not slot.state.future.done()):
                        return waited
                    self._progress.waiting_for(entry.path)
                    self._wait(slot)
                    waited = True
                if slot.outcome is not None:
                    self._report(slot.outcome)
                entry.reported += 1
            self._entries.popleft()
            self._progress.file_reported(self._entries[0].path if self._entries else None)
        return waited
