"""The command line as users meet it: help, version, check, schema, html output, start-up cost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

from briefing import __version__
from tests.conftest import EXAMPLE, EXAMPLE_ID, PROJECT, run_cli, run_in


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output == f"briefing, version {__version__}\n"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("build", "--paper [a4|letter]"),
        ("build", "--pdf [accessible|plain]"),
        ("build", "--source / --no-source"),
        ("unpack", "Usage: main unpack [OPTIONS] FILE.pdf"),
        ("check", "without rendering"),
        ("schema", "JSON Schema"),
    ],
)
def test_help_of_each_command(command: str, expected: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert expected in result.output


def test_check_reports_the_valid_example() -> None:
    result = run_cli("check", EXAMPLE)
    assert result.exit_code == 0
    assert result.output == "ok albania-mek-raid-2023 (en, sq, en+sq)\n"


def test_committed_schema_is_current() -> None:
    result = run_cli("schema")
    committed = (PROJECT / "docs" / "briefing.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "run `briefing schema > docs/briefing.schema.json`"
    schema = json.loads(committed)
    assert schema["properties"]["tlp"]["enum"] == ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
    assert schema["additionalProperties"] is False
    assert {"schema", "id", "language", "languages", "title", "as_of", "tlp", "summary", "sources"} <= set(
        schema["required"]
    )


def test_check_schema_and_help_do_not_load_weasyprint() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from briefing.cli import main\n"
        f"for args in (['check', {str(EXAMPLE)!r}], ['schema'], ['--help'], ['build', '--help']):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0, args\n"
        "print('weasyprint' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert output == "False\n"


def test_real_entry_point_reports_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\nid: x\n")
    briefing = Path(sys.executable).with_name("briefing")
    completed = subprocess.run(
        [str(briefing), "build", str(bad), "--out", str(tmp_path / "out")], capture_output=True, text=True
    )
    assert completed.returncode == 2
    assert f"{bad}:1:1: language: required field is missing" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "usage", "listed"),
    [
        (
            [],
            "Usage: briefing [OPTIONS] COMMAND [ARGS]...",
            "  build    Build PDFs (or Word files, HTML) of briefings.",
        ),
        (["i18n"], "Usage: briefing i18n [OPTIONS] COMMAND [ARGS]...", "  extract"),
    ],
)
def test_a_group_without_a_command_prints_its_help_on_lines(args: list[str], usage: str, listed: str) -> None:
    briefing = Path(sys.executable).with_name("briefing")
    completed = subprocess.run([str(briefing), *args], capture_output=True, text=True)
    assert completed.returncode == 2
    lines = completed.stderr.splitlines()
    assert lines[0] == usage
    assert "Commands:" in lines
    assert any(line.startswith(listed) for line in lines), lines
    assert "\\n" not in completed.stderr


def test_a_mistyped_option_is_named_and_its_escape_sequences_are_not_sent(tmp_path: Path) -> None:
    briefing = Path(sys.executable).with_name("briefing")
    completed = subprocess.run([str(briefing), "build", "--pages\x1b[2J"], capture_output=True, text=True)
    assert completed.returncode == 2
    lines = completed.stderr.splitlines()
    assert lines[:3] == ["Usage: briefing build [OPTIONS] [FILES]...", "Try 'briefing build --help' for help.", ""]
    assert lines[3].startswith("Error: No such option") and "--pages\\x1b[2J" in lines[3], lines
    assert "\x1b" not in completed.stderr


def _capped(asked: str) -> str:
    """The warning for more jobs than this machine's CPUs, as a person would write it."""
    cpus = len(os.sched_getaffinity(0))
    processes = "process" if cpus == 1 else "processes"
    return f"warning: {asked}: building with {cpus} worker {processes}, one per CPU"


@pytest.mark.parametrize("jobs", ["3000000000", "10000"])
def test_more_jobs_than_cpus_build_with_one_worker_per_cpu(tmp_path: Path, jobs: str) -> None:
    briefing = Path(sys.executable).with_name("briefing")
    completed = subprocess.run(
        [str(briefing), "build", str(EXAMPLE), "--lang", "en", "--lang", "sq", "--out", str(tmp_path), "--jobs", jobs],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr.splitlines()[0] == _capped(f"--jobs {jobs}")
    assert "Traceback" not in completed.stderr
    assert completed.stdout.count("wrote ") == 2


def test_briefing_jobs_in_the_environment_sets_the_jobs_and_the_option_wins(tmp_path: Path) -> None:
    lone = ("build", EXAMPLE, "--lang", "en", "--out", tmp_path / "out")
    capped = run_in(tmp_path, *lone, env={"BRIEFING_JOBS": "10000"})
    assert capped.returncode == 0, capped.stderr
    assert capped.stderr.splitlines()[0] == _capped("BRIEFING_JOBS=10000")
    (tmp_path / "out" / f"{EXAMPLE_ID}.en.pdf").unlink()

    refused = run_in(tmp_path, *lone, env={"BRIEFING_JOBS": "0"})
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--jobs' / '-j' (env var: 'BRIEFING_JOBS'): 0 is not in the range x>=1."
    )
    assert not list((tmp_path / "out").glob("*.pdf"))

    chosen = run_in(tmp_path, *lone, "--jobs", "1", env={"BRIEFING_JOBS": "0"})
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout == f"wrote out/{EXAMPLE_ID}.en.pdf (4 pages)\n"


def test_build_prints_what_it_wrote(example_build: tuple[Path, Result]) -> None:
    out, result = example_build
    assert result.stdout.splitlines() == [
        f"wrote {out / 'albania-mek-raid-2023.en.pdf'} (4 pages)",
        f"wrote {out / 'albania-mek-raid-2023.sq.pdf'} (5 pages)",
        f"wrote {out / 'albania-mek-raid-2023.en+sq.pdf'} (8 pages)",
    ]
    assert result.stderr == ""


def test_build_without_arguments_builds_every_briefing_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "briefings").mkdir()
    (tmp_path / "briefings" / "one.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        ".briefing-manifest.json",  # what each output was made from: the next build redoes only what changed
        ".briefing-manifest.lock",  # held by a build while it saves the manifest
        "albania-mek-raid-2023.en+sq.html",
        "albania-mek-raid-2023.en.html",
        "albania-mek-raid-2023.sq.html",
    ]


def test_build_without_a_briefings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 2
    assert result.stderr.startswith("briefings: no such folder")


def test_html_edition_is_standalone_and_in_albanian(tmp_path: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "sq", "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "albania-mek-raid-2023.sq.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="sq">' in html
    assert "<style>:root { --accent: #1f4e79;" in html  # the web stylesheet is inlined
    assert 'href="albania-mek-raid-2023.en.html" hreflang="en"><span lang="en">English</span></a>' in html
    assert '<span lang="sq">Shqip</span>' in html
    skip_link = '<a class="skip-link" href="#main">Kalo te përmbledhja informative</a>'
    assert html.index("<a ") == html.index(skip_link)  # the first link of the page
    assert "Faktet kryesore" in html
    assert "rreth 1\u00a0000" in html  # CLDR's Albanian grouping: a non-breaking space
