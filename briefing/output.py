"""Stage 6, output: files land whole or not at all.

This module owns writing into the output folder. Every file is written to a
temporary file in the same folder, flushed to disk, then renamed over the
target, so a failed or interrupted build leaves the previous file as it was
and never a partial one. OS errors become OutputError naming the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from briefing.errors import OutputError, display_path


def write_atomically(target: Path, content: bytes) -> None:
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{display_path(folder)}: cannot write here: {_reason(error)}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(f"{display_path(target)}: cannot write: {_reason(error)}") from None
        raise


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "read-only file system"
    return error.strerror or str(error)
