"""The harness behind `run_in`: a command forked from a process that has imported the tool (`tests/zygote.py`)
says and returns what the installed command says and returns in a fresh process."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from briefing import __version__
from tests.conftest import EXAMPLE, run_in


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        (("--version",), 0, f"briefing, version {__version__}\n", ""),
        (("check", "missing.yaml"), 2, "", "missing.yaml: no such file\n"),
        (("build", "--jobs", "0"), 2, "", "0 is not in the range x>=1.\n"),
    ],
)
def test_a_forked_command_says_what_a_fresh_process_says(
    tmp_path: Path, args: tuple[str, ...], code: int, stdout: str, stderr: str
) -> None:
    forked = run_in(tmp_path, *args)
    fresh = run_in(tmp_path, *args, fresh_process=True)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert forked.returncode == code
    assert forked.stdout == stdout
    assert forked.stderr.endswith(stderr)


def test_a_forked_build_writes_where_it_is_run_with_the_environment_it_is_given(tmp_path: Path) -> None:
    result = run_in(tmp_path, "build", EXAMPLE, "--lang", "sq", "--out", "here", env={"BRIEFING_JOBS": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote here/albania-mek-raid-2023.sq.pdf (5 pages)\n"
    assert (tmp_path / "here" / "albania-mek-raid-2023.sq.pdf").read_bytes().startswith(b"%PDF-")
    # The environment is the command's alone: the variable set for it is not left in this process.
    assert "BRIEFING_JOBS" not in os.environ
    refused = run_in(tmp_path, "build", EXAMPLE, "--lang", "sq", "--out", "here", env={"BRIEFING_JOBS": "x"})
    assert refused.returncode == 2
    assert "(env var: 'BRIEFING_JOBS'): 'x' is not a valid integer range." in refused.stderr


def test_a_forked_command_that_outlasts_its_timeout_is_stopped_and_the_next_one_runs(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "ws").returncode == 0
    with pytest.raises(subprocess.TimeoutExpired) as expired:
        run_in(tmp_path / "ws", "preview", timeout=1)  # serves until stopped
    assert expired.value.cmd[1:] == ["preview"]
    assert run_in(tmp_path, "--version").stdout == f"briefing, version {__version__}\n"
