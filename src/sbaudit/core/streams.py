"""Standard output the command cannot write to: closed (`>&-`), full (`>/dev/full`), a reader gone
(`| head -1`), or an encoding that cannot hold every character (PYTHONIOENCODING=ascii). The
command runs to its end either way and exits with its own code; no traceback. A reader that left
early is not an error (the exit code is the command's own); output lost any other way is: one line
on stderr and exit 2. Characters the encoding lacks are written as backslash escapes."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

__all__ = ["run_guarded"]


class _Guarded(io.TextIOBase):
    """stdout that never raises: the first write error is kept, later output dropped."""

    def __init__(self, inner: TextIO | None) -> None:
        super().__init__()
        self.inner = inner
        self.error: OSError | None = None

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "errors", None) or "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return self.inner is not None and self.inner.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self.inner is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self.inner.fileno()

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # a text stream (click asks by writing b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.error is None and text:
            if self.inner is None:
                self.error = OSError(errno.EBADF, "standard output is closed")
            else:
                try:
                    self.inner.write(text)
                except (OSError, ValueError) as exc:
                    self.error = exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc))
        return len(text)

    def flush(self) -> None:
        if self.error is None and self.inner is not None:
            try:
                self.inner.flush()
            except (OSError, ValueError) as exc:
                self.error = exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc))


def _silence_stdout() -> None:
    """Point file descriptor 1 at the null device, so that the interpreter's last flush of what
    is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)


def run_guarded(main: Callable[[], Any], prog: str = "sbaudit") -> NoReturn:
    """Run a command line's main function with a guarded stdout and exit with its code."""
    original: TextIO | None = sys.stdout
    if original is not None:
        with contextlib.suppress(AttributeError, ValueError):
            original.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    guard = _Guarded(original)
    sys.stdout = guard
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    guard.flush()
    if guard.error is not None:
        _silence_stdout()
        if guard.error.errno != errno.EPIPE:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"{prog}: cannot write the output: {guard.error.strerror or guard.error}\n")
                sys.stderr.flush()
            code = 2
    _end_quickly()
    sys.exit(code)


def _end_quickly() -> None:
    """The command has finished and its output is written: the interpreter's exit still runs
    (atexit, flushing, each module torn down, every object freed as its last reference goes), but
    its garbage collector no longer walks every object the run made (the stack's modules, the
    model) on its way out: about a tenth of a run on the shipped data (benchmarks/README.md).
    Nothing sbaudit writes waits on the collector: every file is closed where it is written."""
    import gc

    gc.freeze()
