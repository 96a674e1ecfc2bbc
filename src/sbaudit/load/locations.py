"""Where sbaudit finds its data, its schemas and its documentation. A data root is a folder holding
plan/ and reports/; it is found as git finds .git: the nearest one at or above a folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

_PACKAGE = Path(__file__).resolve().parent.parent  # the sbaudit package

__all__ = [
    "packaged_root",
    "schemas_dir",
    "docs_dir",
    "is_data_root",
    "find_root",
    "root_of",
    "roots_of",
    "roots_below",
    "RootChoice",
]


def packaged_root() -> Path:
    """The dataset installed with the package (in a wheel), or the source tree's (in a checkout)."""
    inside = _PACKAGE / "data"
    if (inside / "plan").is_dir():
        return inside
    return _PACKAGE.parent.parent


def schemas_dir() -> Path:
    return packaged_root() / "schemas"


def docs_dir() -> Path:
    """The format documentation: shipped in the wheel, or the checkout's docs/."""
    return packaged_root() / "docs"


def is_data_root(folder: Path) -> bool:
    try:
        return (folder / "plan").is_dir() and (folder / "reports").is_dir()
    except OSError:  # an unreadable folder holds no root we can use
        return False


def root_of(path: Path) -> Path | None:
    """The nearest data root at or above `path` (a folder, or a file's folder), or None. A path that
    no longer exists (a deleted file) is looked up from its nearest existing folder."""
    here = path.absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if is_data_root(folder):
            return folder
    return None


def roots_of(paths: Iterable[Path]) -> tuple[dict[Path, list[Path]], list[Path]]:
    """Named files grouped by their data root, and those under no root."""
    grouped: dict[Path, list[Path]] = {}
    orphans: list[Path] = []
    for path in paths:
        root = root_of(path)
        if root is None:
            orphans.append(path)
        else:
            grouped.setdefault(root, []).append(path)
    return grouped, orphans


# Folders never searched for data roots: hidden ones (.git, .venv), caches, installed packages.
_SKIPPED = {"node_modules", "__pycache__", "site-packages", "dist-packages"}


def roots_below(folder: Path, depth: int = 4) -> list[Path]:
    """The data roots inside `folder` (not `folder` itself), at most `depth` levels down, none
    inside another, sorted. Hidden folders, virtual environments and installed packages are not
    searched, so the dataset installed with sbaudit is never among them."""
    found: list[Path] = []
    for here, subfolders, files in os.walk(folder, onerror=lambda _: None):
        level = len(Path(here).relative_to(folder).parts)
        if level and is_data_root(Path(here)):
            found.append(Path(here))
            subfolders.clear()
            continue
        if "pyvenv.cfg" in files or level >= depth:
            subfolders.clear()
            continue
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _SKIPPED)
    return sorted(found)


class RootChoice(NamedTuple):
    """The data root chosen and why: `option` (--data or $SBAUDIT_DATA), `found` (at or above the
    current folder, or the named files' own root) or `packaged` (none found)."""

    path: Path
    how: str


def find_root(option: Path | None, cwd: Path | None = None) -> RootChoice:
    """--data, else $SBAUDIT_DATA, else the nearest data root at or above the current folder, else
    the packaged dataset."""
    if option is not None:
        return RootChoice(option, "option")
    env = os.environ.get("SBAUDIT_DATA")
    if env:
        return RootChoice(Path(env), "option")
    found = root_of(cwd or Path.cwd())
    if found is not None:
        return RootChoice(found, "found")
    return RootChoice(packaged_root(), "packaged")
