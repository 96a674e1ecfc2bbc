"""Writing an import: all files or none, even when the process is killed, and one writer at a time.

`locked` holds an exclusive lock on the data root (the file LOCK_NAME in it, which the loader never
reads) for the whole import: a second import waits for it, at most LOCK_WAIT seconds, then gives up
and writes nothing. The import reads the data again under the lock, so it never writes over what
another import wrote.

Where the system can swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE), the
import builds a staging copy of `plan/` in a folder of its own beside it (named after the process:
STAGING_PREFIX + pid + a random part; unchanged files hard-linked, changed ones written whole;
every folder and changed file given the owner, group and mode of the one it replaces), then swaps
the staging folder and `plan/` in one atomic step and removes the old tree. A kill at any moment
leaves either the old `plan/` or the new one; a staging folder left behind is not read by the
loader and is removed by the next import (only when the process that made it has ended).

Elsewhere every new file goes to a temporary file beside it first (record.atomic), and only when
all are written are they renamed over the old ones; if a rename fails, the files already renamed
get their old bytes back. A kill while the temporary files are written leaves the data as it was; a
kill between two renames does not (the renames are not one step), which is why the swap is
preferred."""

from __future__ import annotations

import contextlib
import difflib
import errno
import glob
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..core.fs import exchange as _exchange
from ..load.sources import clean
from .atomic import TEMP_SUFFIX, keep_owner_and_mode, temp_beside
from .import_plan import ImportPlan

__all__ = [
    "Busy",
    "CannotLock",
    "NotRestored",
    "apply",
    "locked",
    "unified_diff",
    "LOCK_NAME",
    "LOCK_WAIT",
    "STAGING_PREFIX",
    "TEMP_SUFFIX",
]

LOCK_NAME = ".sbaudit.lock"
LOCK_WAIT = 60.0  # seconds a second import waits for the first
STAGING_PREFIX = ".plan.sbaudit-import."
_OLD_STAGING = ".plan.sbaudit-import"  # the one shared name earlier versions used


def unified_diff(plan: ImportPlan) -> str:
    out: list[str] = []
    for path in sorted(plan.new):
        old = plan.old[path].decode("utf-8").splitlines(keepends=True)
        new = plan.new[path].decode("utf-8").splitlines(keepends=True)
        name = plan.names.get(path, str(path))
        out += difflib.unified_diff(old, new, f"a/{name}", f"b/{name}")
    return clean("".join(out))


# -- one writer at a time ----------------------------------------------------------------------


class Busy(Exception):
    """Another import holds the data root's lock."""


class CannotLock(Exception):
    """The lock file cannot be opened (a read-only data root, a link in its place)."""


