"""Shared fixtures: the example briefing built once per session, and readers for real PDFs.

Every tagged PDF a test builds through `run_cli` is checked against the
Matterhorn conditions of `tests/matterhorn.py` on the way.
"""

from __future__ import annotations

import atexit
import gc
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.translation.catalogs import CatalogSet, InterfaceCatalog
from briefing.workspace import Workspace, packaged_resources
from tests import matterhorn
from tests.zygote import Zygote, starts_alike

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "briefings" / "albania-mek-raid-2023.yaml"
EXAMPLE_ID = "albania-mek-raid-2023"
# A briefing with every kind of item: a logo, every status and date precision, quotes in other languages.
EVERY_KIND = PROJECT / "tests" / "data" / "every-kind.yaml"
_WROTE = re.compile(r"^wrote (.+\.pdf) \(\d+ pages?\)$", re.MULTILINE)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting imported (the tool, WeasyPrint, every test module) stays to the end: out of the
    collector's sight (`gc.freeze`), the builds the tests run in this process no longer walk it again."""
    gc.freeze()


REPOSITORY = Workspace(PROJECT)  # the repository is the first workspace
BRIEFING = Path(sys.executable).with_name("briefing")  # the installed command


# The suite's builds are made one edition at a time in the command's own process, as with
# `--jobs 1` on a machine with one CPU: pytest-xdist already keeps every CPU busy, and a pool's
# fork server would import WeasyPrint once more for each build. The tests of the pool ask for
# `--jobs 2`; `tests/test_incremental.py` shows both write the same bytes.
ONE_JOB = {"BRIEFING_JOBS": "1"}


def _user_environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_WORKSPACE", "PYTHONPATH")}
    return {**environment, **ONE_JOB}


