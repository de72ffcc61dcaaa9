"""A line that WeasyPrint 70 would end on a soft hyphen without printing the hyphen breaks earlier.

This module owns the one change the tool makes to WeasyPrint's line breaking,
and it is the only place that relies on that part of WeasyPrint's internals
(pinned to 70.0; tests/test_line_ends.py names the assumptions).

What goes wrong: when the first line of a text box ends at a soft hyphen and
the hyphen itself does not fit (the line had room for "equip" but not for
"equip-"), WeasyPrint forces the hyphenated line, finds it too wide, and,
since the stylesheet lets an overlong token break anywhere (`overflow-wrap:
anywhere`), wraps the text by character instead: the line ends at the soft
hyphen, printed without a hyphen ("and equip" | "ment seized"). A reader
sees two words that are not words, a screen reader reads them, and a search
does not find the word. It happens most before a source number, which a word
joiner keeps with the last word, so that WeasyPrint breaks the text again,
narrower. Kozea/WeasyPrint#1214 and #2614 report the symptom.

What the tool does instead: that soft hyphen is taken out for this line, and
the line is broken again, so it ends at the break opportunity before it (an
earlier division of the word, printed with its hyphen, or the space before
the word). `split_first_line` is WeasyPrint's function that finds a text
box's first line; `install` puts the wrapper where WeasyPrint's inline
layout calls it, and only there (preferred widths and SVG text keep the
original).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

SOFT_HYPHEN = "\u00ad"
# Each retry takes out one soft hyphen of one word; a word has a few.
_MAX_RETRIES = 8


def install() -> None:
    """Make WeasyPrint's inline layout break lines through the wrapper below (once per process)."""
    from weasyprint.layout import inline

    if getattr(inline.split_first_line, "briefing_wrapper", False):
        return
    original = inline.split_first_line

    def split_first_line(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(text, style, *args, **kwargs)
        # What the last try was given: `text` but the divisions taken out, and which of its characters.
        shortened: str = text
        kept: Sequence[int] = range(len(text))
        for _ in range(_MAX_RETRIES):
            division = _wrong_division(result, shortened, style, lambda part: original(part, style, *args, **kwargs))
            if division is None:
                break
            # Try again without that division.
            shortened = shortened[:division] + shortened[division + 1 :]
            kept = [*kept[:division], *kept[division + 1 :]]
            result = original(shortened, style, *args, **kwargs)
        if len(shortened) == len(text):
            return result
        layout, length, resume_index, *rest = result
        return (
            layout,
            _in_original(length, shortened, kept, text),
            _in_original(resume_index, shortened, kept, text),
            *rest,
        )

    split_first_line.briefing_wrapper = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line


def _wrong_division(result: Any, text: str, style: Any, first_line: Callable[[str], Any]) -> int | None:
    """The index in `text` of the soft hyphen a first line wrongly ends at, or None if it is right.

    Wrong: printed without its hyphen; or hyphenated although the text up to
    the next space fits on the line (WeasyPrint 70 goes back to a division of
    an earlier word when the last word's hyphen does not fit: "the journal-"
    alone on a line, "ist intends to write" on the next).
    """
    layout, _length, resume_index, *_rest = result
    line = layout.text
    if resume_index is None:
        return None
    if line.endswith(SOFT_HYPHEN):
        return len(line) - 1
    hyphen = style["hyphenate_character"]
    if not line.endswith(SOFT_HYPHEN + hyphen):
        return None
    division = len(line) - len(hyphen) - 1
    space = text.find(" ", division)
    if space == -1:
        return None
    whole_words = first_line(text[:space])
    return division if whole_words[2] is None else None


def _in_original(offset: int | None, shortened: str, kept: Sequence[int], text: str) -> int | None:
    """A byte offset into the shortened text, as the offset of the same place in `text`."""
    if offset is None:
        return None
    characters = len(shortened.encode()[:offset].decode())
    position = kept[characters] if characters < len(kept) else len(text)
    return len(text[:position].encode())
