"""Shared fixtures: the example briefing built once per session, and readers for real PDFs.

Every tagged PDF a test builds through `run_cli` is checked against the
Matterhorn conditions of `tests/matterhorn.py` on the way.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.translation.catalogs import CatalogSet, InterfaceCatalog
from briefing.workspace import Workspace, packaged_resources
from tests import matterhorn

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "briefings" / "albania-mek-raid-2023.yaml"
EXAMPLE_ID = "albania-mek-raid-2023"
# A briefing with every kind of item: a logo, every status and date precision, quotes in other languages.
EVERY_KIND = PROJECT / "tests" / "data" / "every-kind.yaml"
_WROTE = re.compile(r"^wrote (.+\.pdf) \(\d+ pages?\)$", re.MULTILINE)


REPOSITORY = Workspace(PROJECT)  # the repository is the first workspace


def catalogs(workspace: Workspace = REPOSITORY) -> CatalogSet:
    """A fresh set of catalogs, as one run of the command line reads them."""
    return CatalogSet(workspace, packaged_resources())


def interface(language: str, workspace: Workspace = REPOSITORY) -> InterfaceCatalog:
    return catalogs(workspace).interface(language)


def run_cli(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    for written in _WROTE.findall(result.output):
        assert_accessible_if_tagged(Path(written))
    return result


def assert_accessible_if_tagged(path: Path) -> None:
    """A tagged PDF meets every Matterhorn condition we check; a plain one is not meant to."""
    with pikepdf.open(path) as pdf:
        tagged = "/StructTreeRoot" in pdf.Root
    if tagged:
        failures = matterhorn.failures(path)
        assert not failures, f"{path.name}:\n" + "\n".join(failures)


def pdf_text(path: Path, *, page: int | None = None) -> str:
    """What a reader sees: poppler's text, with non-breaking spaces kept."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*command, str(path), "-"], check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Text as one line: words hyphenated at line ends (U+2010) joined, white space folded."""
    text = re.sub(r"\u2010\n", "", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example briefing built into PDFs, as `make demo` does."""
    out = tmp_path_factory.mktemp("output")
    result = run_cli("build", EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    return {lang: out / f"{EXAMPLE_ID}.{lang}.pdf" for lang in ("en", "sq")}


@pytest.fixture(scope="session")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefing with every kind of item, built into both editions."""
    out = tmp_path_factory.mktemp("every-kind")
    result = run_cli("build", EVERY_KIND, "--out", out)
    assert result.exit_code == 0, result.output
    return {lang: out / f"every-kind.{lang}.pdf" for lang in ("en", "sq")}


@pytest.fixture
def write_briefing(tmp_path: Path) -> Callable[..., Path]:
    """Write a variant of the example briefing: `replace` pairs are applied to its text."""

    def write(*replacements: tuple[str, str], text: str | None = None, name: str = "variant.yaml") -> Path:
        content = EXAMPLE.read_text(encoding="utf-8") if text is None else text
        for old, new in replacements:
            assert old in content, f"test setup: {old!r} not in the example"
            content = content.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
