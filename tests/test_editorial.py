"""The editorial rules a machine can check (docs/editorial.md), through the real command line.

Warnings go to stderr as `warning: file:line:col: field: message`; they never
change the exit status, in `check` or in `build`, `--strict` included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, flat, line_of, pdf_text, run_cli

Writer = Callable[..., Path]

CONFIRMED_FROM_ONE = (
    "'confirmed' rests on a single source; cite a second, independent one, or make it 'reported' (docs/editorial.md)"
)
CUCI_QUOTE = (
    '        quote: "Unimaginable and intolerable violence and the reaction they have made to the State Police"'
)
SECOND_SOURCE = """  - id: second
    title: "A second, independent report"
    publisher: Another publisher
"""


def words(count: int) -> str:
    return " ".join(f"w{number}" for number in range(1, count + 1))


def long_quote(count: int) -> str:
    return f"{words(count)}."


def quote_warning(path: Path, count: int) -> str:
    return (
        f"warning: {path}:{line_of(path, 'w1 w2')}:16: statements[1].positions[0].quote: "
        f"the quote is {count} words long; quote at most 40 words and paraphrase the rest in the summary "
        "(docs/editorial.md)"
    )


def test_the_example_follows_every_rule() -> None:
    result = run_cli("check", EXAMPLE)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("sources", ["[euractiv]", "[euractiv, euractiv]"])
def test_check_warns_on_a_confirmed_fact_with_a_single_source(write_briefing: Writer, sources: str) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", f"    status: confirmed\n    sources: {sources}")
    )
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stdout == "ok albania-mek-raid-2023 (en, sq, en+sq)\n"
    assert result.stderr.splitlines() == [
        f"warning: {path}:{line_of(path, 'status: confirmed')}:13: facts[0].status: {CONFIRMED_FROM_ONE}"
    ]


def test_a_confirmed_fact_with_two_sources_is_not_warned_and_shows_its_label(
    write_briefing: Writer, tmp_path: Path
) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv, second]"),
        ("sources:\n  - id: euractiv", f"sources:\n{SECOND_SOURCE}  - id: euractiv"),
    )
    result = run_cli("build", path, "--out", tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert "CONFIRMED" in flat(pdf_text(tmp_path / "albania-mek-raid-2023.en.pdf"))
    assert "KONFIRMUAR" in flat(pdf_text(tmp_path / "albania-mek-raid-2023.sq.pdf"))


@pytest.mark.parametrize(("count", "warned"), [(40, False), (41, True), (75, True)])
def test_check_warns_on_a_quote_over_40_words(write_briefing: Writer, count: int, warned: bool) -> None:
    path = write_briefing((CUCI_QUOTE, f'        quote: "{long_quote(count)}"'))
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ([quote_warning(path, count)] if warned else [])


def test_a_dash_between_spaces_is_not_a_word(write_briefing: Writer) -> None:
    path = write_briefing((CUCI_QUOTE, f'        quote: "{words(20)} – {words(20)}"'))
    result = run_cli("check", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_words_are_counted_in_the_language_the_quote_was_given_in(write_briefing: Writer) -> None:
    """A short English rendering of a long Albanian quote is still a long quote."""
    path = write_briefing(
        (
            f"{CUCI_QUOTE}\n        quote_language: en",
            f'        quote: {{en: "A short rendering.", sq: "{long_quote(45)}"}}\n        quote_language: sq',
        ),
    )
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [quote_warning(path, 45)]


def test_a_claimed_fact_that_names_no_actor_is_fine(write_briefing: Writer) -> None:
    path = write_briefing(
        (
            "    status: reported\n    sources: [euractiv]",
            '    status: claimed\n    sources: [euractiv]\n  - text: "Residents are held against their will."\n'
            "    status: claimed\n    sources: [euractiv]",
        )
    )
    result = run_cli("check", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_build_prints_the_warnings_in_file_order_and_still_writes_under_strict(
    write_briefing: Writer, tmp_path: Path
) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv]"),
        (CUCI_QUOTE, f'        quote: "{long_quote(41)}"'),
    )
    expected = [
        f"warning: {path}:{line_of(path, 'status: confirmed')}:13: facts[0].status: {CONFIRMED_FROM_ONE}",
        quote_warning(path, 41),
    ]
    result = run_cli("build", path, "--lang", "en", "--format", "html", "--strict", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {tmp_path / 'albania-mek-raid-2023.en.html'}\n"
    assert result.stderr.splitlines() == expected  # once per briefing, not once per edition

    both = run_cli("build", path, "--format", "html", "--out", tmp_path)
    assert both.exit_code == 0, both.output
    assert both.stderr.splitlines() == expected


def test_a_broken_briefing_gets_its_errors_and_no_editorial_review(write_briefing: Writer) -> None:
    path = write_briefing(
        ("    status: reported\n    sources: [euractiv]", "    status: confirmed\n    sources: [euractiv]"),
        ("tlp: CLEAR", "tlp: WHITE"),
    )
    result = run_cli("check", path)
    assert result.exit_code == 2
    assert "warning" not in result.stderr
    assert f"{path}:{line_of(path, 'tlp: WHITE')}:6: tlp: 'WHITE' is not one of" in result.stderr
