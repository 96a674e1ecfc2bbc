"""Writing an import: all files or none. Every new file goes to a temporary file beside it first,
and only when all are written are they renamed over the old ones; if a rename fails, the files
already renamed get their old bytes back. A kill while the temporary files are written leaves the
data as it was (the loader ignores the temporary files; the next import replaces them)."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .importer import ImportPlan
from .sources import clean

__all__ = ["NotRestored", "apply", "unified_diff", "TEMP_SUFFIX"]

TEMP_SUFFIX = ".sbaudit-import.tmp"


def unified_diff(plan: ImportPlan) -> str:
    out: list[str] = []
    for path in sorted(plan.new):
        old = plan.old[path].decode("utf-8").splitlines(keepends=True)
        new = plan.new[path].decode("utf-8").splitlines(keepends=True)
        out += difflib.unified_diff(old, new, f"a/{path}", f"b/{path}")
    return clean("".join(out))


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_SUFFIX}")


def _write_temp(path: Path, data: bytes) -> Path:
    temp = _temp_name(path)
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    shutil.copymode(path, temp)
    return temp


class NotRestored(OSError):
    """A write failed and some files already renamed could not be given their old bytes back."""

    def __init__(self, cause: OSError, files: list[Path]) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.files = files


def apply(plan: ImportPlan) -> None:
    """Write every changed file or none. On failure raise the OSError after putting every file
    back, or NotRestored naming the files that could not be put back."""
    paths: Sequence[Path] = sorted(plan.new)
    temps: list[Path] = []
    try:
        for path in paths:
            temps.append(_write_temp(path, plan.new[path]))
    except OSError:
        for temp in temps:
            temp.unlink(missing_ok=True)
        _temp_name(paths[len(temps)]).unlink(missing_ok=True)
        raise
    done: list[Path] = []
    try:
        for path, temp in zip(paths, temps, strict=True):
            os.replace(temp, path)
            done.append(path)
    except OSError as exc:
        stuck = []
        for path in done:
            try:
                os.replace(_write_temp(path, plan.old[path]), path)
            except OSError:
                stuck.append(path)
        for temp in temps:
            temp.unlink(missing_ok=True)
        if stuck:
            raise NotRestored(exc, stuck) from exc
        raise
