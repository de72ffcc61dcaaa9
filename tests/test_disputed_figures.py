"""A disputed figure: each source's number side by side, in English and Albanian, and what the format refuses."""

from __future__ import annotations

import html as html_module
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, PROJECT, run_cli

DISPUTED = """  - label: "Person who died"
    sources: [euractiv, other]
    values:
      - value: 1
        sources: [euractiv]
      - value: 2
        qualifier: at_least
        according_to: mek
        sources: [other]
"""
SINGLE = """  - value: 1
    qualifier: exact
    label: "Person who died"
    sources: [euractiv]
"""
OTHER_SOURCE = """  - id: other
    title: "Another outlet's report"
"""


def _workspace(tmp_path: Path, figure: str = DISPUTED) -> Path:
    (tmp_path / "briefings").mkdir()
    shutil.copytree(PROJECT / "locales", tmp_path / "locales")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(SINGLE) == 1
    text = text.replace(SINGLE, figure) + OTHER_SOURCE
    (tmp_path / "briefings" / EXAMPLE.name).write_text(text, encoding="utf-8")
    return tmp_path


def _figure_html(html: str, label: str) -> str:
    start = html.index(label)
    figure = html.rindex('<li class="figure">', 0, start)  # the web edition's card
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", html[figure : html.index("</li>", start)]))
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


@pytest.mark.parametrize(
    ("language", "label", "shown"),
    [
        (
            "en",
            "Person who died",
            "1 [ 1 ] / at least 2 [ 2 ] Person who died [ 1 , 2 ] The sources give different numbers "
            "at least 2 according to: People's Mojahedin Organization of Iran (MEK)",
        ),
        (
            "sq",
            "Person që humbi jetën",
            "1 [ 1 ] / të paktën 2 [ 2 ] Person që humbi jetën [ 1 , 2 ] Burimet japin shifra të ndryshme "
            "të paktën 2, shifër e dhënë nga Organizata e Muxhahedinëve të Popullit të Iranit (MEK)",
        ),
    ],
)
def test_each_source_s_number_is_shown_with_its_source(tmp_path: Path, language: str, label: str, shown: str) -> None:
    workspace = _workspace(tmp_path)
    result = run_cli(
        "--workspace", workspace, "build", "--format", "html", "--lang", language, "--out", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / f"albania-mek-raid-2023.{language}.html").read_text(encoding="utf-8")
    assert _figure_html(html, label) == shown


@pytest.mark.parametrize(
    ("figure", "field", "message"),
    [
        (
            '  - label: "Person who died"\n    sources: [euractiv]\n',
            "figures[3]",
            "give the number: `value`, or `values` when sources disagree on it",
        ),
        (
            '  - label: "Person who died"\n    sources: [euractiv]\n    values:\n      - value: 1\n        sources: [euractiv]\n',
            "figures[3].values",
            "a disputed figure shows at least two values; with one, write `value`",
        ),
        (
            DISPUTED.replace("    sources: [euractiv, other]\n", "    sources: [euractiv]\n"),
            "figures[3].values[1].sources[0]",
            "'other' is not among the figure's sources ([euractiv]); add it there too",
        ),
        (
            DISPUTED.replace("    sources: [euractiv, other]\n", "    value: 1\n    sources: [euractiv, other]\n"),
            "figures[3].values",
            "give either `value` or `values` (a disputed figure), not both",
        ),
        (
            DISPUTED.replace(
                "    sources: [euractiv, other]\n", "    according_to: mek\n    sources: [euractiv, other]\n"
            ),
            "figures[3].according_to",
            "credit each of a disputed figure's values: `values[].according_to`",
        ),
    ],
)
def test_a_figure_gives_one_value_or_at_least_two(tmp_path: Path, figure: str, field: str, message: str) -> None:
    workspace = _workspace(tmp_path, figure)
    result = run_cli("check", workspace / "briefings" / EXAMPLE.name)
    assert result.exit_code == 2
    assert [line.split(": ", 1)[1] for line in result.stderr.splitlines()] == [f"{field}: {message}"]
