"""Measure how long `briefing` takes and how much memory it needs; write each measure into docs/benchmarks.md.

docs/benchmarks.md is made of sections, each written by one benchmark and
replaced in place when that benchmark runs again; the others, and the text
around them, are left as they are (`write_section`, which
benchmarks/preview.py uses too):

* `commands`, "## The command line": start-up, `check`, one edition, the example;
* `targets`, "## Targets of issue 11: ...": the example against WeasyPrint
  alone (the floor), 100 briefings with `--jobs 2` against a shell loop of
  the `weasyprint` command and against `--jobs 1`, builds with nothing to
  do, the memory of each worker over the batch, and where the time goes
  (cProfile of the stages of an edition);
* `pdf-kinds`, "## Accessible vs plain PDFs";
* `edition-cpu`, "## One edition's CPU against WeasyPrint's (issue 24)": in one
  warm process, each of the example's editions made as a worker makes it
  (`make_output`) against WeasyPrint's tagged rendering of the same HTML.

Every run is the real command line in a fresh process. This process makes
itself a child subreaper, so the fork server that `--jobs` starts is its
child once the command ends, and the CPU time of every process of a run
(workers included) is counted. Run it with `make bench` (every section, then
the preview's), or `.venv/bin/python benchmarks/run.py [commands|targets|pdf-kinds]`.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.pipeline.build import Prepared, Toolchain
    from briefing.pipeline.editions import Printable

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "briefings" / "albania-mek-raid-2023.yaml"
BRIEFING = Path(sys.executable).with_name("briefing")
WEASYPRINT = Path(sys.executable).with_name("weasyprint")
TARGET = PROJECT / "docs" / "benchmarks.md"
REPEATS = 3

COMMANDS_HEADING = "## The command line"
TARGETS_HEADING = "## Targets of issue 11: builds that do only what changed, in parallel"
PDF_KINDS_HEADING = "## Accessible vs plain PDFs"
EDITION_CPU_HEADING = "## One edition's CPU against WeasyPrint's (issue 24)"
EDITION_CPU_ROUNDS = 5

# (label, build options): today's default, and what it costs against the plain PDF.
PDF_KINDS = [
    ("plain, `--pdf plain --no-source`", ["--pdf", "plain", "--no-source"]),
    ("accessible, `--no-source`", ["--no-source"]),
    ("accessible with its source (the default)", []),
]
# The example's two editions of one language; its bilingual edition has a row of its own.
SINGLE_EDITIONS = ["--lang", "en", "--lang", "sq"]
PDF_KINDS_BATCH = 5  # briefings per run: 10 editions in one process, so start-up weighs little
PDF_KINDS_REPEATS = 5

TARGET_REPEATS = 5  # the example's rows, interleaved
BATCH = 100  # briefings in the batch of the targets: 200 editions
NO_OP_REPEATS = 7

# The floor: one process that imports WeasyPrint and renders the HTML files it is given, nothing else.
FLOOR = """
import sys
import weasyprint
variant = None if sys.argv[1] == "plain" else sys.argv[1]
for name in sys.argv[3:]:
    weasyprint.HTML(filename=name).write_pdf(f"{sys.argv[2]}/{name.rsplit('/', 1)[-1]}.pdf", pdf_variant=variant)
