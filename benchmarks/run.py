"""Measure how long `briefing` takes and how much memory it needs; write docs/benchmarks.md.

Each scenario runs the real command line in a fresh process, a few times,
and reports the median wall time and the peak resident memory (from wait4).
Run it with `make bench` (or `.venv/bin/python benchmarks/run.py`).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "briefings" / "albania-mek-raid-2023.yaml"
BRIEFING = Path(sys.executable).with_name("briefing")
REPEATS = 3


def measure(args: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of the command line."""
    # stderr goes to a file: a batch's warnings would fill a pipe that nobody reads until the end.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([str(BRIEFING), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"briefing {' '.join(args)} failed: {errors.read().decode()}")
    return elapsed, usage.ru_maxrss


def scenario(args: list[str], cwd: Path, repeats: int = REPEATS) -> tuple[float, int]:
    runs = [measure(args, cwd) for _ in range(repeats)]
    return statistics.median(t for t, _ in runs), max(rss for _, rss in runs)


def make_batch(folder: Path, count: int) -> Path:
    source = EXAMPLE.read_text(encoding="utf-8")
    batch = folder / "briefings"
    batch.mkdir(parents=True)
    for number in range(count):
        (batch / f"b{number:03d}.yaml").write_text(
            source.replace("id: albania-mek-raid-2023", f"id: batch-{number:03d}", 1), encoding="utf-8"
        )
    return batch


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


def main() -> None:
    import weasyprint

    rows: list[tuple[str, str, float, int]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        out = folder / "out"
        rows.append(("`briefing --help`", "no rendering", *scenario(["--help"], folder)))
        rows.append(("`briefing check` example", "validation only", *scenario(["check", str(EXAMPLE)], folder)))
        rows.append(
            (
                "`briefing build` example, `--lang en`",
                "1 PDF",
                *scenario(["build", str(EXAMPLE), "--lang", "en", "--out", str(out)], folder),
            )
        )
        rows.append(
            (
                "`briefing build` example",
                "2 PDFs (en, sq)",
                *scenario(["build", str(EXAMPLE), "--out", str(out)], folder),
            )
        )
        for count in (10, 50, 200):
            batch = make_batch(folder / f"batch{count}", count)
            rows.append(
                (
                    f"`briefing build` {count} briefings",
                    f"{2 * count} PDFs, one process",
                    *scenario(["build", *map(str, sorted(batch.iterdir())), "--out", str(out)], folder, repeats=1),
                )
            )
            shutil.rmtree(batch.parent)

    lines = [
        "# Benchmarks",
        "",
        "Measured by `benchmarks/run.py` (`make bench`), which runs the real command line in a fresh",
        f"process ({REPEATS} times per row, once for the batches): the median wall time and the largest",
        "peak resident memory.",
        "The example briefing renders to 4 pages per edition; the batches are copies of it under new",
        "ids (their Albanian editions show the English texts, marked, since the catalog is the example's).",
        "Re-run it after changing templates, styles or dependencies and commit the new table.",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}",
        f"- libharfbuzz-subset0 installed: {'yes' if has_harfbuzz_subset() else 'NO (WeasyPrint falls back to fontTools, ~10x slower)'}",
        "",
        "| run | output | wall time (median) | per PDF | peak RSS |",
        "|---|---|---:|---:|---:|",
    ]
    for name, output, seconds, rss in rows:
        pdfs = re.match(r"(\d+) PDF", output)
        per_pdf = f"{seconds / int(pdfs.group(1)):.2f} s" if pdfs else ""
        lines.append(f"| {name} | {output} | {seconds:.2f} s | {per_pdf} | {rss / 1024:.0f} MiB |")
    lines += [
        "",
        "What the numbers show:",
        "",
        "- `--help` and `check` never import WeasyPrint, so they start in a fraction of the time a build takes.",
        "- All editions of a run share one WeasyPrint `FontConfiguration` and one parsed stylesheet,",
        "  so the time per PDF falls as a batch grows: the fixed cost is paid once.",
        "- Peak memory stays nearly flat from 10 to 200 briefings: a briefing's editions are written and dropped",
        "  before the next briefing is rendered.",
        "",
        "## History",
        "",
        "- 0.1.0, first layout: 1.54 s per PDF in the 50-briefing batch, 1.06 s for `check`. Profiling",
        "  showed WeasyPrint's flex and grid layout (min-content passes) taking over half of the",
        "  rendering time, and the edtf grammar ~30 ms per date. Floats and fixed tables replaced",
        "  flex and grid, and common date forms are now read directly (tested equal to edtf): 0.73 s",
        "  per PDF and 0.55 s for `check`.",
        "",
    ]
    target = PROJECT / "docs" / "benchmarks.md"
    target.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
