"""The one way sbaudit replaces a file: the new bytes go to a temporary file in the same folder,
synced, given the old file's owner, group and mode (or, for a new file, what a plain write would
give it), and only then renamed over the target. A reader sees the old file or the new one, never
a part. `report --html` writes its page this way, and so does `import` where folders cannot be
swapped (import_write)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "check_target", "keep_owner_and_mode", "temp_beside", "write_whole"]

TEMP_SUFFIX = ".sbaudit.tmp"


def check_target(target: Path) -> os.stat_result | None:
    """The target's status (None when it does not exist yet). A symbolic link or a special file
    (a FIFO, a device) at the target is refused, never followed or opened."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, "it is a symbolic link (not followed; remove it or choose another path)")
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "it exists and is not a regular file")
    return info


def keep_owner_and_mode(path: Path, like: os.stat_result | None) -> None:
    """Give `path` the owner, group and permission bits of `like`; with no `like`, the mode a plain
    write would give a new file (0666 less the umask). An owner that cannot be kept is an error."""
    if like is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(path, 0o666 & ~umask)
        return
    mine = os.lstat(path)
    if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
        os.chown(path, like.st_uid, like.st_gid, follow_symlinks=False)
    if not stat.S_ISLNK(mine.st_mode):
        os.chmod(path, stat.S_IMODE(like.st_mode))


def temp_beside(target: Path, data: bytes, like: os.stat_result | None) -> Path:
    """A new temporary file beside `target` holding `data`, synced, with `like`'s owner and mode.
    Its name starts with a dot and ends with TEMP_SUFFIX: the loader never reads it."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        keep_owner_and_mode(temp, like)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def write_whole(target: Path, data: bytes) -> None:
    """Replace (or create) `target` with `data` in one rename, keeping its owner, group and mode."""
    like = check_target(target)
    temp = temp_beside(target, data, like)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
