"""What mending WeasyPrint's line ends costs: the example printed with and without `line_ends`, in one process.

`briefing/pipeline/line_ends.py` wraps WeasyPrint's `split_first_line`: a
line that would end on a soft hyphen without its hyphen, or on an earlier
word's division, is laid out again without that division. This prints the
example's three editions (en, sq, en+sq; plain PDFs, the HTML made once)
with WeasyPrint's own function and with the wrapper, interleaved, and counts
the lines the wrapper mended. It writes "## Mended line ends" of
docs/benchmarks.md (`run.write_section`). Run it with
`.venv/bin/python benchmarks/line_ends.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from weasyprint.layout import inline  # noqa: E402

from benchmarks.run import EXAMPLE, cpu_model, example_editions, write_section  # noqa: E402

ROUNDS = 5
HEADING = "## Mended line ends"


def main() -> None:
    toolchain, _prepared, made = example_editions()
    documents = [edition.html(toolchain.renderer, paper="a4", inline_css=None, logo=None) for edition in made]
    printer = toolchain.printer  # installs the wrapper
    mended = inline.split_first_line
    original = _original_of(mended)

    calls = {"all": 0, "retried": 0}

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        calls["all"] += 1
        first = original(text, *args, **kwargs)
        result = mended(text, *args, **kwargs)
        if result[0].text != first[0].text:
            calls["retried"] += 1
        return result

    def print_all() -> None:
        for html in documents:
            printer.print_pdf(html, base_dir=EXAMPLE.parent, identifier="benchmark")

    inline.split_first_line = counting
    print_all()
    times: dict[str, list[float]] = {"weasyprint": [], "mended": []}
    for _ in range(ROUNDS):
        for name, function in (("weasyprint", original), ("mended", mended)):
            inline.split_first_line = function
            start = time.process_time()
            print_all()
            times[name].append(time.process_time() - start)
    inline.split_first_line = mended
    plain_ms = statistics.median(times["weasyprint"]) * 1000
    mended_ms = statistics.median(times["mended"]) * 1000
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        HEADING,
        "",
        f"Measured by `benchmarks/line_ends.py` on {dt.date.today().isoformat()} ({cpu_model()}, load average {load}):",
        f"the example's three editions (en, sq, en+sq) printed as plain PDFs {ROUNDS} times each way, interleaved,",
        "in one warm process, from the same HTML; the median CPU time of one round.",
        "",
        "| lines broken by | CPU, 3 editions (median) | fastest – slowest round | vs WeasyPrint's |",
        "|---|---:|---:|---:|",
        f"| WeasyPrint 70's `split_first_line` | {plain_ms:.0f} ms | {_spread(times['weasyprint'])} | |",
        f"| `line_ends` (every build) | {mended_ms:.0f} ms | {_spread(times['mended'])} "
        f"| {mended_ms / plain_ms - 1:+.1%} |",
        "",
        "A difference smaller than the spread of the rounds is not a cost: the mended lines also move",
        "a few page breaks, which changes what WeasyPrint lays out next.",
        "",
        f"Of {calls['all']} first lines WeasyPrint looked for, `line_ends` broke {calls['retried']} differently",
        "(a division printed without its hyphen, or one of an earlier word); each costs one or two more",
        "line layouts, and the others one comparison.",
        "",
    ]
    write_section(lines)
    print("\n".join(lines))


def _spread(seconds: list[float]) -> str:
    return f"{min(seconds) * 1000:.0f} – {max(seconds) * 1000:.0f} ms"


def _original_of(mended: Any) -> Any:
    """WeasyPrint's function, as the wrapper holds it."""
    for cell in mended.__closure__ or ():
        if callable(cell.cell_contents) and cell.cell_contents.__name__ == "split_first_line":
            return cell.cell_contents
    raise SystemExit("line_ends is not installed: nothing to compare")


if __name__ == "__main__":
    main()
