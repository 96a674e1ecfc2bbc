"""Where sbaudit finds its data and its schemas."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def packaged_root() -> Path:
    """The dataset installed with the package (in a wheel), or the source tree's (in a checkout)."""
    inside = _PACKAGE / "data"
    if (inside / "plan").is_dir():
        return inside
    return _PACKAGE.parent.parent


def schemas_dir() -> Path:
    return packaged_root() / "schemas"


def is_data_root(folder: Path) -> bool:
    return (folder / "plan").is_dir() and (folder / "reports").is_dir()


def find_root(option: Path | None, cwd: Path | None = None) -> Path:
    """--data, else $SBAUDIT_DATA, else the current folder when it holds plan/ and reports/, else
    the packaged dataset."""
    if option is not None:
        return option
    env = os.environ.get("SBAUDIT_DATA")
    if env:
        return Path(env)
    here = cwd or Path.cwd()
    if is_data_root(here):
        return here
    return packaged_root()
