"""A real `briefing preview` process and Debian's Chromium driven by Playwright, for tests and benchmarks.

The browser is /usr/bin/chromium from the `chromium` package (the Makefile
installs it); `playwright install` is never run. The flags keep Chromium
off the network: this machine's network is closed, and without them
Chromium keeps trying to reach Google's services in the background.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
BRIEFING = Path(sys.executable).with_name("briefing")
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
STARTUP_SECONDS = 60


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright, for as long as the `with` lasts."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make system-packages` installs Debian's chromium")
    # Playwright adds --headless and, as root needs, --no-sandbox.
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


@dataclass
class PreviewProcess:
    """A running `briefing preview`: the URL it printed (with its token), and every line it has printed so far."""

    process: subprocess.Popen[str]
    url: str = ""
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`, without the token."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["token"][0]

    def with_token(self, path: str) -> str:
        """A path of the preview with the token in its query, as a first request needs it."""
        return f"{path}{'&' if '?' in path else '?'}token={self.token}"

    def address(self, path: str) -> str:
        """The full URL of a path of the preview, with the token."""
        return self.origin + self.with_token(path)

    def stop(self, timeout: float = 30) -> int:
        """Ctrl-C, as a user stops it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def _collect(stream: object, lines: list[str]) -> None:
    # Read to the end, so that the server never blocks on a full pipe.
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)


@contextmanager
def running_preview(workspace: Path, *args: str) -> Iterator[PreviewProcess]:
    """`briefing preview ARGS` run in `workspace`, as a user runs it; stopped with Ctrl-C at the end."""
    environment = {key: value for key, value in os.environ.items() if key != "BRIEFING_WORKSPACE"}
    process = subprocess.Popen(
        [str(BRIEFING), "preview", *args],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    preview = PreviewProcess(process)
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(target=_collect, args=(process.stderr, preview.stderr), daemon=True).start()
    # The address is on the line that says the preview is ready; a timer kills a server that never says it.
    timer = threading.Timer(STARTUP_SECONDS, process.kill)
    timer.start()
    try:
        for line in process.stdout:
            preview.stdout.append(line)
            if " at http://" in line:
                preview.url = line.split(" at ", 1)[1].split()[0]
                break
    finally:
        timer.cancel()
    threading.Thread(target=_collect, args=(process.stdout, preview.stdout), daemon=True).start()
    if not preview.url:
        process.kill()
        process.wait()
        raise AssertionError(f"briefing preview did not start: {''.join(preview.stdout + preview.stderr)}")
    try:
        yield preview
    finally:
        preview.stop()
