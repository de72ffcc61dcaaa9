"""What the template sandbox costs: the example's HTML rendered with and without it, in one process.

Every template renders in `render.ThemeSandbox` (issue 21: a theme is not
code). The sandbox checks each attribute a template reads and each call it
makes, so rendering costs more CPU; this measures how much, against the same
templates in a plain Jinja environment of the same options, interleaved, and
against what a whole edition costs (`benchmarks/run.py`'s section). It
writes "## The template sandbox" of docs/benchmarks.md (`run.write_section`).
Run it with `.venv/bin/python benchmarks/sandbox.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from jinja2 import Environment  # noqa: E402

from benchmarks.run import EXAMPLE, cpu_model, example_editions, write_section  # noqa: E402
from briefing.pipeline.build import make_output  # noqa: E402
from briefing.pipeline.render import Renderer  # noqa: E402
from briefing.pipeline.units import BuildRequest  # noqa: E402

ROUNDS = 15
HEADING = "## The template sandbox"


def main() -> None:
    toolchain, prepared, made = example_editions()
    sandboxed = toolchain.renderer
    sandbox = sandboxed.environment
    plain = Renderer(toolchain.resources.templates, None, sandboxed.palette)
    plain.environment = Environment(
        loader=sandbox.loader,
        autoescape=sandbox.autoescape,
        undefined=sandbox.undefined,
        trim_blocks=sandbox.trim_blocks,
        lstrip_blocks=sandbox.lstrip_blocks,
    )
    plain.environment.filters.update(sandbox.filters)

    def render(renderer: Renderer) -> list[str]:
        return [edition.html(renderer, paper="a4", inline_css=None, logo=None) for edition in made]

    assert render(plain) == render(sandboxed), "the sandbox changed the HTML"
    times: dict[str, list[float]] = {"plain": [], "sandboxed": []}
    for _ in range(ROUNDS):
        for name, renderer in (("plain", plain), ("sandboxed", sandboxed)):
            start = time.process_time()
            render(renderer)
            times[name].append(time.process_time() - start)
    start = time.process_time()
    for edition in made:  # the whole edition, as `build` makes it: for scale
        make_output(prepared, edition, BuildRequest(files=(EXAMPLE,)), toolchain)
    build_ms = (time.process_time() - start) * 1000
    plain_ms = statistics.median(times["plain"]) * 1000
    sandboxed_ms = statistics.median(times["sandboxed"]) * 1000
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        HEADING,
        "",
        f"Measured by `benchmarks/sandbox.py` on {dt.date.today().isoformat()} ({cpu_model()}, load average {load}):",
        f"the HTML of the example's three editions (en, sq, en+sq), rendered {ROUNDS} times each way, interleaved,",
        "in one warm process; the median CPU time of one round. The HTML is the same, byte for byte.",
        "",
        "| templates rendered in | CPU, 3 editions | vs plain |",
        "|---|---:|---:|",
        f"| a plain Jinja environment | {plain_ms:.0f} ms | |",
        f"| `render.ThemeSandbox` (every build) | {sandboxed_ms:.0f} ms | {sandboxed_ms / plain_ms - 1:+.0%} |",
        "",
        f"The sandbox adds about {sandboxed_ms - plain_ms:.0f} ms of CPU to the three editions, whose whole making",
        f"(render, print, finish; measured once here) takes {build_ms / 1000:.1f} s: "
        f"{(sandboxed_ms - plain_ms) / build_ms:.1%} of it.",
        "",
    ]
    write_section(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
