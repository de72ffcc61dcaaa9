"""Test-only: a process that has imported the tool and forks a child for each `briefing` command a test runs.

Most of the CPU a `briefing build` started by a test spends is Python importing
WeasyPrint and the pipeline (about 0.8 s), the same for each of the suite's
several hundred commands. This process imports them once, builds the
example's web editions once (the rest of a first build's start-up), and puts
all that out of the garbage collector's sight (`gc.freeze`); each command is
a child forked from it that then does what the installed command does: its
standard streams are the test's pipes, its working folder and environment are
the test's, and it runs the console script itself (`runpy`, as `__main__`), so
its exit code, output and the processes it starts are those of the command.

What a child shares with its siblings that separate processes would not is
the interpreter's start: its hash seed and what Python reads from the
environment when it starts (`PYTHON*` variables, the locale), and what the
warm-up left in memory (compiled templates, checked against their source when
used; CLDR data; the tool's own version and digest, which no test changes). A
command whose environment differs from this process's in those goes to a
process of its own (`starts_alike`), and so does every command a test asks a
fresh process for (tests comparing two runs' bytes, whose hash seeds must
differ as a user's runs' do). `BRIEFING_TEST_FRESH_PROCESSES=1` sends every
command to a process of its own, to check that the suite passes the same way.

Protocol, over one `SOCK_SEQPACKET` pair, one command at a time: the test sends
the command (JSON) with its three standard streams as file descriptors; this
process answers the child's pid, then its exit code once it has ended.
"""

from __future__ import annotations

import gc
import json
import locale
import os
import runpy
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

_MESSAGE = 1 << 20


def starts_alike(first: dict[str, str], second: dict[str, str]) -> bool:
    """Whether Python would start the same way in both environments (what it reads before any code runs)."""

    def startup(environment: dict[str, str]) -> dict[str, str]:
        return {
            key: value
            for key, value in environment.items()
            if key.startswith(("PYTHON", "LC_", "COVERAGE")) or key in ("LANG", "LANGUAGE")
        }

    return startup(first) == startup(second)


class Zygote:
    """The test side: starts the process, and runs one command at a time in a child of it."""

    def __init__(self, python: str, environment: dict[str, str], example: Path) -> None:
        """`example` is the briefing whose web editions the process builds once before its first command."""
        self.environment = environment
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._process = subprocess.Popen(
            [python, __file__, str(theirs.fileno()), str(example)],
            pass_fds=[theirs.fileno()],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        theirs.close()
        self._channel = ours
        self._lock = threading.Lock()
        if self._channel.recv(_MESSAGE) != b"ready":
            raise RuntimeError(f"the test zygote did not start (exit code {self._process.wait()})")

    def run(
        self, argv: list[str], *, cwd: Path, env: dict[str, str], timeout: float | None
    ) -> subprocess.CompletedProcess[str]:
        """What `subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)` gives."""
        with self._lock:
            out_read, out_write = os.pipe()
            err_read, err_write = os.pipe()
            request = json.dumps({"argv": argv, "cwd": str(cwd), "env": env}).encode()
            try:
                socket.send_fds(self._channel, [request], [0, out_write, err_write])
            finally:
                os.close(out_write)
                os.close(err_write)
            pid = int(self._answer())
            try:
                stdout, stderr = _read_until_closed(out_read, err_read, argv, timeout)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                self._answer()
                raise
            returncode = int(self._answer())
        return subprocess.CompletedProcess(argv, returncode, _text(stdout), _text(stderr))

    def close(self) -> None:
        self._channel.close()
        self._process.wait(30)

    def _answer(self) -> bytes:
        answer = self._channel.recv(_MESSAGE)
        if not answer:
            raise RuntimeError(f"the test zygote ended (exit code {self._process.wait()})")
        return answer


def _read_until_closed(out: int, err: int, argv: list[str], timeout: float | None) -> tuple[bytes, bytes]:
    """Both streams read to their end, as `communicate` reads them; both descriptors closed."""
    chunks: dict[int, list[bytes]] = {out: [], err: []}
    deadline = None if timeout is None else time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        try:
            while selector.get_map():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise subprocess.TimeoutExpired(argv, timeout or 0)
                for key, _ in selector.select(left):
                    data = os.read(key.fd, 65536)
                    if data:
                        chunks[key.fd].append(data)
                    else:
                        selector.unregister(key.fd)
        finally:
            os.close(out)
            os.close(err)
    return b"".join(chunks[out]), b"".join(chunks[err])


def _text(data: bytes) -> str:
    """As `subprocess.run(..., text=True)` decodes: the locale's encoding, universal newlines."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def _serve(channel: socket.socket, example: Path) -> None:
    """Answer commands until the tests close the channel; return only in a child, set up as its command."""
    import weasyprint  # noqa: F401

    import briefing.cli
    import briefing.pipeline.build  # what a build imports

    _warm_up(briefing.cli.main, example)
    # What is here now lives as long as every child: out of the collector's sight, a child's collections
    # neither walk it nor write to its pages (copy-on-write would copy them; gc.freeze's own use case).
    gc.freeze()
    channel.send(b"ready")
    while True:
        message, fds, _flags, _address = socket.recv_fds(channel, _MESSAGE, 3)
        if not message:
            sys.exit(0)
        pid = os.fork()
        if pid == 0:
            channel.close()
            _become(json.loads(message), fds)
            return
        for fd in fds:
            os.close(fd)
        channel.send(str(pid).encode())
        _, status = os.waitpid(pid, 0)
        channel.send(str(os.waitstatus_to_exitcode(status)).encode())


def _warm_up(command: click.Command, example: Path) -> None:
    """What a command does the first time in a process, done here once: the web editions of the example built.

    Lazy imports, CLDR data, the YAML parser's and the sandbox's first use,
    and the templates compiled (`render._COMPILED`, checked against each
    template's source when used) were some 0.15 s of each build. Not a PDF:
    it saved nothing more, and WeasyPrint and fontconfig would keep here what
    they had found of the system's fonts, which tests change.
    """
    from click.testing import CliRunner

    with tempfile.TemporaryDirectory() as out:
        editions = ["--lang", "en", "--lang", "sq", "--bilingual", "en+sq"]
        result = CliRunner().invoke(command, ["build", str(example), *editions, "--format", "html", "--out", out])
        if result.exit_code != 0:
            raise RuntimeError(f"warming up, the example's web editions failed: {result.output}")


def _become(request: dict[str, object], fds: list[int]) -> None:
    """This child as the command: its streams, folder, environment and arguments."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.chdir(str(request["cwd"]))
    environment = request["env"]
    assert isinstance(environment, dict)
    os.environ.clear()
    os.environ.update(environment)
    argv = request["argv"]
    assert isinstance(argv, list)
    sys.argv = [str(argument) for argument in argv]
    sys.path[0] = os.path.dirname(sys.argv[0])  # a script's folder leads the path, as for the console script


if __name__ == "__main__":
    _serve(socket.socket(fileno=int(sys.argv[1])), Path(sys.argv[2]))
    # A child: the installed console script as `__main__`, exiting through Python's own end.
    runpy.run_path(sys.argv[0], run_name="__main__")
