"""A cache of loaded datasets keyed by the bytes of every data file, the schemas, sbaudit's version
and the working folder (problem paths are shown relative to it). A hit returns exactly what
loading would; any change to any input is a miss. Set SBAUDIT_NO_CACHE=1 to bypass it."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Dataset

__all__ = ["cache_key", "cache_get", "cache_put", "cache_dir", "enabled", "file_key", "files_get", "files_put"]

_FORMAT = b"sbaudit-cache-1"


def enabled() -> bool:
    return os.environ.get("SBAUDIT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    base = os.environ.get("SBAUDIT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "sbaudit" if base else Path.home() / ".cache" / "sbaudit"


@cache
def code_digest() -> str:
    """sbaudit's own code and schemas: the part of every key that is not the data."""
    from .locations import schemas_dir

    digest = hashlib.sha256(_FORMAT + __version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")) + sorted(schemas_dir().glob("*.schema.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(root: Path, file_keys: Iterable[str]) -> str:
    """A whole dataset's key, from its files' keys (each already covers name, kind and bytes)."""
    digest = hashlib.sha256(code_digest().encode())
    for part in (os.getcwd(), str(root), *file_keys):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def file_key(shown: str, report_file: bool, raw: object) -> str:
    """One file's key: its bytes and the name problems will show for it."""
    digest = hashlib.sha256(shown.encode() + (b"\1" if report_file else b"\0"))
    digest.update(raw if isinstance(raw, bytes) else repr(raw).encode())
    return digest.hexdigest()


def files_get() -> dict[str, Any]:
    """The per-file results of earlier runs of this code (an empty dict when there are none)."""
    try:
        with open(cache_dir() / f"files-{code_digest()}.pickle", "rb") as handle:
            found = pickle.load(handle)
    except Exception:
        return {}
    return found if isinstance(found, dict) else {}


def files_put(results: dict[str, Any]) -> None:
    _write(f"files-{code_digest()}.pickle", results)


def cache_get(key: str) -> Dataset | None:
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # a missing, truncated or foreign file is just a miss
        return None
    return found if isinstance(found, Dataset) else None


KEEP = 8  # whole datasets kept: the last few states a user switches between


def cache_put(key: str, dataset: Dataset) -> None:
    _write(f"{key}.pickle", dataset)
    _prune()


def _prune() -> None:
    """Keep the newest KEEP datasets and only the current code's per-file table."""
    try:
        entries = list(cache_dir().glob("*.pickle"))
        current = f"files-{code_digest()}.pickle"
        datasets = sorted((p for p in entries if not p.name.startswith("files-")),
                          key=lambda p: p.stat().st_mtime, reverse=True)
        stale = datasets[KEEP:] + [p for p in entries if p.name.startswith("files-") and p.name != current]
        for path in stale:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _write(name: str, value: object) -> None:
    import tempfile

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / name)
    except OSError:
        pass  # a read-only home only costs speed