"""

# Reaped children of this process become ours: the fork server a `briefing --jobs` leaves behind included.
_PR_SET_CHILD_SUBREAPER = 36


# Measuring ---------------------------------------------------------------------------------------------------


@dataclass
class Measured:
    wall: float  # seconds until the command exits
    cpu: float  # user + system seconds of every process it started
    rss: int  # peak resident memory of its main process, KiB
    others: float = 0.0  # CPU seconds the rest of the machine used meanwhile (other people's work)
    samples: list[Sample] = field(default_factory=list)


@dataclass(frozen=True)
class Sample:
    """The resident memory of each process below the command (KiB), and how many outputs exist then."""

    outputs: int
    rss: dict[int, int]  # pid -> VmRSS
    peak: dict[int, int]  # pid -> VmHWM
    roles: dict[int, str]


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit(f"cannot become a child subreaper: {os.strerror(ctypes.get_errno())}")


def measure(
    command: Sequence[str | Path], cwd: Path, *, outputs: Path | None = None, interval: float = 0.5
) -> Measured:
    """Run a command once; with `outputs`, sample the memory of its processes as that folder fills."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = _machine_busy()
    samples: list[Sample] = []
    # stderr goes to a file: a batch's warnings would fill a pipe that nobody reads until the end.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        done = threading.Event()
        sampler = None
        if outputs is not None:
            sampler = threading.Thread(target=_sample, args=(process.pid, outputs, interval, samples, done))
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        done.set()
        if sampler is not None:
            sampler.join()
        _reap_adopted()
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(map(str, command))} failed: {errors.read().decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    others = max(0.0, _machine_busy() - busy_before - cpu)
    return Measured(elapsed, cpu, usage.ru_maxrss, others, samples)


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _reap_adopted(timeout: float = 10.0) -> None:
    """Wait for the orphans of the last command (a fork server ends once its parent has)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def _descendants(root: int) -> dict[int, int]:
    """pid -> parent pid of every process below `root`."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    below: dict[int, int] = {}
    frontier = {root}
    while frontier:
        found = {pid: parent for pid, parent in parents.items() if parent in frontier and pid not in below}
        below.update(found)
        frontier = set(found)
    return below


def _sample(root: int, outputs: Path, interval: float, samples: list[Sample], done: threading.Event) -> None:
    while not done.wait(interval):
        below = _descendants(root)
        servers = {pid for pid, parent in below.items() if parent == root and "forkserver" in _command(pid)}
        rss, peak, roles = {}, {}, {}
        for pid, parent in below.items():
            status = _status(pid)
            if not status:
                continue
            rss[pid] = _kib(status, "VmRSS")
            peak[pid] = _kib(status, "VmHWM")
            # The fork server's children are the workers (their own children, msgfmt, are not).
            roles[pid] = "worker" if parent in servers else ("fork server" if pid in servers else "other")
        rss[root] = _kib(_status(root), "VmRSS")
        peak[root] = _kib(_status(root), "VmHWM")
        roles[root] = "parent"
        try:
            count = sum(1 for name in os.listdir(outputs) if name.endswith(".pdf"))
        except OSError:
            count = 0
        samples.append(Sample(count, rss, peak, roles))


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ""


def _kib(status: str, key: str) -> int:
    match = re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def run_once(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one run of the command line."""
    measured = measure([BRIEFING, *args], cwd)
    return measured.wall, measured.cpu, measured.rss


def median_of(runs: Sequence[Measured]) -> Measured:
    return Measured(
        statistics.median(run.wall for run in runs),
        statistics.median(run.cpu for run in runs),
        max(run.rss for run in runs),
        statistics.median(run.others for run in runs),
    )


def make_batch(folder: Path, count: int) -> Path:
    """`count` copies of the example under new ids (their Albanian editions show the English texts, marked)."""
    # Two editions each, as the targets of issue 11 count them: the bilingual edition is measured on its own.
    briefing = re.sub(r"^bilingual:.*\n", "", EXAMPLE.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    batch = folder / "briefings"
    batch.mkdir(parents=True)
    for number in range(count):
        (batch / f"b{number:03d}.yaml").write_text(
            briefing.replace("id: albania-mek-raid-2023", f"id: batch-{number:03d}", 1), encoding="utf-8"
        )
    return batch


# The machine ------------------------------------------------------------------------------------------------


def has_harfbuzz_subset() -> bool:
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    return "libharfbuzz-subset.so.0" in listing


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1) if match else "unknown"


def machine_lines() -> list[str]:
    import weasyprint

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    subset = "yes" if has_harfbuzz_subset() else "NO (WeasyPrint falls back to fontTools, ~10x slower)"
    return [
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu_model()}, "
        f"{memory:.0f} GiB, {platform.system()} {platform.release()}; shared with other work "
        f"(load average {load} at the start)",
        f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"libharfbuzz-subset0 installed: {subset}",
    ]


# docs/benchmarks.md --------------------------------------------------------------------------------------------


def example_editions() -> tuple[Toolchain, Prepared, list[Printable]]:
    """The example, prepared in this process as `build` prepares it, and its three editions: en, sq, en+sq."""
    from briefing.pipeline.build import Toolchain, prepare
    from briefing.pipeline.editions import printable
    from briefing.workspace import Workspace

    toolchain = Toolchain(Workspace(PROJECT))
    prepared = prepare(EXAMPLE, toolchain, {})
    made = [printable(prepared.briefing, languages, toolchain.catalogs) for languages in (["en"], ["sq"], ["en", "sq"])]
    return toolchain, prepared, made


def write_section(lines: Sequence[str], target: Path = TARGET) -> None:
    """Replace the section that starts with `lines[0]` (a `## ` heading), or add it before the History."""
    heading = lines[0]
    text = target.read_text(encoding="utf-8")
    new = "\n".join(lines).strip() + "\n\n"  # a blank line before the next heading
    own = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if own.search(text):
        text = own.sub(lambda _: new, text, count=1)
    elif "\n## History" in text:
        text = text.replace("\n## History", f"\n{new}## History", 1)
    else:
        text = f"{text.rstrip()}\n\n{new}"
    target.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# The command line ----------------------------------------------------------------------------------------------


def commands_section() -> list[str]:
    rows: list[tuple[str, str, Measured]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        out = folder / "out"

        def row(name: str, output: str, args: list[str]) -> None:
            rows.append((name, output, median_of([measure([BRIEFING, *args], folder) for _ in range(REPEATS)])))

        row("`briefing --help`", "no rendering", ["--help"])
        row("`briefing check` example", "validation only", ["check", str(EXAMPLE)])
        row(
            "`briefing build` example, `--lang en`",
            "1 PDF",
            ["build", str(EXAMPLE), "--lang", "en", "--out", str(out), "--force"],
        )
        row(
            "`briefing build` example, `--jobs 1`",
            "2 PDFs (en, sq)",
            ["build", str(EXAMPLE), "--out", str(out), *SINGLE_EDITIONS, "--force", "--jobs", "1"],
        )
        row(
            "`briefing build` example",
            "2 PDFs, 2 workers",
            ["build", str(EXAMPLE), "--out", str(out), *SINGLE_EDITIONS, "--force"],
        )
        row(
            "`briefing build` example, `--bilingual en+sq`",
            "1 bilingual PDF",
            ["build", str(EXAMPLE), "--bilingual", "en+sq", "--out", str(out), "--force"],
        )
        row("`briefing build` example again", "nothing to do", ["build", str(EXAMPLE), "--out", str(out)])
    lines = [
        COMMANDS_HEADING,
        "",
        f"Measured by `benchmarks/run.py commands`: each row is the real command line in a fresh process, run {REPEATS}",
        "times: the median wall time, the median CPU time of all its processes, and the largest peak resident",
        "memory of its main process. The example renders to 4 pages in English and 5 in Albanian.",
        "",
        *machine_lines(),
        "",
        "| run | output | wall time | CPU time | peak RSS |",
        "|---|---|---:|---:|---:|",
    ]
    for name, output, measured in rows:
        lines.append(
            f"| {name} | {output} | {measured.wall:.2f} s | {measured.cpu:.2f} s | {measured.rss / 1024:.0f} MiB |"
        )
    lines += [
        "",
        "`--help` and `check` never import WeasyPrint, nor does a build with nothing to do, so they start in a",
        "fraction of the time a build takes. With more than one edition to build, `build` renders them in worker",
        "processes (one per CPU): on free cores the wall time falls, while the CPU time rises by what the",
        "workers import (see the targets below, which also say how busy the machine was).",
        "",
    ]
    return lines


# The targets of issue 11 ---------------------------------------------------------------------------------------


def print_pages(
    files: Sequence[Path], out: Path, workspace: Path, editions: Sequence[tuple[str, ...]] | None = None
) -> list[Path]:
    """The HTML each edition's PDF is printed from, its stylesheets inline, one file per edition: what the floor renders.

    `editions` as `--lang`/`--bilingual` name them; by default each briefing's own, as a plain build makes them.
    """
    from briefing.pipeline.build import Toolchain, prepare
    from briefing.pipeline.editions import printable
    from briefing.pipeline.units import editions_shown, output_name
    from briefing.workspace import Workspace

    toolchain = Toolchain(Workspace(workspace))
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in files:
        prepared = prepare(path, toolchain, claimed={})
        briefing = prepared.briefing
        logo = prepared.logo.data_url if prepared.logo is not None else None
        for languages in editions or editions_shown(briefing.languages, briefing.bilingual):
            made = printable(briefing, languages, toolchain.catalogs)
            page = out / output_name(briefing.id, languages, "html")
            page.write_text(
                made.html(toolchain.renderer, paper="a4", inline_css=toolchain.inline_css(), logo=logo),
                encoding="utf-8",
            )
            pages.append(page)
    return sorted(pages)


@dataclass(frozen=True)
class Contender:
    label: str
    command: Callable[[Path], list[str | Path]]  # the output folder -> the command


def targets_section() -> list[str]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        workspace = ["--workspace", str(PROJECT)]  # the example with its Albanian catalog, as users see it
        pages = print_pages([EXAMPLE], folder / "html", PROJECT, [("en",), ("sq",)])
        example = _example_rows(folder, workspace, pages)
        no_op = _no_op(folder, [BRIEFING, *workspace, "build", EXAMPLE], NO_OP_REPEATS)
        batch = _batch_rows(folder)
        profile = edition_profile()
    return _targets_lines(example, no_op, batch, profile)


def _example_rows(folder: Path, workspace: list[str], pages: list[Path]) -> dict[str, Measured]:
    def briefing(*options: str) -> Callable[[Path], list[str | Path]]:
        return lambda out: [BRIEFING, *workspace, "build", EXAMPLE, *SINGLE_EDITIONS, "--out", out, "--force", *options]

    def floor(variant: str) -> Callable[[Path], list[str | Path]]:
        return lambda out: [sys.executable, "-c", FLOOR, variant, out, *pages]

    contenders = [
        Contender("floor, pdf/a-3a", floor("pdf/a-3a")),
        Contender("accessible", briefing()),
        Contender("accessible, --jobs 1", briefing("--jobs", "1")),
        Contender("floor, plain", floor("plain")),
        Contender("plain", briefing("--pdf", "plain", "--no-source")),
        Contender("plain, --jobs 1", briefing("--pdf", "plain", "--no-source", "--jobs", "1")),
    ]
    runs: dict[str, list[Measured]] = {contender.label: [] for contender in contenders}
    for _ in range(TARGET_REPEATS):
        for number, contender in enumerate(contenders):  # interleaved: a busy minute hits each alike
            out = folder / f"example-{number}"
            out.mkdir(exist_ok=True)
            runs[contender.label].append(measure(contender.command(out), folder))
    return {label: median_of(measured) for label, measured in runs.items()}


def _no_op(folder: Path, command: list[str | Path], repeats: int) -> Measured:
    out = folder / f"no-op-{len(list(folder.glob('no-op-*')))}"
    measure([*command, "--out", out], folder)
    return median_of([measure([*command, "--out", out], folder) for _ in range(repeats)])


@dataclass
class BatchRows:
    runs: dict[str, Measured]
    no_op: Measured
    workers: list[tuple[str, list[int]]]  # (when, each worker's resident memory in KiB)


def _batch_rows(folder: Path) -> BatchRows:
    root = folder / "batch"
    files = sorted(make_batch(root, BATCH).iterdir())
    pages = print_pages(files, root / "html", root)

    def loop(*options: str) -> list[str | Path]:
        # What a script would do: the weasyprint command once per HTML file.
        flags = " ".join(options)
        script = f'for f in "$@"; do "{WEASYPRINT}" {flags} "$f" "out/$(basename "$f" .html).pdf"; done'
        return ["bash", "-c", f"mkdir -p out && {script}", "loop", *pages]

    def build(out: str, *options: str) -> list[str | Path]:
        return [BRIEFING, "build", *files, "--out", root / out, "--force", *options]

    runs: dict[str, Measured] = {}
    runs["accessible, --jobs 2"] = measure(build("jobs2", "--jobs", "2"), root, outputs=root / "jobs2")
    runs["weasyprint loop, pdf/a-3a"] = measure(loop("--pdf-variant", "pdf/a-3a"), root)
    runs["accessible, --jobs 1"] = measure(build("jobs1", "--jobs", "1"), root)
    runs["plain, --jobs 2"] = measure(build("plain", "--jobs", "2", "--pdf", "plain", "--no-source"), root)
    shutil.rmtree(root / "out")
    runs["weasyprint loop, plain"] = measure(loop(), root)
    no_op = median_of([measure([BRIEFING, "build", *files, "--out", root / "jobs2"], root) for _ in range(3)])
    return BatchRows(runs, no_op, _worker_memory(runs["accessible, --jobs 2"].samples))


def _worker_memory(samples: list[Sample]) -> list[tuple[str, list[int]]]:
    """Each worker's resident memory after a tenth of the PDFs, half of them, and at the end; and its peak."""
    total = 2 * BATCH
    # The last samples may come after the workers have exited: only those that saw them count.
    samples = [sample for sample in samples if "worker" in sample.roles.values()] or samples
    rows = []
    for share, name in ((0.1, "after a tenth"), (0.5, "after half"), (1.0, "at the end")):
        reached = [sample for sample in samples if sample.outputs >= share * total * 0.99] or samples[-1:]
        sample = reached[0] if share < 1 else samples[-1]
        workers = [sample.rss[pid] for pid, role in sorted(sample.roles.items()) if role == "worker"]
        rows.append((f"{name} ({sample.outputs} PDFs)", workers))
    last = samples[-1]
    rows.append(("peak (VmHWM)", [last.peak[pid] for pid, role in sorted(last.roles.items()) if role == "worker"]))
    parent = [last.peak[pid] for pid, role in last.roles.items() if role == "parent"]
    rows.append(("the parent's peak", parent))
    return rows


# Where the time goes: cProfile of warm editions, summed by stage.
STAGES = [
    ("WeasyPrint: layout", "weasyprint/document.py", "_render"),
    ("WeasyPrint: PDF writing", "weasyprint/document.py", "write_pdf"),
    ("finishing (pikepdf)", "briefing/finishing/finish.py", "finish_pdf"),
    ("the briefing file it carries", "briefing/pipeline/build.py", "_attachments"),
    ("localize", "briefing/pipeline/localize.py", "localize"),
    ("HTML (Jinja2, timeline, hyphenation)", "briefing/pipeline/render.py", "render"),
    ("write (fsync, rename)", "briefing/pipeline/write.py", "write_atomically"),
]
PROFILED_EDITIONS = 6


def edition_profile() -> dict[str, float]:
    """Seconds per edition in each stage of a warm build, and the imports of a cold one (fresh processes)."""
    code = f"""
import cProfile, pstats, tempfile
from pathlib import Path
from briefing.pipeline.build import Task, Toolchain, build_unit, prepare
from briefing.pipeline.units import BuildRequest, Unit
from briefing.workspace import Workspace
toolchain = Toolchain(Workspace(Path({str(PROJECT)!r})))
toolchain.printer
path = Path({str(EXAMPLE)!r})
prepared = prepare(path, toolchain, {{}})
out = Path(tempfile.mkdtemp())
tasks = [Task(Unit(out / f"{{n}}.{{language}}.pdf", path, (language,)), prepared, BuildRequest([path]))
         for n in range({PROFILED_EDITIONS // 2}) for language in ("en", "sq")]
build_unit(tasks[0], toolchain); build_unit(tasks[1], toolchain)  # warm: catalogs read, fonts loaded
profile = cProfile.Profile()
profile.enable()
for task in tasks:
    build_unit(task, toolchain)
profile.disable()
stats = pstats.Stats(profile).stats
total = sum(tt for _, _, tt, _, _ in stats.values())
print("total", total)
for label, file, function in {STAGES!r}:
    print(label, "\\t", sum(ct for (f, _, name), (_, _, _, ct, _) in stats.items() if f.endswith(file) and name == function))
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    profile: dict[str, float] = {}
    for line in output.splitlines():
        label, value = line.rsplit(None, 1)
        profile[label.strip()] = float(value) / PROFILED_EDITIONS
    for label, modules in (
        ("import WeasyPrint", "import weasyprint"),
        ("import the pipeline and WeasyPrint", "import briefing.pipeline.build, weasyprint"),
    ):
        runs = [measure([sys.executable, "-c", modules], PROJECT).wall for _ in range(REPEATS)]
        profile[label] = statistics.median(runs)
    profile["python start-up"] = statistics.median(
        measure([sys.executable, "-c", "pass"], PROJECT).wall for _ in range(REPEATS)
    )
    return profile


def _batch_row(label: str, run: Measured, editions: int, ratio: str) -> str:
    return (
        f"| {label} | {run.wall:.1f} s | {run.wall / editions:.2f} s | {run.cpu:.1f} s | {run.cpu / editions:.2f} s "
        f"| {ratio} | {run.others / run.wall:.2f} |"
    )


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x"


def _targets_lines(
    example: dict[str, Measured], no_op: Measured, batch: BatchRows, profile: dict[str, float]
) -> list[str]:
    def example_row(label: str, floor: str, what: str) -> str:
        run, base = example[label], example[floor]
        return (
            f"| {what} | {run.wall:.2f} s | {_ratio(run.wall, base.wall)} | {run.cpu:.2f} s "
            f"| {_ratio(run.cpu, base.cpu)} | {run.rss / 1024:.0f} MiB | {run.others / run.wall:.2f} |"
        )

    runs = batch.runs
    jobs2, jobs1, loop = runs["accessible, --jobs 2"], runs["accessible, --jobs 1"], runs["weasyprint loop, pdf/a-3a"]
    plain2, plain_loop = runs["plain, --jobs 2"], runs["weasyprint loop, plain"]
    editions = 2 * BATCH
    lines = [
        TARGETS_HEADING,
        "",
        "Measured by `benchmarks/run.py targets`, every row in one run, on this machine:",
        "",
        *machine_lines(),
        "",
        "The floor is WeasyPrint itself: one Python process that imports WeasyPrint and renders the HTML",
        "each edition's PDF is printed from (its stylesheets inline) for the same editions, and nothing else. Like is compared with",
        "like: briefing's accessible PDFs (tagged, then finished as PDF/UA-1, with their source attached) with",
        "WeasyPrint's `pdf/a-3a` variant, which tags; `--pdf plain --no-source` with WeasyPrint's default.",
        "The floor renders its editions one after the other; `briefing build` uses a worker per CPU (2 here)",
        "unless `--jobs 1`. Wall time is what a user waits; CPU time (all processes) is what the machine spends.",
        "",
        f"### The example (two editions), median of {TARGET_REPEATS} interleaved runs",
        "",
        "| run | wall | vs floor | CPU | vs floor | peak RSS | others meanwhile |",
        "|---|---:|---:|---:|---:|---:|---:|",
        example_row("floor, pdf/a-3a", "floor, pdf/a-3a", "floor: WeasyPrint, `pdf/a-3a`"),
        example_row("accessible", "floor, pdf/a-3a", "`briefing build` (accessible, the default)"),
        example_row("accessible, --jobs 1", "floor, pdf/a-3a", "`briefing build --jobs 1`"),
        example_row("floor, plain", "floor, plain", "floor: WeasyPrint, plain"),
        example_row("plain", "floor, plain", "`briefing build --pdf plain --no-source`"),
        example_row("plain, --jobs 1", "floor, plain", "`briefing build --pdf plain --no-source --jobs 1`"),
        "",
        f"### {BATCH} briefings x 2 editions (copies of the example), one run each",
        "",
        "The last column is the CPU the machine's other work took meanwhile, in cores: what was left of the",
        "two for the run.",
        "",
        "| run | wall | per PDF | CPU | CPU per PDF | ratio | others meanwhile |",
        "|---|---:|---:|---:|---:|---|---:|",
        _batch_row("`briefing build --jobs 2` (accessible)", jobs2, editions, ""),
        _batch_row(
            "`briefing build --jobs 1` (accessible)",
            jobs1,
            editions,
            f"`--jobs 2` is {_ratio(jobs1.wall, jobs2.wall)} faster (target 1.7x)",
        ),
        _batch_row(
            "shell loop of `weasyprint --pdf-variant pdf/a-3a`",
            loop,
            editions,
            f"`--jobs 2` is {_ratio(loop.wall, jobs2.wall)} faster (target 4x)",
        ),
        _batch_row("`briefing build --jobs 2 --pdf plain --no-source`", plain2, editions, ""),
        _batch_row(
            "shell loop of `weasyprint` (plain)",
            plain_loop,
            editions,
            f"plain `--jobs 2` is {_ratio(plain_loop.wall, plain2.wall)} faster",
        ),
        "",
        "### Builds with nothing to do",
        "",
        "| run | wall | target |",
        "|---|---:|---:|",
        f"| the example, again (median of {NO_OP_REPEATS}) | {no_op.wall:.2f} s | 0.3 s |",
        f"| the {BATCH} briefings, again (median of 3) | {batch.no_op.wall:.2f} s | 1 s |",
        "",
        "### Memory of each worker over the batch (`--jobs 2`, resident, sampled every half second)",
        "",
        "| when | worker resident memory |",
        "|---|---|",
        *(
            f"| {when} | {', '.join(f'{kib / 1024:.0f} MiB' for kib in values) or 'no sample'} |"
            for when, values in batch.workers
        ),
        "",
        "### Where the time of an edition goes",
        "",
        f"cProfile of {PROFILED_EDITIONS} warm editions of the example in one process (per edition; the profiler",
        "adds its own overhead to Python code, so read the shares), and the imports of a fresh process:",
        "",
        "| stage | seconds per edition |",
        "|---|---:|",
        *(f"| {label} | {profile[label]:.3f} |" for label, _, _ in STAGES),
        f"| all (profiled) | {profile['total']:.3f} |",
        "",
        "| start-up | seconds |",
        "|---|---:|",
        f"| Python | {profile['python start-up']:.2f} |",
        f"| Python and `import weasyprint` (the floor's) | {profile['import WeasyPrint']:.2f} |",
        f"| Python, the pipeline and WeasyPrint (a worker's, or `--jobs 1`'s) | "
        f"{profile['import the pipeline and WeasyPrint']:.2f} |",
        "",
        *_verdicts(example, no_op, batch, profile),
    ]
    return lines


def _verdicts(example: dict[str, Measured], no_op: Measured, batch: BatchRows, profile: dict[str, float]) -> list[str]:
    """Each target, met or not, and what stands in the way of those that are not, from this run's numbers."""
    runs = batch.runs
    jobs2, jobs1, loop = runs["accessible, --jobs 2"], runs["accessible, --jobs 1"], runs["weasyprint loop, pdf/a-3a"]
    editions = 2 * BATCH
    floor, accessible, alone = example["floor, pdf/a-3a"], example["accessible"], example["accessible, --jobs 1"]
    weasyprint = profile["WeasyPrint: layout"] + profile["WeasyPrint: PDF writing"]
    ours = sum(profile[label] for label, _, _ in STAGES) - weasyprint
    first_worker, last_worker = batch.workers[0][1], batch.workers[2][1]
    growth = max((b - a for a, b in zip(first_worker, last_worker, strict=False)), default=0) / 1024

    def verdict(met: bool) -> str:
        return "**met**" if met else "**missed**"

    free_cores = jobs2.cpu / 2  # the wall time of --jobs 2 if both cores were its own
    needed = loop.wall / 4 * 2 / editions  # CPU per PDF that would give 4x on two free cores
    return [
        "### The targets",
        "",
        f"- The example, `briefing build` against the floor, at most 1.10x: {verdict(accessible.wall <= 1.10 * floor.wall)}, "
        f"{_ratio(accessible.wall, floor.wall)} (two workers); with `--jobs 1`, {_ratio(alone.wall, floor.wall)}. In one",
        f"  process an edition adds its own stages to WeasyPrint's ({ours:.3f} s against {weasyprint:.3f} s in the profile),",
        f"  and the pipeline's imports ({profile['import the pipeline and WeasyPrint']:.2f} s against "
        f"{profile['import WeasyPrint']:.2f} s): two workers hide that in",
        "  wall time, not in CPU time.",
        f"- {BATCH} briefings, `--jobs 2` against `--jobs 1`, at least 1.7x: {verdict(jobs1.wall >= 1.7 * jobs2.wall)}, "
        f"{_ratio(jobs1.wall, jobs2.wall)}.",
        f"  `--jobs 2` spent {jobs2.cpu:.0f} s of CPU against {jobs1.cpu:.0f} s for `--jobs 1` "
        f"({jobs2.cpu / jobs1.cpu - 1:+.0%}; workers add the fork server's imports, the parent reading each",
        "  briefing and the tasks pickled"
        + ("" if jobs2.cpu > jobs1.cpu else ", which this run's noise outweighs")
        + "). The machine's other work took "
        f"{jobs2.others / jobs2.wall:.2f} of the 2 cores",
        f"  during that run; with both free, {jobs2.cpu:.0f} s of CPU would take about {free_cores:.0f} s "
        f"({_ratio(jobs1.wall, free_cores)}).",
        f"- `--jobs 2` against a shell loop of the `weasyprint` command, at least 4x: {verdict(loop.wall >= 4 * jobs2.wall)}, "
        f"{_ratio(loop.wall, jobs2.wall)}.",
        f"  The loop pays {loop.cpu / editions:.2f} s of CPU per PDF, {profile['import WeasyPrint']:.2f} s of it "
        f"starting Python and importing WeasyPrint; an edition costs `briefing` {jobs1.cpu / editions:.2f} s,",
        f"  {weasyprint / (weasyprint + ours):.0%} of it in WeasyPrint's layout and PDF writing (the profile above). Even "
        f"on two free cores `--jobs 2` would be {_ratio(loop.wall, free_cores)} faster: 4x needs",
        f"  {needed:.2f} s of CPU per PDF, about what WeasyPrint alone takes. What `briefing` adds (finishing as "
        "PDF/UA-1, the briefing file each PDF carries, the HTML with its timeline and hyphenation) is the rest.",
        f"- A build with nothing to do: the example at most 0.3 s, {verdict(no_op.wall <= 0.3)} ({no_op.wall:.2f} s); "
        f"{BATCH} briefings at most 1 s, {verdict(batch.no_op.wall <= 1.0)} ({batch.no_op.wall:.2f} s).",
        f"- Memory of each worker flat over the batch: {verdict(growth < 20)}, at most {growth:+.0f} MiB from a tenth "
        "of the batch to its end.",
        "",
    ]


# Accessible vs plain PDFs --------------------------------------------------------------------------------------


def pdf_kinds_section() -> list[str]:
    """Time per edition and file size of each kind of PDF, measured in one run, runs interleaved."""
    walls: dict[str, list[float]] = {label: [] for label, _ in PDF_KINDS}
    cpus: dict[str, list[float]] = {label: [] for label, _ in PDF_KINDS}
    sizes: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        batch = sorted(map(str, make_batch(folder / "batch", PDF_KINDS_BATCH).iterdir()))
        editions = 2 * PDF_KINDS_BATCH
        for _ in range(PDF_KINDS_REPEATS):
            for number, (label, options) in enumerate(PDF_KINDS):
                # Interleaved: a slower minute of the machine hits every kind alike. One process, as it was
                # measured before workers came: the cost of the kind itself, not of a pool.
                elapsed, cpu, _rss = run_once(
                    ["build", *batch, "--out", str(folder / f"out-{number}"), "--force", "--jobs", "1", *options],
                    folder,
                )
                walls[label].append(elapsed / editions)
                cpus[label].append(cpu / editions)
        for number, (label, options) in enumerate(PDF_KINDS):
            out = folder / f"example-{number}"
            # In this repository's workspace, so the Albanian edition has its translations, as users see it.
            run_once(
                ["--workspace", str(PROJECT), "build", str(EXAMPLE), "--out", str(out), *SINGLE_EDITIONS, *options],
                folder,
            )
            files = list(out.glob("*.pdf"))
            sizes[label] = sum(path.stat().st_size for path in files) / len(files)
    base_cpu = statistics.median(cpus[PDF_KINDS[0][0]])
    base_wall = statistics.median(walls[PDF_KINDS[0][0]])
    base_size = sizes[PDF_KINDS[0][0]]
    lines = [
        PDF_KINDS_HEADING,
        "",
        f"Measured by `benchmarks/run.py pdf-kinds` on {dt.date.today().isoformat()}, same machine: each kind builds",
        f"{PDF_KINDS_BATCH} copies of the example ({2 * PDF_KINDS_BATCH} editions) in one process (`--jobs 1`),",
        f"{PDF_KINDS_REPEATS} times, interleaved. Times are medians per edition: CPU time (user + system) is",
        "the measure, since the machine's 2 cores are shared and wall time swings with others' work.",
        "The size is the mean of the example's two editions, built with their catalogs.",
        "",
        "| PDF | CPU per edition | vs plain | wall per edition | vs plain | file size | vs plain |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, _ in PDF_KINDS:
        cpu, wall = statistics.median(cpus[label]), statistics.median(walls[label])
        lines.append(
            f"| {label} | {cpu:.3f} s | {cpu / base_cpu - 1:+.0%} | {wall:.3f} s | {wall / base_wall - 1:+.0%} "
            f"| {sizes[label] / 1024:.1f} KiB | {sizes[label] / base_size - 1:+.0%} |"
        )
    lines += [
        "",
        "The target of issue 10 is at most +25% time and +60% size for an accessible edition. The time",
        "goes to WeasyPrint's tagging and to the finishing pass (pikepdf: parse the pages, rewrite the",
        "tree and the XMP, save with object streams); the size to the structure tree, which object",
        "streams compress. The carried source adds its compressed YAML (and the logo, if any).",
        "Wall times here swing by a fifth from run to run with the other work on the machine: compare",
        "the CPU columns.",
        "",
    ]
    return lines


# One edition in a warm process -------------------------------------------------------------------------------


def edition_cpu_section() -> list[str]:
    """Each edition of the example, made in this process as a worker makes it, against the floor of issue 24.

    The floor is WeasyPrint's own tagged rendering (`pdf_variant="pdf/ua-1"`)
    of the same HTML with the same stylesheets and fonts, one layout. Rounds
    are interleaved, after one warm-up of each; the medians of CPU time are
    compared. The layouts each edition took are counted (`HTML.render`): a
    layout that leaves a third of a page blank is tried again tighter.
    """
    import weasyprint

    from briefing.pipeline.build import make_output
    from briefing.pipeline.units import BuildRequest

    toolchain, prepared, made = example_editions()
    printer = toolchain.printer
    request = BuildRequest([EXAMPLE])
    renders = [0]
    render = weasyprint.HTML.render

    def counted(self: weasyprint.HTML, *args: object, **kwargs: object) -> weasyprint.Document:
        renders[0] += 1
        return render(self, *args, **kwargs)

    def floor(html: str) -> None:
        document = weasyprint.HTML(string=html, base_url=(EXAMPLE.parent / "index.html").as_uri())
        document.write_pdf(stylesheets=printer.stylesheets, font_config=printer.font_config, pdf_variant="pdf/ua-1")

    rows: list[str] = []
    weasyprint.HTML.render = counted
    try:
        for edition in made:
            html = edition.html(toolchain.renderer, paper="a4", inline_css=None, logo=None)
            ours: list[float] = []
            theirs: list[float] = []
            make_output(prepared, edition, request, toolchain)  # warm: catalogs read, fonts loaded
            floor(html)
            renders[0] = 0
            for _ in range(EDITION_CPU_ROUNDS):
                started = time.process_time()
                make_output(prepared, edition, request, toolchain)
                ours.append(time.process_time() - started)
                started = time.process_time()
                floor(html)
                theirs.append(time.process_time() - started)
            layouts = (renders[0] - EDITION_CPU_ROUNDS) // EDITION_CPU_ROUNDS
            mine, floor_cpu = statistics.median(ours), statistics.median(theirs)
            rows.append(f"| {edition.name} | {layouts} | {mine:.2f} | {floor_cpu:.2f} | {_ratio(mine, floor_cpu)} |")
    finally:
        weasyprint.HTML.render = render
    return [
        EDITION_CPU_HEADING,
        "",
        f"Measured {dt.date.today().isoformat()} on {cpu_model()}; median of {EDITION_CPU_ROUNDS} interleaved rounds,",
        "CPU seconds of this one warm process (`benchmarks/run.py edition-cpu`). Target of issue 24: at most 1.15x.",
        "",
        "| edition | layouts | `briefing` (s) | WeasyPrint, tagged (s) | ratio |",
        "|---|---:|---:|---:|---:|",
        *rows,
        "",
        "What stands in the way: an edition laid out twice (the page-fill rule of issue 22 tries the",
        "tighter layout when a page would leave its bottom third blank, and keeps it when it saves a",
        "page) costs about two of the floor's layouts, whatever the rest costs. With one layout, what",
        "`briefing` adds is the finishing pass (the PDF/UA-1 structure, the text mended for readers),",
        "the briefing file each PDF carries (written with ruamel.yaml) and the HTML with its timeline",
        '("Where the time of an edition goes" above has their shares).',
        "",
    ]


SECTIONS: dict[str, Callable[[], list[str]]] = {
    "commands": commands_section,
    "targets": targets_section,
    "pdf-kinds": pdf_kinds_section,
    "edition-cpu": edition_cpu_section,
}


def main() -> None:
    names = sys.argv[1:] or list(SECTIONS)
    if unknown := [name for name in names if name not in SECTIONS]:
        raise SystemExit(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    become_subreaper()
    for name in names:
        lines = SECTIONS[name]()
        write_section(lines)
        print("\n".join(lines))


if __name__ == "__main__":
    main()
