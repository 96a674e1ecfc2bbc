"""Writing an import: all files or none, even when the process is killed.

Where the system can swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE), the
import builds a staging copy of `plan/` beside it (unchanged files hard-linked, changed ones
written whole), then swaps the staging folder and `plan/` in one atomic step and removes the old
tree. A kill at any moment leaves either the old `plan/` or the new one; a staging folder left
behind is not read by the loader and is removed by the next import.

Elsewhere every new file goes to a temporary file beside it first, and only when all are written
are they renamed over the old ones; if a rename fails, the files already renamed get their old
bytes back. A kill while the temporary files are written leaves the data as it was; a kill between
two renames does not (the renames are not one step), which is why the swap is preferred."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..core.fs import exchange as _exchange
from ..load.sources import clean
from .import_plan import ImportPlan

__all__ = ["NotRestored", "apply", "unified_diff", "TEMP_SUFFIX", "STAGING"]

TEMP_SUFFIX = ".sbaudit-import.tmp"
STAGING = ".plan.sbaudit-import"


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


def _plan_folder(paths: Sequence[Path]) -> Path | None:
    """The `plan/` folder every changed file lies in (a real folder, not a link), or None."""
    for parent in (
        Path(os.path.commonpath([str(p) for p in paths])).parents if len(paths) > 1 else paths[0].parents
    ):
        if parent.name == "plan" and (parent.parent / "reports").is_dir():
            return None if parent.is_symlink() else parent
    return None


def _stage(plan_dir: Path, plan: ImportPlan) -> Path:
    """A copy of `plan/` beside it holding the new files: unchanged files hard-linked (the same
    bytes, mode and times), changed ones written whole and synced; temporary files of an earlier
    interrupted import are left out."""
    staging = plan_dir.parent / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # left by an import killed before its swap
    changed = {path.resolve(): data for path, data in plan.new.items()}
    for folder, folders, names in os.walk(plan_dir):
        source = Path(folder)
        target = staging / source.relative_to(plan_dir)
        target.mkdir()
        shutil.copystat(source, target)
        for name in folders:
            if (source / name).is_symlink():  # a link the loader reports; kept as it is
                os.symlink(os.readlink(source / name), target / name)
        for name in names:
            if name.endswith(TEMP_SUFFIX):
                continue
            _stage_file(source / name, target / name, changed.get((source / name).resolve()))
    return staging


def _stage_file(source: Path, target: Path, data: bytes | None) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif data is None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    else:
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copymode(source, target)


def _swap(plan_dir: Path, plan: ImportPlan) -> bool:
    """Write by swapping a staged `plan/` in; False when the system cannot swap folders (nothing
    was changed then)."""
    try:
        staging = _stage(plan_dir, plan)
    except OSError:
        shutil.rmtree(plan_dir.parent / STAGING, ignore_errors=True)
        raise
    try:
        _exchange(staging, plan_dir)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    shutil.rmtree(staging, ignore_errors=True)  # now the old tree
    return True


def apply(plan: ImportPlan) -> None:
    """Write every changed file or none. On failure raise the OSError after putting every file
    back, or NotRestored naming the files that could not be put back."""
    paths: Sequence[Path] = sorted(plan.new)
    if not paths:
        return
    plan_dir = _plan_folder(paths)
    if plan_dir is not None and _swap(plan_dir, plan):
        return
    _write_each(plan, paths)


def _write_each(plan: ImportPlan, paths: Sequence[Path]) -> None:
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
