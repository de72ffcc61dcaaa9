"""What a typesetter checks first on a page: nothing is printed over anything else.

Word boxes come from poppler (`pdftotext -bbox`). The masthead is where texts of
unknown length meet: the TLP sharing limit (one to three lines, longer in
Albanian) beside the kicker and above the title, at every TLP level, in each
language and in the bilingual edition, with the example's title and with a long one.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli

_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

LEVELS = ("GREEN", "AMBER", "AMBER+STRICT")
LONG_TITLE = (
    "Albanian police raid the compound of the People's Mojahedin Organization of Iran near Tirana, "
    "seize computers and servers, and face accusations of excessive force from the residents"
)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    text: str

    def covers(self, other: Box) -> bool:
        """Whether the two words are printed over each other (more than a sliver of each line)."""
        across = min(self.right, other.right) - max(self.left, other.left)
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        shorter = min(self.bottom - self.top, other.bottom - other.top)
        return across > 1.0 and down > 0.4 * shorter


def first_page_words(path: Path) -> list[Box]:
    output = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    (page,) = _PAGE.findall(output)
    boxes = []
    for left, top, right, bottom, text in _WORD.findall(page):
        boxes.append(Box(float(left), float(top), float(right), float(bottom), html.unescape(text)))
    return boxes


def overprinted(path: Path) -> list[tuple[str, str]]:
    words = first_page_words(path)
    return [(a.text, b.text) for a, b in combinations(words, 2) if a.covers(b)]


@pytest.fixture(scope="module")
def mastheads(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool, str], Path]:
    """The example's editions at each TLP level, with its own title and with a long one."""
    example = EXAMPLE.read_text(encoding="utf-8")
    made = {}
    for level in LEVELS:
        for long_title in (False, True):
            folder = tmp_path_factory.mktemp("masthead")
            text = example.replace("tlp: CLEAR", f"tlp: {level}", 1)
            if long_title:
                text = text.replace(
                    'title: "Albanian police raid the MEK compound near Tirana"', f'title: "{LONG_TITLE}"', 1
                )
            # Same id as the example: its Albanian catalog applies (a changed title shows in English, marked).
            briefing = folder / "albania-mek-raid-2023.yaml"
            briefing.write_text(text, encoding="utf-8")
            editions = ("--lang", "en", "--lang", "sq", "--bilingual", "en+sq", "--pdf", "plain", "--no-source")
            result = run_cli("build", briefing, *editions, "--out", folder / "out")
            assert result.exit_code == 0, result.output
            for edition in ("en", "sq", "en+sq"):
                made[(level, long_title, edition)] = folder / "out" / f"albania-mek-raid-2023.{edition}.pdf"
    return made


@pytest.mark.parametrize("edition", ["en", "sq", "en+sq"])
@pytest.mark.parametrize("long_title", [False, True], ids=["example-title", "long-title"])
@pytest.mark.parametrize("level", LEVELS)
def test_the_sharing_limit_is_never_printed_over_the_title(
    mastheads: dict[tuple[str, bool, str], Path], level: str, long_title: bool, edition: str
) -> None:
    path = mastheads[(level, long_title, edition)]
    text = " ".join(word.text for word in first_page_words(path))
    assert f"TLP:{level}" in text
    assert overprinted(path) == []


def test_overprinting_is_seen(tmp_path: Path) -> None:
    """The check above finds words printed over each other (the TLP line over a title, as it was)."""
    page = (
        '<!DOCTYPE html><html lang="en"><body style="font: 10pt sans-serif">'
        '<p style="position: absolute; top: 0">Limited disclosure: recipients can share this</p>'
        '<h1 style="position: absolute; top: 2pt; margin: 0">Albanian police raid</h1></body></html>'
    )
    import weasyprint

    path = tmp_path / "over.pdf"
    weasyprint.HTML(string=page).write_pdf(path)
    assert ("Limited", "Albanian") in overprinted(path)


def test_source_numbers_are_sorted_and_never_split_across_lines(tmp_path: Path) -> None:
    """`sources: [second, first]` prints "[1, 2]", on one line, wherever the line ends."""
    words = "The commission examined the agreement and the responsibilities of the institutions again"
    facts = "\n".join(
        f'  - {{text: "{" ".join(words.split()[: 3 + n % 11])} ({n}).", status: reported, sources: [second, first]}}'
        for n in range(36)
    )
    briefing = tmp_path / "refs.yaml"
    briefing.write_text(
        "schema: 1\nid: refs\nlanguage: en\nlanguages: [en]\ntitle: Source numbers\nas_of: 2024-02-29\n"
        "prepared_by: Test Desk\ntlp: CLEAR\nsummary: [One paragraph.]\n"
        f"facts:\n{facts}\n"
        "sources:\n  - {id: first, title: First report}\n  - {id: second, title: Second report}\n",
        encoding="utf-8",
    )
    result = run_cli("build", briefing, "--out", tmp_path, "--pdf", "plain", "--no-source")
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "refs.en.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert text.count("[1, 2]") == 36, text
