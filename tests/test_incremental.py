"""Builds that do only what changed, and builds in worker processes, as a user runs them.

Every test runs the installed command in a process of its own, in a workspace
made by `briefing init` far from this repository: what is up to date, what is
built again and what is printed are read from its output, as a user reads them.
A test that starts from a built workspace gets a copy of one built once a test
process (`first_build`): a copied workspace is up to date where it lands, which
`test_a_workspace_moved_with_its_outputs_stays_up_to_date` shows.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BRIEFING, PROJECT, only_dejavu_fonts, run_in
from tests.test_content_safety import _png

MANIFEST = "output/.briefing-manifest.json"
OUTPUTS = ["example.en.pdf", "example.sq.pdf", "other.en.pdf", "other.sq.pdf"]
_LINE = re.compile(r"^(wrote|up to date:) output/(\S+)")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_in(cwd, *args, env=env)


def outcomes(result: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(output, 'built' or 'up to date') for each line of stdout, in the order printed."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    found = []
    for line in result.stdout.splitlines():
        match = _LINE.match(line)
        assert match, f"not an outcome line: {line!r}"
        found.append((match[2], "built" if match[1] == "wrote" else "up to date"))
    return found


def built(result: subprocess.CompletedProcess[str]) -> set[str]:
    lines = outcomes(result)
    assert [name for name, _ in lines] == OUTPUTS, "every output reported, in the order of the request"
    return {name for name, state in lines if state == "built"}


def _starter(folder: Path) -> Path:
    """`briefing init`'s example, and a second briefing `other` with a logo and no Albanian catalog."""
    assert run("init", "ws", cwd=folder).returncode == 0
    root = folder / "ws"
    example = (root / "briefings" / "example.yaml").read_text(encoding="utf-8")
    other = example.replace("id: example", "id: other", 1).replace("tlp: CLEAR\n", "tlp: CLEAR\nlogo: logo.png\n", 1)
    (root / "briefings" / "other.yaml").write_text(other, encoding="utf-8")
    (root / "briefings" / "logo.png").write_bytes(_png())
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The starter workspace, never built."""
    return _starter(tmp_path)


@pytest.fixture(scope="session")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The starter workspace after its first `briefing build`, once a test process, and what that build said."""
    root = _starter(tmp_path_factory.mktemp("first-build"))
    result = run("build", cwd=root)
    assert built(result) == set(OUTPUTS)
    return root, result


