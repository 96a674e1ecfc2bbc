"""A cache of loaded datasets keyed by the bytes of every data file, the schemas, sbaudit's version
and the working folder (problem paths are shown relative to it). A hit returns exactly what
loading would; any change to any input is a miss. Set SBAUDIT_NO_CACHE=1 to bypass it."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .model import Dataset

__all__ = ["cache_key", "cache_get", "cache_put", "cache_dir", "enabled"]

_FORMAT = b"sbaudit-cache-1"


def enabled() -> bool:
    return os.environ.get("SBAUDIT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    base = os.environ.get("SBAUDIT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "sbaudit" if base else Path.home() / ".cache" / "sbaudit"


def cache_key(root: Path, files: Iterable[tuple[str, bytes]], schema_files: Iterable[Path]) -> str:
    digest = hashlib.sha256(_FORMAT)
    for part in (__version__, os.getcwd(), str(root)):
        digest.update(part.encode() + b"\0")
    # the code that turns bytes into a Dataset is part of the input too
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes() + b"\0")
    for path in schema_files:
        digest.update(path.read_bytes() + b"\0")
    for name, raw in files:
        digest.update(name.encode() + b"\0" + len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def cache_get(key: str) -> Dataset | None:
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # a missing, truncated or foreign file is just a miss
        return None
    return found if isinstance(found, Dataset) else None


def cache_put(key: str, dataset: Dataset) -> None:
    import tempfile

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / f"{key}.pickle")
    except OSError:
        pass  # a read-only home only costs speed