@contextlib.contextmanager
def locked(root: Path, wait: float | None = None, required: bool = True) -> Iterator[None]:
    """Hold the data root's exclusive lock while the block runs. Waits at most `wait` seconds
    (LOCK_WAIT by default), then raises Busy; raises CannotLock when the lock file cannot be
    opened. Not `required` (a dry run, which writes nothing and so creates no lock file either):
    the block runs without the lock, as every command that only reads does."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock on this system
        yield
        return
    if not required:
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(root / LOCK_NAME, flags, 0o666)
    except OSError as exc:
        raise CannotLock(exc.strerror or str(exc)) from exc
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(str(root / LOCK_NAME)) from None
                time.sleep(0.02)
        _remove_leftovers(root)  # what imports killed before they ended left behind goes first
        yield
    finally:
        os.close(fd)  # releases the lock


# -- writing -------------------------------------------------------------------------------------


class NotRestored(OSError):
    """A write failed and some files already renamed could not be given their old bytes back."""

    def __init__(self, cause: OSError, files: list[Path]) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause))
        self.files = files


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _remove_leftovers(root: Path) -> None:
    """Staging folders of imports killed before they ended (never one of a running process)."""
    for entry in os.scandir(root):
        if entry.name != _OLD_STAGING and not entry.name.startswith(STAGING_PREFIX):
            continue
        pid = entry.name[len(STAGING_PREFIX) :].split(".", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _write_new(target: Path, data: bytes, like: os.stat_result) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    keep_owner_and_mode(target, like)


def _stage_entry(source: Path, target: Path, data: bytes | None) -> None:
    info = os.lstat(source)
    if data is not None:
        _write_new(target, data, info)
    elif stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(source), target)
        keep_owner_and_mode(target, info)
    else:
        try:
            os.link(source, target, follow_symlinks=False)  # the same file: bytes, owner, mode, times
        except OSError:
            if not stat.S_ISREG(info.st_mode):
                raise
            shutil.copy2(source, target, follow_symlinks=False)
            keep_owner_and_mode(target, info)


def _stage(plan_dir: Path, staging: Path, changed: dict[Path, bytes]) -> set[Path]:
    """Fill `staging` (an empty folder) with a copy of `plan/` holding the new files. Every write
    goes inside `staging`; temporary files of an earlier interrupted import are left out."""
    folders: list[tuple[Path, Path]] = []
    written: set[Path] = set()
    for folder, dirnames, names in os.walk(plan_dir, onerror=_raise):
        source = Path(folder)
        target = staging / source.relative_to(plan_dir)
        if source != plan_dir:
            os.mkdir(target, 0o700)
        folders.append((source, target))
        for name in list(dirnames):
            if (source / name).is_symlink():  # a link the loader reports; kept as it is
                _stage_entry(source / name, target / name, None)
                dirnames.remove(name)
        for name in names:
            if name.endswith(TEMP_SUFFIX) or name.endswith(".sbaudit-import.tmp"):
                continue
            data = changed.get(source / name)
            _stage_entry(source / name, target / name, data)
            if data is not None:
                written.add(source / name)
    for source, target in reversed(folders):  # deepest first: adding entries changes a folder's times
        info = os.lstat(source)
        shutil.copystat(source, target, follow_symlinks=False)
        keep_owner_and_mode(target, info)
    return written


def _raise(error: OSError) -> None:
    raise error


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _swap(root: Path, plan: ImportPlan) -> bool:
    """Write by swapping a staged `plan/` in; False when the system cannot swap folders (nothing
    was changed then)."""
    plan_dir = root / "plan"
    changed = dict(plan.new)
    if not all(path.parent.is_relative_to(plan_dir) for path in changed):
        raise OSError(errno.EXDEV, "the changed files are not all under plan/")
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}.", dir=root))
    try:
        if _stage(plan_dir, staging, changed) != set(changed):
            raise OSError(errno.ENOENT, "a changed file is no longer where the data was read")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _exchange(staging, plan_dir)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    _sync_folder(root)
    shutil.rmtree(staging, ignore_errors=True)  # now the old tree
    return True


def apply(root: Path, plan: ImportPlan) -> None:
    """Write every changed file or none (the caller holds the lock). On failure raise the OSError
    after putting every file back, or NotRestored naming the files that could not be put back."""
    paths: Sequence[Path] = sorted(plan.new)
    if not paths:
        return
    plan_dir = root / "plan"
    if plan_dir.is_symlink() or not plan_dir.is_dir():
        raise OSError(errno.ENOTDIR, "plan/ is not a folder of the data root")
    if _swap(root, plan):
        return
    _write_each(plan, paths)


def _write_each(plan: ImportPlan, paths: Sequence[Path]) -> None:
    for path in paths:  # temporary files of an import killed before its renames (under the lock)
        for left in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
            left.unlink(missing_ok=True)
    temps: list[Path] = []
    try:
        for path in paths:
            temps.append(temp_beside(path, plan.new[path], os.lstat(path)))
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    done: list[Path] = []
    try:
        for path, temp in zip(paths, temps, strict=True):
            os.replace(temp, path)
            done.append(path)
    except OSError as exc:
        stuck = []
        for path in done:
            back: Path | None = None
            try:
                back = temp_beside(path, plan.old[path], os.lstat(path))
                os.replace(back, path)
            except OSError:
                if back is not None:
                    back.unlink(missing_ok=True)
                stuck.append(path)
        for temp in temps:
            temp.unlink(missing_ok=True)
        if stuck:
            raise NotRestored(exc, stuck) from exc
        raise
