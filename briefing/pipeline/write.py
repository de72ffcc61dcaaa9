"""Stage 6, output: files land whole or not at all.

This module owns writing into the output folder. Every file is written to a
temporary file in the same folder, flushed to disk, then renamed over the
target, then the folder is synced, so a failed or interrupted build leaves the
previous file as it was and never a partial one. A new file gets the mode the
umask allows; a rewritten one keeps its own. Ctrl-C and SIGTERM are held back for the few
milliseconds from creating the temporary file to the rename: a signal that
lands in between is delivered right after, so no temporary file is ever left
behind. OS errors become OutputError naming the folder.

`write_new` is the same for a file that must not exist yet (what `unpack`
writes): the finished temporary file is hard-linked to its name, which fails
if anything holds that name, even a file created a moment earlier.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import OutputError, display_path


class AlreadyThere(OutputError):
    """`write_new` found its target taken."""


def write_atomically(target: Path, content: bytes) -> None:
    """Write `content` as `target`, whole or not at all, over the file there if any."""
    _write(target, content, replace=True)


def write_new(target: Path, content: bytes) -> None:
    """Write `content` as `target`, whole or not at all, and never over anything already there."""
    _write(target, content, replace=False)


def _write(target: Path, content: bytes, *, replace: bool) -> None:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{display_path(folder)}: cannot write here: {_reason(error)}") from None
    with _signals_held():
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as error:
            raise OutputError(f"{display_path(folder)}: cannot write here: {_reason(error)}") from None
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, _mode_for(target))
            if replace:
                os.replace(temporary, target)
            else:
                try:
                    os.link(temporary, target)  # EEXIST if the name is taken: nothing is clobbered
                except FileExistsError:
                    raise AlreadyThere(
                        f"{display_path(target)}: exists already; unpack into another folder (--out DIR)"
                    ) from None
                finally:
                    os.unlink(temporary)
            _sync_folder(folder)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):
                raise OutputError(f"{display_path(target)}: cannot write: {_reason(error)}") from None
            raise


def _mode_for(target: Path) -> int:
    """An existing file keeps its mode; a new one gets what the umask allows, as `open` would give it.

    mkstemp makes its file 0600; a blanket 0644 would make a TLP:RED edition
    world-readable under a umask of 077.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # The only way to read the umask before Python 3.13 is to set it and put it back.
    current = os.umask(0o022)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: after a crash the folder lists the new file, not the old."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM (main thread only); they are delivered on leaving."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "read-only file system"
    return error.strerror or str(error)
