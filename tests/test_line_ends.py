"""Every division prints its hyphen, and a line never ends on an earlier word's division.

WeasyPrint 70 got both wrong in the example (briefing/pipeline/line_ends.py):
"bastis" | "jes [1]" in a key-figure card, "equip" | "ment seized. [1]" and
"Shumë prej poli-" alone on a line in the bilingual edition, "journal-" alone
in the English one. The PDFs are read back as a reader gets them.
"""

from __future__ import annotations

import inspect
import itertools
import re
from pathlib import Path

import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.text import line_break

from briefing.pipeline import line_ends
from tests.conftest import DIVISIONS, PROJECT, pdf_text

EDITIONS = ("en", "sq", "en+sq")
_LETTERS = r"[^\W\d_]+"


def _words_of_the_example() -> set[str]:
    written = (PROJECT / "briefings" / "albania-mek-raid-2023.yaml").read_text(encoding="utf-8")
    written += (PROJECT / "locales" / "sq" / "LC_MESSAGES" / "albania-mek-raid-2023.po").read_text(encoding="utf-8")
    return set(re.findall(_LETTERS, written.lower()))


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_word_divided_at_a_line_end_always_shows_its_hyphen(built: dict[str, Path], edition: str) -> None:
    words = _words_of_the_example()
    lines = [line.strip() for line in pdf_text(built[edition]).splitlines()]
    unmarked = []
    for line, following in itertools.pairwise(lines):
        head = re.search(rf"({_LETTERS})$", line)  # ends on a letter: no hyphen
        tail = re.match(_LETTERS, following)
        if head and tail and (head.group(1) + tail.group()).lower() in words and tail.group().lower() not in words:
            unmarked.append(f"{line[-24:]} | {following[:24]}")
    assert unmarked == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_divided_line_is_never_left_short(built: dict[str, Path], edition: str) -> None:
    lines = [line.strip() for line in pdf_text(built[edition]).splitlines()]
    divided = [line for line in lines if line.endswith(DIVISIONS)]
    assert divided, "the example is hyphenated"
    short = [
        f"{line} | {following[:30]}"
        for line, following in itertools.pairwise(lines)
        if line.endswith(DIVISIONS) and len(line) < 0.6 * len(following)
    ]
    assert short == []


def test_the_weasyprint_internals_the_fix_relies_on() -> None:
    """What line_ends assumes of WeasyPrint: re-read briefing/pipeline/line_ends.py when this fails."""
    assert weasyprint.__version__ == "70.0"
    parameters = list(inspect.signature(line_break.split_first_line).parameters)
    assert parameters[:4] == ["text", "style", "context", "max_width"]
    source = inspect.getsource(line_break.split_first_line)
    # The two branches that end a line on a bare soft hyphen, or on an earlier word's division.
    assert "Is it really OK to remove hyphenation for word-break" in source
    assert "soft_hyphen_indexes.reverse()" in source
    # The inline layout calls it by the name line_ends replaces.
    assert "split_first_line(" in inspect.getsource(inline.split_text_box)
    line_ends.install()
    assert getattr(inline.split_first_line, "briefing_wrapper", False)
    assert not getattr(line_break.split_first_line, "briefing_wrapper", False)
