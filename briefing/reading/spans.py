"""Sets of character spans that answer "does this span overlap one of them?" in logarithmic time.

Reading a long text finds thousands of candidates; checking each against every other would make
the time grow with the square of the text's length.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanSet:
    """Half-open spans [start, end); `add_if_free` keeps them disjoint, the constructor need not."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end)  # spans starting before `end`
        return index > 0 and self._ends[index - 1] > start

    def add_if_free(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps one already there; whether it was added."""
        if self.overlaps(start, end):
            return False
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True