def run_in(
    cwd: Path,
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    fresh_process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, in `cwd`, as a user far from this repository runs it.

    The process is forked from one that has imported the tool (`tests/zygote.py`),
    unless `fresh_process` (a test that compares two runs' bytes: each run its own
    hash seed) or the environment changes how Python starts.
    """
    argv = [str(BRIEFING), *map(str, args)]
    environment = {**_user_environment(), **(env or {})}
    zygote = None if fresh_process else _zygote()
    if zygote is None or not starts_alike(zygote.environment, environment):
        return subprocess.run(argv, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)
    return zygote.run(argv, cwd=cwd, env=environment, timeout=timeout)


_zygotes: list[Zygote] = []


def _zygote() -> Zygote | None:
    """This test process's zygote, started at its first command; none when every command is to start afresh."""
    if os.environ.get("BRIEFING_TEST_FRESH_PROCESSES") == "1" or "coverage" in sys.modules:
        return None
    if not _zygotes:
        _zygotes.append(Zygote(sys.executable, _user_environment(), EXAMPLE))
        atexit.register(_zygotes[0].close)
    return _zygotes[0]


def only_dejavu_fonts(folder: Path) -> dict[str, str]:
    """The environment of a machine whose fontconfig knows only DejaVu (no Noto): a config file in `folder`."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}


def catalogs(workspace: Workspace = REPOSITORY) -> CatalogSet:
    """A fresh set of catalogs, as one run of the command line reads them."""
    return CatalogSet(workspace, packaged_resources())


def interface(language: str, workspace: Workspace = REPOSITORY) -> InterfaceCatalog:
    return catalogs(workspace).interface(language)


def run_cli(*args: str | Path) -> Result:
    result = CliRunner(env=ONE_JOB).invoke(main, [str(a) for a in args], catch_exceptions=False)
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


# A word divided at a line end, in poppler's text: the hyphen reads as U+00AD in a tagged PDF
# (briefing/finishing/text.py), as WeasyPrint's U+2010 in a plain one.
DIVISIONS = ("\u00ad", "\u2010")


def flat(text: str) -> str:
    """Text as one line: words divided at line ends joined, white space folded.

    A division reads as U+00AD in a tagged PDF (ISO 32000-1, 14.8.2.4.3), as
    WeasyPrint's U+2010 in a plain one.
    """
    text = re.sub(r"[\u2010\u00ad]\n", "", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """`briefing build` of the example, as `make demo` runs it: the output folder, and what the command said."""
    out = tmp_path_factory.mktemp("output")
    result = run_cli("build", EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def built(example_build: tuple[Path, Result]) -> dict[str, Path]:
    """The example briefing built into PDFs: each language's edition, and the bilingual one."""
    out, _ = example_build
    return {lang: out / f"{EXAMPLE_ID}.{lang}.pdf" for lang in ("en", "sq", "en+sq")}


@pytest.fixture(scope="session")
def plain_english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's English edition as `build --lang en --pdf plain` writes it (untagged, its source attached)."""
    out = tmp_path_factory.mktemp("plain")
    result = run_cli("build", EXAMPLE, "--lang", "en", "--pdf", "plain", "--out", out)
    assert result.exit_code == 0, result.output
    return out / f"{EXAMPLE_ID}.en.pdf"


# A briefing with a chronology entry for every date form, its texts in both
# languages inline, long Albanian words in narrow columns, and long names.
EVERY_DATE_FORM_BRIEFING = """\
schema: 1
id: every-date-form
language: en
languages: [en, sq]
title: {en: "Every date form", sq: "Çdo formë e datës"}
as_of: 2023-06-21
prepared_by: {en: "Briefing project (test)", sq: "Projekti i përmbledhjeve informative (provë)"}
tlp: AMBER+STRICT
summary:
  - en: "Since March 2021 the parliamentary commission has examined the contracts."
    sq: "Që nga marsi 2021, komisioni parlamentar ka shqyrtuar kontratat dhe marrëveshjet ndërkombëtare, ndërsa përfaqësuesit e shoqërisë civile kanë kërkuar transparencë të plotë për përmbledhjet informative dhe për vendimmarrjen e institucioneve qeveritare gjatë mosmarrëveshjeve të vazhdueshme."
figures:
  - value: 12500
    qualifier: over
    label: {en: "Documents examined", sq: "Dokumente të shqyrtuara nga komisioni parlamentar"}
    according_to: commission
    sources: [s]
chronology:
{chronology}
actors:
  - id: commission
    name: {en: "Parliamentary Commission of Inquiry into International Agreements", sq: "Komisioni Parlamentar i Hetimit për Marrëveshjet Ndërkombëtare"}
    kind: organisation
    role: {en: "Examines the contracts.", sq: "Shqyrton kontratat, marrëveshjet dhe përgjegjësitë e institucioneve qeveritare."}
  - id: ministry
    name: {en: "Ministry for Europe and Foreign Affairs", sq: "Ministria për Evropën dhe Punët e Jashtme"}
    kind: state
statements:
  - question: {en: "Were the contracts lawful?", sq: "A ishin të ligjshme kontratat?"}
    positions:
      - actor: commission
        said: "2022-09~"
        summary: {en: "No.", sq: "Jo, sepse procedurat e prokurimit nuk respektuan kërkesat e transparencës dhe të konkurrueshmërisë."}
        sources: [s]
      - actor: ministry
        said: "2021-03-20%/.."
        summary: {en: "Yes.", sq: "Po, sepse marrëveshjet u miratuan nga institucionet përgjegjëse pas shqyrtimit të kujdesshëm."}
        sources: [s]
sources:
  - {id: s, title: "Test source", published: 2023-06-20}
"""

# Every EDTF form of the chronology, with how each edition must print it.
EVERY_DATE_FORM_ENTRIES = [  # in date order
    ("1985", "1985", "1985"),
    ("199X~", "c. the 1990s", "rreth viteve 1990"),
    ("200X", "the 2000s", "vitet 2000"),
    ("201X?", "the 2010s (uncertain)", "vitet 2010 (datë e pasigurt)"),
    ("2013~", "c. 2013", "rreth vitit 2013"),
    ("2013/..", "since 2013", "që nga viti 2013"),
    ("2014~/..", "since c. 2014", "afërsisht që nga viti 2014"),
    ("2015?", "2015 (uncertain)", "2015 (datë e pasigurt)"),
    ("2016%", "c. 2016 (uncertain)", "rreth vitit 2016 (datë e pasigurt)"),
    ("2017/2019", "2017 – 2019", "2017 – 2019"),
    ("2021-03/..", "since March 2021", "që nga marsi 2021"),
    ("2021-03-20/..", "since 20 March 2021", "që nga data 20 mars 2021"),
    ("2021-05~", "c. May 2021", "rreth majit 2021"),
    ("2022-09~", "c. September 2022", "rreth shtatorit 2022"),
    ("2022-11?", "November 2022 (uncertain)", "nëntor 2022 (datë e pasigurt)"),
    ("2022-12-07~", "c. 7 December 2022", "rreth datës 7 dhjetor 2022"),
    ("2023-06-20", "20 June 2023", "20 qershor 2023"),
]
_CHRONOLOGY_TEXT = (
    '{en: "The parliamentary commission examined the international agreement and the responsibilities of '
    'government institutions, while representatives of civil society asked for transparency.", '
    'sq: "Komisioni parlamentar shqyrtoi marrëveshjen ndërkombëtare dhe përgjegjësitë e institucioneve '
    'qeveritare, ndërsa përfaqësuesit e shoqërisë civile kërkuan transparencë."}'
)


@pytest.fixture(scope="session")
def every_date_form(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefing above built into both editions."""
    folder = tmp_path_factory.mktemp("every-date-form")
    chronology = "\n".join(
        f'  - {{date: "{edtf}", text: {_CHRONOLOGY_TEXT}, sources: [s]}}'
        for edtf, _english, _albanian in EVERY_DATE_FORM_ENTRIES
    )
    path = folder / "every-date-form.yaml"
    path.write_text(EVERY_DATE_FORM_BRIEFING.replace("{chronology}", chronology), encoding="utf-8")
    result = run_cli("build", path, "--out", folder / "output", "--strict")
    assert result.exit_code == 0, result.output
    return {lang: folder / "output" / f"every-date-form.{lang}.pdf" for lang in ("en", "sq")}


@pytest.fixture(scope="session")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The briefing with every kind of item, built into both editions and both bilingual ones."""
    out = tmp_path_factory.mktemp("every-kind")
    editions = ["--lang", "en", "--lang", "sq", "--bilingual", "en+sq", "--bilingual", "sq+en"]
    result = run_cli("build", EVERY_KIND, *editions, "--out", out)
    assert result.exit_code == 0, result.output
    return {lang: out / f"every-kind.{lang}.pdf" for lang in ("en", "sq", "en+sq", "sq+en")}


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
