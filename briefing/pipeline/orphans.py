"""The fork server and the workers of `build --jobs N` end when the process they serve ends.

A build killed outright (SIGKILL, the OOM killer) runs no cleanup: its fork
server, resource tracker and workers used to live on (about 290 MB, for
good), and workers went on writing PDFs after the command was gone. Linux's
`prctl(PR_SET_PDEATHSIG)` has the kernel send a signal to a process when its
parent ends: the fork server asks for SIGTERM when the build ends (it imports
this module as its preload, and nothing else imports it), each worker when
the fork server ends. SIGTERM, because `write` holds it back for the
milliseconds of a rename, so a worker never leaves half a file. The resource
tracker then ends by itself, when the last of them has closed its pipe.

Elsewhere than Linux, this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(expected_parent: int | None = None) -> None:
    """Ask the kernel for SIGTERM when this process's parent ends; end now if it has already."""
    library = ctypes.util.find_library("c")
    if library is None or not hasattr(os, "getppid"):
        return
    try:
        libc = ctypes.CDLL(library, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return
    except (OSError, AttributeError):  # not Linux
        return
    if expected_parent is not None and os.getppid() != expected_parent:
        os.kill(os.getpid(), signal.SIGTERM)  # the parent ended before the request was made


# Imported in the fork server as its preload: from here on, it ends with the build.
end_with_parent()
