"""What a typesetter checks first on a page: nothing is printed over anything else, and no paper is wasted.

Word boxes come from poppler (`pdftotext -bbox`). The masthead is where texts of
unknown length meet: the TLP sharing limit (one to three lines, longer in
Albanian) beside the kicker and above the title, at every TLP level, in each
language and in the bilingual edition, with the example's title and with a long one.
A page is filled when its lowest line of text is near the bottom of the text area.
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
_PAGE_HEIGHT = re.compile(r'<page width="[\d.]+" height="([\d.]+)">')
# The print stylesheet's page margins: the running header is above the text area, the footer below it.
TOP_MARGIN, BOTTOM_MARGIN = 20 * 72 / 25.4, 18 * 72 / 25.4

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


def page_fills(path: Path) -> list[float]:
    """For each page, how far down its text area the lowest line of text reaches (0 empty, 1 full)."""
    output = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    fills = []
    for height, page in zip(_PAGE_HEIGHT.findall(output), _PAGE.findall(output), strict=True):
        top, bottom = TOP_MARGIN, float(height) - BOTTOM_MARGIN
        lines = [
            float(low)
            for _, high, _, low, _ in _WORD.findall(page)
            if float(high) > top - 1 and float(low) < bottom + 1
        ]
        fills.append((max(lines) - top) / (bottom - top) if lines else 0.0)
    return fills


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


# Below this, a page before the last has its bottom third blank: paper a reader turns for nothing.
FILLED = 2 / 3


def test_the_english_example_is_printed_on_four_full_pages(built: dict[str, Path]) -> None:
    """Laid out with the default spacing it took five: page 2 ended at 70%, page 4 at 67%, the last at 62%."""
    fills = page_fills(built["en"])
    assert len(fills) == 4
    assert min(fills) > 0.9, [round(fill, 2) for fill in fills]


@pytest.mark.parametrize("edition", ["en", "sq", "en+sq"])
def test_no_page_of_the_example_but_the_last_has_its_bottom_third_blank(
    built: dict[str, Path], every_kind: dict[str, Path], edition: str
) -> None:
    for path in (built[edition], every_kind[edition]):
        *pages, last = page_fills(path)
        assert pages and min(pages) >= FILLED, (path.name, [round(fill, 2) for fill in pages])
        assert last > 0.25, f"{path.name}: a last page of a few lines"


@pytest.mark.parametrize("edition", ["en", "sq", "en+sq"])
@pytest.mark.parametrize("level", LEVELS)
def test_no_page_with_a_long_title_at_any_tlp_level_has_its_bottom_third_blank(
    mastheads: dict[tuple[str, bool, str], Path], level: str, edition: str
) -> None:
    """With the long title, the default spacing left page 4 of English at 67% and page 6 of the bilingual at 64%."""
    *pages, last = page_fills(mastheads[(level, True, edition)])
    assert pages and min(pages) >= FILLED, [round(fill, 2) for fill in pages]
    assert last > 0.25


@pytest.mark.parametrize("edition", ["en", "sq"])
def test_no_page_of_long_albanian_texts_but_the_last_has_its_bottom_third_blank(
    every_date_form: dict[str, Path], edition: str
) -> None:
    """Long Albanian words in narrow columns, every date form: the last page may be one short section."""
    *pages, _last = page_fills(every_date_form[edition])
    assert pages and min(pages) >= FILLED, [round(fill, 2) for fill in pages]


def test_page_fill_is_seen(tmp_path: Path) -> None:
    """The measure above: a page whose text ends halfway down its text area is half full."""
    page = (
        '<!DOCTYPE html><html lang="en"><head><style>@page { size: A4; margin: 20mm 17mm 18mm 17mm }</style></head>'
        '<body style="margin: 0; font: 10pt sans-serif"><p style="margin: 0; padding-top: 125.5mm">Half way</p>'
        '<p style="break-before: page; margin: 0">Top</p></body></html>'
    )
    half, top = page_fills(_printed(page, tmp_path / "half.pdf"))
    assert 0.49 < half < 0.53
    assert top < 0.05


def test_overprinting_is_seen(tmp_path: Path) -> None:
    """The check above finds words printed over each other (the TLP line over a title, as it was)."""
    page = (
        '<!DOCTYPE html><html lang="en"><body style="font: 10pt sans-serif">'
        '<p style="position: absolute; top: 0">Limited disclosure: recipients can share this</p>'
        '<h1 style="position: absolute; top: 2pt; margin: 0">Albanian police raid</h1></body></html>'
    )
    assert ("Limited", "Albanian") in overprinted(_printed(page, tmp_path / "over.pdf"))


def _printed(page: str, path: Path) -> Path:
    """A page of HTML printed by WeasyPrint alone: what the measures above are tried on."""
    import weasyprint

    weasyprint.HTML(string=page).write_pdf(path)
    return path


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