@pytest.fixture
def built_workspace(first_build: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> Path:
    """A copy of the workspace after its first build, outputs and manifest with it: up to date where it lands."""
    return Path(shutil.copytree(first_build[0], tmp_path / "ws", symlinks=True))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _touch(path: Path) -> None:
    os.utime(path, (path.stat().st_atime + 60, path.stat().st_mtime + 60))


def _interface_catalog(root: Path) -> None:
    """A workspace's own Albanian interface catalog, with one term of its own."""
    catalog = root / "locales" / "sq" / "LC_MESSAGES" / "messages.po"
    shutil.copy(PROJECT / "locales" / "sq" / "LC_MESSAGES" / "messages.po", catalog)
    _edit(catalog, 'msgstr "Faktet kryesore"', 'msgstr "Faktet themelore"')


def _theme(root: Path) -> None:
    (root / "theme").mkdir()
    (root / "theme" / "theme.css").write_text(":root { --color-accent: #7a1f5c; }\n", encoding="utf-8")


# (what changes, how, options of the build, the outputs built again)
CHANGES: list[tuple[str, Callable[[Path], object], list[str], set[str]]] = [
    ("nothing", lambda root: None, [], set()),
    ("the briefing file's time, not its text", lambda root: _touch(root / "briefings/example.yaml"), [], set()),
    (
        "the briefing's text",
        lambda root: _edit(root / "briefings/example.yaml", "search the MEK", "searched the MEK"),
        [],
        {"example.en.pdf", "example.sq.pdf"},
    ),
    (
        "its Albanian catalog",
        lambda root: _edit(root / "locales/sq/LC_MESSAGES/example.po", "Banorët i rezistuan", "Banorët rezistuan"),
        [],
        {"example.sq.pdf"},
    ),
    ("an Albanian interface catalog in the workspace", _interface_catalog, [], {"example.sq.pdf", "other.sq.pdf"}),
    (
        "the logo of one briefing",
        lambda root: (root / "briefings" / "logo.png").write_bytes(_png(colour=b"\xc0\x4e\x79")),
        [],
        {"other.en.pdf", "other.sq.pdf"},
    ),
    ("the theme's stylesheet", _theme, [], set(OUTPUTS)),
    ("--paper", lambda root: None, ["--paper", "letter"], set(OUTPUTS)),
    ("nothing, with --paper letter again", lambda root: None, ["--paper", "letter"], set()),
    ("--force", lambda root: None, ["--paper", "letter", "--force"], set(OUTPUTS)),
]


def test_each_kind_of_input_rebuilds_exactly_the_outputs_made_from_it(
    first_build: tuple[Path, subprocess.CompletedProcess[str]], built_workspace: Path
) -> None:
    workspace, first = built_workspace, first_build[1]
    assert "warning: output/other.sq.pdf:" in first.stderr  # its Albanian edition has no translations
    for change, apply, options, expected in CHANGES:
        apply(workspace)
        result = run("build", *options, cwd=workspace)
        assert built(result) == expected, change
        if change == "nothing":
            # An output that is up to date still says what its build said.
            assert result.stderr == first.stderr


def test_a_workspace_moved_with_its_outputs_stays_up_to_date(built_workspace: Path, tmp_path: Path) -> None:
    """Moved, copied or synced elsewhere: the manifest keeps the workspace's paths relative to it."""
    (tmp_path / "moved").mkdir()
    moved = built_workspace.rename(tmp_path / "moved" / "here")
    assert built(run("build", cwd=moved)) == set()
    assert str(built_workspace) not in (moved / MANIFEST).read_text(encoding="utf-8")
    _edit(moved / "briefings/other.yaml", "search the MEK", "searched the MEK")
    assert built(run("build", cwd=moved)) == {"other.en.pdf", "other.sq.pdf"}


def test_a_manifest_of_0_8_with_absolute_paths_still_counts(
    first_build: tuple[Path, subprocess.CompletedProcess[str]], built_workspace: Path
) -> None:
    """Format 1 kept every path absolute: an upgrade of the tool does not rebuild everything for that."""
    manifest = json.loads((built_workspace / MANIFEST).read_bytes())
    assert manifest["format"] == 2
    assert manifest["outputs"]["example.en.pdf"]["briefing"] == "briefings/example.yaml"

    def absolute(path: str) -> str:
        return path if path.startswith("/") else str(built_workspace / path)

    for record in manifest["outputs"].values():
        record["briefing"] = absolute(record["briefing"])
        record["inputs"] = {absolute(path): digest for path, digest in record["inputs"].items()}
    manifest["briefings"] = {absolute(path): record for path, record in manifest["briefings"].items()}
    manifest["format"] = 1
    (built_workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = run("build", cwd=built_workspace)
    assert built(result) == set()
    assert result.stderr == first_build[1].stderr  # no warning about the manifest


def test_a_build_with_nothing_to_do_reads_no_briefing_and_never_imports_weasyprint(built_workspace: Path) -> None:
    workspace = built_workspace
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from briefing.cli import main\n"
        "result = CliRunner().invoke(main, ['build'])\n"
        "print(result.stdout, end='')\n"
        "print('weasyprint' in sys.modules, 'briefing.pipeline.load' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=workspace, check=True, capture_output=True, text=True)
    assert done.stdout.splitlines() == [*(f"up to date: output/{name}" for name in OUTPUTS), "False False"]


def test_an_edition_asked_for_twice_is_built_once_and_then_up_to_date(workspace: Path) -> None:
    twice = ("build", "briefings/example.yaml", "--lang", "en", "--lang", "en", "--bilingual", "en+sq")
    assert outcomes(run(*twice, "--bilingual", "en+sq", cwd=workspace)) == [
        ("example.en.pdf", "built"),
        ("example.en+sq.pdf", "built"),
    ]
    assert outcomes(run(*twice, cwd=workspace)) == [
        ("example.en.pdf", "up to date"),
        ("example.en+sq.pdf", "up to date"),
    ]


def test_a_lone_edition_is_built_without_starting_a_fork_server(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edition asked for is built in the command's own process: a fork server would import WeasyPrint for nothing.

    Two asked for, with two jobs, start the server at once, so that it imports while the
    briefing is read; with one job (`--jobs 1`, or `BRIEFING_JOBS=1` as the suite runs) they
    are built here too.
    """
    from briefing.pipeline import workers
    from tests.conftest import run_cli

    starts: list[str] = []
    real_start = workers.start_server

    def counted_start() -> None:
        starts.append("started")
        real_start()

    monkeypatch.setattr(workers, "start_server", counted_start)
    example = workspace / "briefings" / "example.yaml"
    lone = run_cli("--workspace", workspace, "build", example, "--lang", "sq", "--jobs", "2")
    assert lone.exit_code == 0, lone.output
    assert (workspace / "output" / "example.sq.pdf").is_file()
    assert starts == []
    both = ("--workspace", workspace, "build", example, "--lang", "en", "--lang", "sq", "--force")
    one_job = run_cli(*both, "--jobs", "1")
    assert one_job.exit_code == 0, one_job.output
    assert one_job.output.count("wrote ") == 2
    assert starts == []
    two_jobs = run_cli(*both, "--jobs", "2")
    assert two_jobs.exit_code == 0, two_jobs.output
    assert starts == ["started"]


def test_an_output_deleted_or_edited_by_hand_is_built_again(built_workspace: Path) -> None:
    workspace = built_workspace
    (workspace / "output" / "example.en.pdf").unlink()
    with (workspace / "output" / "other.sq.pdf").open("ab") as pdf:
        pdf.write(b"% an edit by hand\n")
    assert built(run("build", cwd=workspace)) == {"example.en.pdf", "other.sq.pdf"}


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (b"\x00\x9c not JSON", "cannot be read (UnicodeDecodeError)"),
        (b'{"format": 1, "outputs": {', "cannot be read (JSONDecodeError)"),
        (b"[1, 2]", "is damaged (AttributeError)"),
        (b'{"format": 1, "outputs": {"example.en.pdf": {"briefing": 3}}, "briefings": {}}', "is damaged (TypeError)"),
        (b'{"format": 99}', "is of another format (99)"),
    ],
)
def test_a_damaged_manifest_means_a_rebuild_and_no_traceback(built_workspace: Path, damage: bytes, reason: str) -> None:
    workspace = built_workspace
    (workspace / MANIFEST).write_bytes(damage)
    again = run("build", "briefings/example.yaml", cwd=workspace)
    assert outcomes(again) == [("example.en.pdf", "built"), ("example.sq.pdf", "built")]
    assert again.stderr == f"warning: {MANIFEST} {reason}; every output is built again\n"
    json.loads((workspace / MANIFEST).read_bytes())  # written whole again
    third = run("build", "briefings/example.yaml", cwd=workspace)
    assert outcomes(third) == [("example.en.pdf", "up to date"), ("example.sq.pdf", "up to date")]
    assert third.stderr == ""


def test_a_manifest_that_is_a_pipe_is_never_read(workspace: Path) -> None:
    """A FIFO would block the reader for ever: it is refused by its kind, and replaced by a manifest."""
    (workspace / "output").mkdir()
    os.mkfifo(workspace / MANIFEST)
    result = run("build", "briefings/example.yaml", "--lang", "en", cwd=workspace)
    assert outcomes(result) == [("example.en.pdf", "built")]
    assert (
        result.stderr
        == f"warning: {MANIFEST} is not a manifest (not a file, or too large); every output is built again\n"
    )
    json.loads((workspace / MANIFEST).read_bytes())


def test_a_manifest_that_names_another_id_is_not_believed(built_workspace: Path) -> None:
    """A record that no briefing file could give (an id with a path in it) counts as damage, not as an output."""
    workspace = built_workspace
    manifest = json.loads((workspace / MANIFEST).read_bytes())
    for record in manifest["briefings"].values():
        record["id"] = "../../escape"
    (workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = run("build", cwd=workspace)
    assert built(again) == set(OUTPUTS)
    assert again.stderr.startswith(f"warning: {MANIFEST} is damaged (ValueError); every output is built again\n")


@pytest.mark.parametrize("where", ["outside", "beside the briefing"])
def test_a_manifest_that_lists_other_inputs_is_compared_not_followed(
    workspace: Path, tmp_path: Path, where: str
) -> None:
    """`/usr` or a 200 GiB sparse file listed as an input would take minutes to hash: neither is read."""
    first = run("build", "briefings/example.yaml", "--lang", "en", cwd=workspace)
    assert outcomes(first) == [("example.en.pdf", "built")]
    sparse = (tmp_path if where == "outside" else workspace / "briefings") / "huge.bin"
    with sparse.open("wb") as handle:
        handle.truncate(200 * 1024**3)
    manifest = json.loads((workspace / MANIFEST).read_bytes())
    inputs = manifest["outputs"]["example.en.pdf"]["inputs"]
    inputs.update({"/usr": "tree:0", str(sparse): "0" * 32})
    (workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    # Hashing either would outlast the timeout; the listed paths are not the build's: it builds again.
    again = run_in(workspace, "build", "briefings/example.yaml", "--lang", "en", timeout=60)
    assert outcomes(again) == [("example.en.pdf", "built")]
    assert again.stderr == ""
    rewritten = json.loads((workspace / MANIFEST).read_bytes())["outputs"]["example.en.pdf"]["inputs"]
    assert "/usr" not in rewritten and not [path for path in rewritten if path.endswith("huge.bin")]


def test_a_manifest_record_of_a_file_outside_the_folder_is_no_record(built_workspace: Path) -> None:
    workspace = built_workspace
    precious = workspace / "precious.pdf"
    precious.write_bytes(b"%PDF-1.7 the user's own file")
    manifest = json.loads((workspace / MANIFEST).read_bytes())
    manifest["outputs"]["../precious.pdf"] = manifest["outputs"]["example.en.pdf"]
    (workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = run("build", cwd=workspace)
    assert built(again) == set()
    assert "precious" not in again.stderr and "delete it" not in again.stderr
    assert precious.read_bytes() == b"%PDF-1.7 the user's own file"


def test_two_builds_into_one_folder_at_once_keep_each_others_records(workspace: Path) -> None:
    """Each reads the (empty) manifest as it starts; the one that saves last merges into what the other saved."""
    environment = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_WORKSPACE", "PYTHONPATH")}
    builds = [
        subprocess.Popen(
            [str(BRIEFING), "build", f"briefings/{name}.yaml", "--jobs", "1"],
            cwd=workspace,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("example", "other")
    ]
    for process in builds:
        stdout, _stderr = process.communicate(timeout=180)
        assert process.returncode == 0
        assert stdout.count("wrote ") == 2
    after = run("build", cwd=workspace)
    assert built(after) == set(), "every record of both builds is in the manifest"
    assert sorted(json.loads((workspace / MANIFEST).read_bytes())["outputs"]) == OUTPUTS


def test_a_font_that_comes_or_goes_rebuilds_the_pdfs_drawn_with_it(workspace: Path, tmp_path: Path) -> None:
    only_dejavu = only_dejavu_fonts(tmp_path)
    assert outcomes(run("build", "--lang", "en", cwd=workspace))[0] == ("example.en.pdf", "built")
    without_noto = run("build", "--lang", "en", cwd=workspace, env=only_dejavu)
    assert outcomes(without_noto) == [("example.en.pdf", "built"), ("other.en.pdf", "built")]
    assert "the font 'Noto Sans' is not installed" in without_noto.stderr
    assert {state for _, state in outcomes(run("build", "--lang", "en", cwd=workspace, env=only_dejavu))} == {
        "up to date"
    }
    assert {state for _, state in outcomes(run("build", "--lang", "en", cwd=workspace))} == {"built"}


def _debian_upstream_version(package: str) -> str:
    """`1.50.12` of the installed Debian package's `1.50.12+ds-1`."""
    query = ["dpkg-query", "-W", "-f", "${Version}", package]
    version = subprocess.run(query, check=True, capture_output=True, text=True).stdout
    return re.split(r"[+~-]", version.split(":")[-1])[0]


def test_an_upgrade_of_the_system_text_libraries_rebuilds_every_output(built_workspace: Path) -> None:
    """Pango, HarfBuzz and fontconfig lay out every line: their versions are part of each output's key."""
    workspace = built_workspace
    manifest = json.loads((workspace / MANIFEST).read_bytes())
    libraries = manifest["outputs"]["example.en.pdf"]["key"]["libraries"]
    packages = {"pango": "libpango-1.0-0", "harfbuzz": "libharfbuzz0b", "fontconfig": "libfontconfig1"}
    assert {name: libraries[name] for name in packages} == {
        name: _debian_upstream_version(package) for name, package in packages.items()
    }

    # As after `apt-get upgrade` of HarfBuzz: what was recorded is no longer what is installed.
    for record in manifest["outputs"].values():
        record["key"]["libraries"]["harfbuzz"] = "5.3.1"
    (workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert built(run("build", cwd=workspace)) == set(OUTPUTS)
    assert built(run("build", cwd=workspace)) == set()


def test_an_upgrade_of_any_python_package_the_tool_requires_rebuilds_every_output(built_workspace: Path) -> None:
    """Jinja2 writes the HTML the PDF is printed from: it was not among the versions recorded, so an upgrade went unseen."""
    from importlib.metadata import version

    workspace = built_workspace
    manifest = json.loads((workspace / MANIFEST).read_bytes())
    libraries = manifest["outputs"]["example.en.pdf"]["key"]["libraries"]
    assert libraries["jinja2"] == version("jinja2") and libraries["markupsafe"] == version("markupsafe")
    for record in manifest["outputs"].values():
        record["key"]["libraries"]["jinja2"] = "3.1.0"  # as after `pip install -U jinja2`
    (workspace / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert built(run("build", cwd=workspace)) == set(OUTPUTS)
    assert built(run("build", cwd=workspace)) == set()


def test_an_output_no_longer_among_its_briefings_editions_is_named_not_deleted(built_workspace: Path) -> None:
    workspace = built_workspace
    _edit(workspace / "briefings/example.yaml", "languages: [en, sq]", "languages: [en]")
    stale = (
        "warning: briefings/example.yaml: output/example.sq.pdf was made from this file but is no longer one of "
        "its editions (`id`, `languages`, `bilingual`): delete it if it is not wanted, so that no one sends it "
        "out of date"
    )

    result = run("build", cwd=workspace)

    assert outcomes(result) == [
        ("example.en.pdf", "built"),
        ("other.en.pdf", "up to date"),
        ("other.sq.pdf", "up to date"),
    ]
    assert result.stderr.splitlines().count(stale) == 1
    assert (workspace / "output" / "example.sq.pdf").is_file()  # the user's to delete, or to keep
    assert stale in run("build", cwd=workspace).stderr  # said again while it is there
    assert stale not in run("build", "--lang", "en", cwd=workspace).stderr  # a request naming its editions
    (workspace / "output" / "example.sq.pdf").unlink()
    assert "no longer one of its editions" not in run("build", cwd=workspace).stderr


def test_a_bilingual_edition_is_a_unit_of_its_own(workspace: Path) -> None:
    """It depends on both languages' catalogs, and is known from the manifest without reading its briefing."""
    _edit(workspace / "briefings/example.yaml", "languages: [en, sq]\n", "languages: [en, sq]\nbilingual: [[en, sq]]\n")
    files = ["briefings/example.yaml"]
    editions = ["example.en.pdf", "example.sq.pdf", "example.en+sq.pdf"]
    assert outcomes(run("build", *files, cwd=workspace)) == [(name, "built") for name in editions]
    assert outcomes(run("build", *files, cwd=workspace)) == [(name, "up to date") for name in editions]
    _edit(workspace / "locales/sq/LC_MESSAGES/example.po", "Banorët i rezistuan", "Banorët rezistuan")
    assert outcomes(run("build", *files, cwd=workspace)) == [
        ("example.en.pdf", "up to date"),
        ("example.sq.pdf", "built"),
        ("example.en+sq.pdf", "built"),
    ]
    # Named alone, it is the only output; the other order is another output, built once.
    assert outcomes(run("build", *files, "--bilingual", "en+sq", cwd=workspace)) == [
        ("example.en+sq.pdf", "up to date")
    ]
    assert outcomes(run("build", *files, "--bilingual", "sq+en", cwd=workspace)) == [("example.sq+en.pdf", "built")]
    # Taken out of the briefing's own editions, it is no longer built (and its file stays as it was).
    _edit(workspace / "briefings/example.yaml", "bilingual: [[en, sq]]\n", "")
    assert outcomes(run("build", *files, cwd=workspace)) == [("example.en.pdf", "built"), ("example.sq.pdf", "built")]


# In worker processes -------------------------------------------------------------------------------------------


def test_jobs_2_writes_the_same_bytes_and_the_same_lines_as_jobs_1(workspace: Path) -> None:
    one = run("build", "--jobs", "1", "--out", "one", cwd=workspace)
    two = run("build", "--jobs", "2", "--out", "two", cwd=workspace)
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert two.stdout == one.stdout.replace("wrote one/", "wrote two/")
    assert two.stderr == one.stderr.replace("one/", "two/")
    for name in OUTPUTS:
        assert (workspace / "two" / name).read_bytes() == (workspace / "one" / name).read_bytes(), name


def test_a_broken_briefing_in_a_parallel_batch_fails_alone(workspace: Path) -> None:
    briefings = workspace / "briefings"
    broken = briefings / "broken.yaml"
    broken.write_text(
        (briefings / "example.yaml")
        .read_text(encoding="utf-8")
        .replace("id: example", "id: broken")
        .replace("status: reported", "status: reportd", 1),
        encoding="utf-8",
    )
    result = run("build", "--jobs", "2", cwd=workspace)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "wrote output/example.en.pdf (2 pages)",
        "wrote output/example.sq.pdf (2 pages)",
        "wrote output/other.en.pdf (2 pages)",
        "wrote output/other.sq.pdf (2 pages)",
    ]
    status_line = next(n for n, line in enumerate(broken.read_text().splitlines(), 1) if "reportd" in line)
    assert (
        f"briefings/broken.yaml:{status_line}:13: facts[0].status: 'reportd' is not one of "
        "confirmed, reported, claimed, disputed" in result.stderr.splitlines()
    )
    assert not list((workspace / "output").glob("broken.*"))


def test_a_bug_met_in_a_worker_is_reported_for_its_file_and_the_batch_goes_on(workspace: Path, tmp_path: Path) -> None:
    """Fault injection: every process of the run (the fork server, so every worker) localizes `other` with a bug."""
    injected = tmp_path / "inject"
    injected.mkdir()
    (injected / "sitecustomize.py").write_text(
        "import briefing.pipeline.editions as editions\n"
        "real = editions.localize\n"
        "def buggy(briefing, *args):\n"
        "    if briefing.id == 'other':\n"
        "        raise KeyError('unexpected')\n"
        "    return real(briefing, *args)\n"
        "editions.localize = buggy\n",
        encoding="utf-8",
    )
    environment = {"PYTHONPATH": str(injected)}
    result = run("build", "--jobs", "2", cwd=workspace, env=environment)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "wrote output/example.en.pdf (2 pages)",
        "wrote output/example.sq.pdf (2 pages)",
    ]
    assert result.stderr.splitlines()[-1] == (
        "briefings/other.yaml: internal error: KeyError: 'unexpected' (a bug in briefing; --debug shows the traceback)"
    )
    assert result.stderr.count("internal error") == 1  # both editions met it: said once
    debug = run("--debug", "build", "--jobs", "2", cwd=workspace, env=environment)
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'unexpected'" in debug.stderr


def test_on_a_terminal_a_batch_shows_a_progress_bar_and_the_same_lines(workspace: Path) -> None:
    piped = run("build", "--format", "html", "--out", "piped", cwd=workspace)
    assert piped.returncode == 0 and "building" not in piped.stdout
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_WORKSPACE", "PYTHONPATH")}
    process = subprocess.Popen(
        [str(BRIEFING), "build", "--format", "html", "--out", "tty"],
        cwd=workspace,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**environment, "COLUMNS": "100"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    text = shown.decode()
    # The count of briefing files done, (a time left once it can tell) and the one being built.
    assert re.search(r"building +\[#+-+\] +1/2 +(\d\d:\d\d:\d\d +)?other\.yaml", text), text
    assert "2/2" in text
    # Without the bar's redrawing, the lines are those of the piped run.
    lines = [re.sub(r".*\x1b\[K", "", line) for line in text.replace("\r\n", "\n").split("\n")]
    printed = [line for line in lines if line.startswith(("wrote ", "warning: ", "  "))]  # "  ": a warning's places
    expected = piped.stdout.replace("piped/", "tty/").splitlines() + piped.stderr.replace("piped/", "tty/").splitlines()
    assert sorted(printed) == sorted(expected)
    assert text.endswith("\x1b[?25h")  # the cursor the bar hid is back
