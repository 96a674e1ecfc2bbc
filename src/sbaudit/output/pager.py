"""Long output through a pager on a terminal, as git does: `$SBAUDIT_PAGER`, else `$PAGER`, else
`less -FRX` (quit when it fits one screen, keep colours, leave the text on the screen). Never
when stdout is not a terminal; an empty setting or `cat` turns it off. The command is split as a
shell would split it (shlex) and run without a shell; a pager that cannot start or fails leaves
the output printed as it is."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from typing import TextIO

from ..core.safe import visible

__all__ = ["DEFAULT", "pager_argv", "page"]

DEFAULT = "less -FRX"


def pager_argv(env: Mapping[str, str]) -> list[str] | None:
    """The pager command as arguments, or None when paging is turned off."""
    for name in ("SBAUDIT_PAGER", "PAGER"):
        if name in env:
            chosen = env[name]
            break
    else:
        chosen = DEFAULT
    try:
        argv = shlex.split(chosen)
    except ValueError:  # an unclosed quote: no pager rather than a guess
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def _long(text: str, stream: TextIO) -> bool:
    """More lines than the terminal shows at once."""
    try:
        height = os.get_terminal_size(stream.fileno()).lines
    except (OSError, ValueError, AttributeError):
        height = shutil.get_terminal_size().lines
    return text.count("\n") >= max(height - 1, 1)


def page(
    text: str,
    *,
    enabled: bool = True,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    errors: TextIO | None = None,
) -> None:
    """Write `text` to `stream` (stdout), through the pager when it is a terminal and the text
    is longer than one screen."""
    out = stream if stream is not None else sys.stdout
    settings = os.environ if env is None else env
    argv = pager_argv(settings) if enabled and out.isatty() and _long(text, out) else None
    if argv is None or not _through(argv, text, out, settings, errors or sys.stderr):
        out.write(text)


def _through(argv: list[str], text: str, out: TextIO, env: Mapping[str, str], errors: TextIO) -> bool:
    """Run the pager on the text; False when it could not start or failed, so the caller prints
    the text itself."""
    out.flush()
    child_env = {**env, "LESS": env.get("LESS", "FRX"), "LV": env.get("LV", "-c")}
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=child_env, shell=False)
    except (OSError, ValueError) as exc:
        errors.write(
            f"sbaudit: cannot start the pager {visible(shlex.join(argv))} "
            f"({visible(getattr(exc, 'strerror', None) or str(exc))}); printing without it\n"
        )
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(getattr(out, "encoding", None) or "utf-8", "replace"))
    except BrokenPipeError:  # the reader quit before the end, or the pager never read
        pass
    finally:
        with contextlib.suppress(OSError):
            process.stdin.close()
    while True:
        try:
            code = process.wait()
            break
        except KeyboardInterrupt:  # the pager handles ^C itself; wait for it to finish
            continue
    if code != 0:
        errors.write(
            f"sbaudit: the pager {visible(shlex.join(argv))} failed (exit {code}); printing without it\n"
        )
        return False
    return True
