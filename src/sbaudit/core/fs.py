"""Filesystem steps the writing commands share."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["exchange"]

_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> None:
    """Swap two folders in one atomic step; OSError (ENOSYS, EINVAL, ...) where that cannot be done."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        raise OSError(38, "folders cannot be swapped atomically here")
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(38, "renameat2 is not available")
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
