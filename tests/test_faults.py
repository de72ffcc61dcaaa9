"""Faults and fuzzing: interrupted batches, full disks, random input. Nothing lost, no traceback."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import InputError
from briefing.pipeline.build import Toolchain
from briefing.pipeline.localize import localize
from briefing.pipeline.manifest import LOCK_NAME, MANIFEST_NAME
from briefing.pipeline.validate import load_briefing
from briefing.pipeline.workers import Pool
from briefing.workspace import Workspace
from tests.conftest import EXAMPLE, REPOSITORY, run_cli, run_in

BRIEFING = Path(sys.executable).with_name("briefing")


def _copies(folder: Path, count: int) -> list[Path]:
    source = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for number in range(count):
        path = folder / f"b{number:02d}.yaml"
        path.write_text(source.replace("id: albania-mek-raid-2023", f"id: copy-{number:02d}", 1), encoding="utf-8")
        paths.append(path)
    return paths


def _assert_only_whole_pdfs(folder: Path) -> list[Path]:
    """The PDFs of the folder, each whole; besides them only the build manifest, whole too."""
    pdfs = []
    for path in folder.iterdir():
        if path.name == MANIFEST_NAME:
            json.loads(path.read_bytes())
            continue
        if path.name == LOCK_NAME:
            continue
        assert not path.name.startswith("."), f"temporary file left behind: {path.name}"
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path.name
        pdfs.append(path)
    return pdfs


def _descendants(pid: int) -> set[int]:
    """The processes started, at any depth, by `pid` (the fork server and its workers)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _start_build(command: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """Start a build and wait for its first line on stdout.

    Unbuffered and read byte by byte: `communicate` reads the pipe itself, so
    whatever a buffered `readline` had read beyond the first line would be lost
    (two editions finishing together arrive in one read).
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert process.stdout is not None
    return process, process.stdout.readline().decode()


def _rest(process: subprocess.Popen[bytes], timeout: float) -> tuple[str, str]:
    """What the build prints after its first line, and its stderr, once it has ended."""
    stdout, stderr = process.communicate(timeout=timeout)
    return stdout.decode(), stderr.decode()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_a_batch_stops_promptly_and_leaves_only_whole_files(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    files = _copies(tmp_path, 4)
    command = [str(BRIEFING), "build", *map(str, files), "--lang", "en", "--out", str(out), "--jobs", jobs]
    started = time.perf_counter()
    process, first = _start_build(command)
    assert first.startswith("wrote "), first
    first_edition = time.perf_counter() - started  # start-up and at least one whole edition
    workers = _descendants(process.pid)
    if jobs == "2":
        assert len(workers) >= 3, "a fork server and two workers"
    process.send_signal(signal.SIGINT)
    interrupted = time.perf_counter()
    try:
        stdout, stderr = _rest(process, timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    stopping = time.perf_counter() - interrupted
    # The editions being built are abandoned, not finished: far less than the time one took.
    assert stopping < 0.3 * first_edition, f"{stopping:.2f} s to stop; the first edition took {first_edition:.2f} s"
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert "Aborted!" in stderr
    while any(_alive(pid) for pid in workers) and time.perf_counter() - interrupted < 10:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "every worker stopped with the build"
    written = _assert_only_whole_pdfs(out)
    assert 1 <= len(written) < 4, "stopped before the end of the batch"
    # What was reported as written is recorded: building again redoes only the rest.
    again = run_in(Path.cwd(), *command[1:])  # where the first ran: the same workspace
    assert again.returncode == 0, again.stderr
    reported = [line.removeprefix("wrote ").split(" (")[0] for line in [first, *stdout.splitlines()]]
    for line in again.stdout.splitlines():
        if line.startswith("up to date: "):
            continue
        assert line.startswith("wrote ") and line.removeprefix("wrote ").split(" (")[0] not in reported, line
    assert sum(line.startswith("up to date: ") for line in again.stdout.splitlines()) >= len(reported)


@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_killed_takes_its_fork_server_and_workers_with_it(tmp_path: Path, kill: signal.Signals) -> None:
    """SIGTERM is Ctrl-C's twin (exit 143, manifest saved); after SIGKILL the kernel ends the rest."""
    out = tmp_path / "out"
    files = _copies(tmp_path, 8)
    command = [str(BRIEFING), "build", *map(str, files), "--lang", "en", "--out", str(out), "--jobs", "2"]
    process, first = _start_build(command)
    assert first.startswith("wrote "), first
    helpers = _descendants(process.pid)
    assert len(helpers) >= 4, "a resource tracker, a fork server and two workers"
    process.send_signal(kill)
    stdout, stderr = _rest(process, timeout=30)
    assert process.returncode == (143 if kill == signal.SIGTERM else -signal.SIGKILL)
    # After SIGKILL, the workers SIGTERM ends share the pipe: none of them may print a traceback.
    assert "Traceback" not in stderr, stderr
    killed = time.perf_counter()
    while any(_alive(pid) for pid in helpers) and time.perf_counter() - killed < 15:
        time.sleep(0.1)
    assert not [pid for pid in helpers if _alive(pid)], "nothing the build started outlives it"
    settled = sorted(path.name for path in out.iterdir())
    time.sleep(1.0)
    assert sorted(path.name for path in out.iterdir()) == settled, "no PDF is written after the build is gone"
    written = _assert_only_whole_pdfs(out)
    assert 1 <= len(written) < 8
    if kill == signal.SIGTERM:
        recorded = json.loads((out / MANIFEST_NAME).read_bytes())["outputs"]
        reported = [line.removeprefix("wrote ").split(" (")[0] for line in [first, *stdout.splitlines()]]
        assert {Path(name).name for name in reported if name} <= set(recorded), "what was reported is recorded"


def test_a_worker_killed_mid_batch_is_replaced_and_the_batch_is_built(tmp_path: Path) -> None:
    """As the OOM killer would: SIGKILL to one worker. No BrokenProcessPool traceback; every edition comes out."""
    out = tmp_path / "out"
    files = _copies(tmp_path, 4)
    command = [str(BRIEFING), "build", *map(str, files), "--lang", "en", "--out", str(out), "--jobs", "2"]
    process, first = _start_build(command)
    assert first.startswith("wrote "), first
    helpers = _descendants(process.pid)
    server = next(
        pid
        for pid in helpers
        if _parent(pid) == process.pid and "forkserver" in Path(f"/proc/{pid}/cmdline").read_text()
    )
    workers = [pid for pid in helpers if _parent(pid) == server]
    assert workers, "the fork server's children"
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = _rest(process, timeout=120)
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    assert process.returncode == 0, stderr
    assert (
        "warning: a worker process ended abruptly (killed, or out of memory?); "
        "the editions it was building are built again in new ones"
    ) in stderr.splitlines()
    assert len([first, *stdout.splitlines()]) == 4
    assert len(_assert_only_whole_pdfs(out)) == 4


def test_a_pool_whose_worker_died_while_the_next_briefing_was_read_still_takes_its_task() -> None:
    """The executor raises on submit once it knows of the death: the task must come back as a broken future."""
    pool = Pool(REPOSITORY, 1, "html", None)
    try:
        # Not a task: the worker fails it, and is then idle.
        started = pool.submit(None)  # type: ignore[arg-type]
        assert not isinstance(started.exception(timeout=60), BrokenProcessPool)
        server = next(
            pid
            for pid in _descendants(os.getpid())
            if _parent(pid) == os.getpid() and "forkserver" in Path(f"/proc/{pid}/cmdline").read_text()
        )
        (worker,) = [pid for pid in _descendants(server) if _alive(pid)]
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while True:
            future = pool.submit(None)  # type: ignore[arg-type]
            failed_at_once = future.done()
            assert isinstance(future.exception(timeout=30), BrokenProcessPool)
            if failed_at_once:  # submitted after the executor knew: it would have raised
                break
            assert time.monotonic() < deadline, "the pool never learnt that its worker died"
            time.sleep(0.05)
    finally:
        pool.stop(now=True)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_theme_that_breaks_every_workers_setup_stops_the_batch_with_one_message(tmp_path: Path, jobs: str) -> None:
    """With workers, the stylesheets are first loaded in each of them: their refusal is the batch's, said once."""
    subprocess.run([str(BRIEFING), "init"], cwd=tmp_path, check=True, capture_output=True)
    example = tmp_path / "briefings" / "example.yaml"
    second = example.read_text(encoding="utf-8").replace("id: example", "id: second", 1)
    (tmp_path / "briefings" / "second.yaml").write_text(second, encoding="utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "theme.css").write_text('@import url("https://example.org/x.css");\n', encoding="utf-8")
    result = subprocess.run(
        [str(BRIEFING), "build", "--jobs", jobs, "--lang", "en"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("theme/theme.css: refused to fetch 'https://example.org/x.css': only files under ")
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").glob("*.pdf"))


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs, nearly full. Skipped where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}"
        if os.environ.get("CI"):  # CI runs as root: a skip there would hide a lost test
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        (mount_point / "previous.pdf").write_bytes(b"%PDF-previous\n%%EOF\n")
        filler = mount_point / "filler"
        with filler.open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_full_disk_is_a_clear_error_and_keeps_what_was_there(small_disk: Path) -> None:
    result = run_cli("build", EXAMPLE, "--lang", "en", "--out", small_disk)
    assert result.exit_code == 2
    assert (
        result.stderr == f"{small_disk / 'albania-mek-raid-2023.en.pdf'}: cannot write: no space left on the device\n"
    )
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "previous.pdf"]
    assert (small_disk / "previous.pdf").read_bytes() == b"%PDF-previous\n%%EOF\n"


def test_a_catalog_cannot_inject_markup(tmp_path: Path) -> None:
    folder = tmp_path / "locales" / "sq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = (Path(__file__).resolve().parent.parent / "locales" / "sq" / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    po = po.replace('msgstr "Faktet kryesore"', 'msgstr "<script>alert(1)</script>Faktet kryesore"')
    (folder / "messages.po").write_text(po, encoding="utf-8")
    briefing = load_briefing(EXAMPLE, {"en", "sq"})
    toolchain = Toolchain(Workspace(tmp_path))  # the workspace's catalog takes precedence over the tool's
    html = toolchain.renderer.render(localize(briefing, toolchain.catalogs.interface("sq")))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Faktet kryesore" in html


_YAML_ALPHABET = st.sampled_from(
    [*list("abcdefxyz019 :-[]{}&*!|>'\"#?,\n\t%@`~.\\"), "\n  ", "\n- ", ": ", "schema: 1\n", "é", "\x00"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_YAML_ALPHABET, max_size=80).map("".join))
def test_loader_only_ever_reports_input_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_briefing(path, {"en", "sq"})
    except InputError as error:
        for line in error.messages():
            assert line.startswith(f"{path}"), line
            assert "\n" not in line


_EXAMPLE_LINES = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(_EXAMPLE_LINES) - 1),
            st.sampled_from(["drop", "double", "dedent", "indent", "blank-value", "number"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mangled_example_gives_located_messages_never_a_crash(tmp_path: Path, edits: list[tuple[int, str]]) -> None:
    lines = list(_EXAMPLE_LINES)
    for index, edit in edits:
        index %= len(lines)
        line = lines[index]
        if edit == "drop":
            del lines[index]
        elif edit == "double":
            lines.insert(index, line)
        elif edit == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif edit == "indent":
            lines[index] = "  " + line
        elif edit == "blank-value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": \n"
        elif edit == "number" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": 42\n"
    path = tmp_path / "mangled.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    try:
        load_briefing(path, {"en", "sq"})
    except InputError as error:
        for line in error.messages():
            assert line.startswith(f"{path}:"), line
            assert "Traceback" not in line


def test_a_disk_that_fills_during_the_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Always on, wherever tmpfs cannot be mounted: the disk fills as the new PDF is flushed."""
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "albania-mek-raid-2023.en.pdf"
    previous.write_bytes(b"%PDF-previous\n%%EOF\n")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("briefing.pipeline.write.os.fsync", full_disk)
    result = run_cli("build", EXAMPLE, "--lang", "en", "--out", out)
    assert result.exit_code == 2
    assert result.stderr == f"{previous}: cannot write: no space left on the device\n"
    assert sorted(p.name for p in out.iterdir()) == [previous.name]  # no temporary file left
    assert previous.read_bytes() == b"%PDF-previous\n%%EOF\n"
