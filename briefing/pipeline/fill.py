"""How full each printed page is: marks the print templates leave in each block, read back from the layout.

WeasyPrint's public API says where each element with an `id` is on its page
(`Page.anchors`: the top left of its box) and nothing of where a page's text
ends. So the print templates call `fill_mark()` at the end of every block a
page break does not split (a fact, a key figure, an event, an actor, a
position, a source, the timeline): an empty element at the block's end, out
of the flow (print.css's `.fill-mark`, so that pages look the same with or
without marks), whose anchor is the block's last line or its bottom. A block
a break may split (a paragraph of the summary) is marked at its start too,
`fill_mark(opens=True)`: when that is the last mark of a page, the block runs
on past the page's end, and the page is full.

The printer (pdf.py) reads from these marks whether a layout leaves the bottom
third of a page blank, and which of two layouts of as many pages fills them
better. A theme's template without marks has only the end anchor after the
sources, so only its last page is measured.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

# The mark after the last section (sections.html, bilingual.html): where the content ends.
END_ANCHOR = "end-of-briefing"
_MARK = re.compile(r"fill-(\d+)(-opens)?")


class FillMarks:
    """`fill_mark` of one rendered document: each call writes a new mark (`fill-7`, `fill-8-opens`)."""

    def __init__(self) -> None:
        self._count = 0

    def __call__(self, opens: bool = False) -> Markup:
        self._count += 1
        suffix = "-opens" if opens else ""
        return Markup(f'<span class="fill-mark" id="fill-{self._count}{suffix}"></span>')


def no_fill_marks(opens: bool = False) -> Markup:
    """`fill_mark` of a web page, which has no pages to fill."""
    return Markup("")


def page_fills(pages: Iterable[Any]) -> list[float | None]:
    """For each page, how far down its marked content reaches, as a share of the page's height.

    `None` for a page without a mark (one block filling it, or a template
    without marks): nothing says it is not full. `pages` are WeasyPrint's
    `Page`s, read only through their documented `anchors` and `height`.
    """
    fills: list[float | None] = []
    for page in pages:
        marks: list[tuple[float, bool, float]] = []  # (order in the document, opens a block, y)
        for name, position in page.anchors.items():
            y = position[1]  # documented as an (x, y) point; WeasyPrint 70 gives the box's corners, top first
            if (mark := _mark(name)) is not None:
                marks.append((*mark, y))
        if not marks or page.height <= 0:
            fills.append(None)
            continue
        _order, opens, _y = max(marks)
        fills.append(1.0 if opens else max(y for _order, _opens, y in marks) / page.height)
    return fills


def drop_marks(pages: Iterable[Any]) -> None:
    """Take the marks out of each page's `anchors`, once measured, before the PDF is written.

    They are the printer's, not the reader's: WeasyPrint writes every anchor
    as a named destination, and a reader's list of them would show `fill-1`
    to `fill-48` (about 1 % of the file's size).
    """
    for page in pages:
        for name in [name for name in page.anchors if _mark(name) is not None]:
            del page.anchors[name]


def _mark(name: str) -> tuple[float, bool] | None:
    """An anchor's place among the marks (the end last) and whether it opens a block; None for another anchor."""
    if name == END_ANCHOR:
        return math.inf, False
    if (found := _MARK.fullmatch(name)) is not None:
        return int(found[1]), found[2] is not None
    return None


def worst_fill(fills: Sequence[float | None]) -> float:
    """The emptiest page before the last (1.0 for a page of its own, or none measured)."""
    return min([fill for fill in fills[:-1] if fill is not None], default=1.0)
