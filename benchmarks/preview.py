"""Measure `briefing preview`: the time from saving the briefing to the reloaded page, in a real browser.

The repository's example is copied into a temporary workspace and previewed
by the real command; Debian's headless Chromium (driven by Playwright) shows
the English edition, scrolled down. The script saves the briefing file
SAVES times, each with a new title, and takes for each save the time from
just before the write to the end of the reloaded edition's load event, which
is when its scroll position has been restored. That end is read from the
browser's own clock (`performance.timeOrigin` + `loadEventEnd`), so how
often Playwright looks does not count. For comparison it also times, in
this process, one refresh of the preview's state (a fresh Toolchain and the
HTML of both editions), the part of the reload that is rendering.

Run it with `make bench` (after benchmarks/run.py) or `.venv/bin/python
benchmarks/preview.py`; it replaces its own section of docs/benchmarks.md
(`run.write_section`) and leaves the others as they are.
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
sys.path.insert(0, str(PROJECT))  # the browser helpers of the tests

from benchmarks.run import cpu_model, write_section  # noqa: E402
from briefing.preview.state import Preview  # noqa: E402
from briefing.workspace import Workspace  # noqa: E402
from tests.browser import CHROMIUM, launch_chromium, running_preview  # noqa: E402

EXAMPLE_ID = "albania-mek-raid-2023"
SAVES = 10
SCROLL_Y = 600
HEADING = "## Preview: from save to reloaded page"

# The reloaded edition's end of loading, on the browser's clock (ms since the epoch), once it shows `marker`.
RELOADED_AT = """(marker) => {
  const frame = document.getElementById("edition");
  const document_ = frame && frame.contentDocument;
  if (!document_ || !document_.body || !document_.body.textContent.includes(marker)) return null;
  const view = frame.contentWindow;
  const navigation = view.performance.getEntriesByType("navigation")[0];
  if (!navigation || navigation.loadEventEnd === 0) return null;
  return { at: view.performance.timeOrigin + navigation.loadEventEnd, scrollY: view.scrollY };
}"""


def make_workspace(folder: Path) -> Path:
    (folder / "briefings").mkdir(parents=True)
    shutil.copy(PROJECT / "briefings" / f"{EXAMPLE_ID}.yaml", folder / "briefings")
    catalogs = folder / "locales" / "sq" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(PROJECT / "locales" / "sq" / "LC_MESSAGES" / f"{EXAMPLE_ID}.po", catalogs)
    return folder / "briefings" / f"{EXAMPLE_ID}.yaml"


def save_to_reload(workspace: Path, briefing: Path) -> list[float]:
    from playwright.sync_api import sync_playwright

    original = briefing.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', original, re.MULTILINE)
    assert title, "the example's title is a quoted string on one line"
    seconds = []
    with running_preview(workspace, str(briefing.relative_to(workspace))) as preview, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.goto(preview.url)
        page.wait_for_function(RELOADED_AT, arg=title.group(1))
        page.evaluate(f"document.getElementById('edition').contentWindow.scrollTo(0, {SCROLL_Y})")
        for number in range(1, SAVES + 1):
            marker = f"(edit {number})"
            edited = original.replace(title.group(0), f'title: "{title.group(1)} {marker}"', 1)
            time.sleep(0.5)  # let the previous reload settle: saves come seconds apart when someone writes
            saved = time.time()
            briefing.write_text(edited, encoding="utf-8")
            reloaded = page.wait_for_function(RELOADED_AT, arg=marker, timeout=30_000).json_value()
            if reloaded["scrollY"] != SCROLL_Y:
                raise SystemExit(f"save {number}: the page came back at {reloaded['scrollY']}, not {SCROLL_Y}")
            seconds.append(reloaded["at"] / 1000 - saved)
        browser.close()
    return seconds


def refresh_times(workspace: Path, briefing: Path) -> list[float]:
    preview = Preview(Workspace(workspace), briefing)
    preview.refresh()  # the first one imports and warms what a running server has warm
    times = []
    for _ in range(SAVES):
        started = time.perf_counter()
        preview.refresh()
        times.append(time.perf_counter() - started)
    return times


def chromium_version() -> str:
    output = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
    return output.strip() or "unknown"


def section(reloads: list[float], refreshes: list[float]) -> list[str]:
    def row(name: str, values: list[float]) -> str:
        return f"| {name} | {statistics.median(values):.2f} s | {min(values):.2f} s | {max(values):.2f} s |"

    return [
        HEADING,
        "",
        "Measured by `benchmarks/preview.py` (`make bench` runs it after `run.py`): `briefing preview`",
        "of the example in a temporary workspace, its English edition open in headless Chromium and",
        f"scrolled down. The briefing file is saved {SAVES} times with a new title; each time counts from just",
        "before the write to the end of the reloaded edition's load event (scroll position restored),",
        "on the browser's own clock. The second row is the rendering alone: one refresh of the",
        "preview's state (a fresh Toolchain, the HTML of both editions), timed in the benchmark's process.",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}",
        f"- {chromium_version()}",
        "",
        "| run | median | fastest | slowest |",
        "|---|---:|---:|---:|",
        row(f"save → reloaded page ({SAVES} saves)", reloads),
        row(f"of which rendering: refresh of both editions ({SAVES} runs)", refreshes),
        "",
        "The target is 1 s. What the rest of the time is: watchfiles waits for 50 ms without a new",
        "event before it reports a save (so that an editor's write and rename count once), then the",
        "server tells the page over server-sent events, and the browser reloads the page and the edition.",
        "",
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary)
        briefing = make_workspace(workspace)
        reloads = save_to_reload(workspace, briefing)
        briefing = make_workspace(Path(temporary) / "again")
        refreshes = refresh_times(briefing.parent.parent, briefing)
    lines = section(reloads, refreshes)
    write_section(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
