"""The pre-commit hook (`sbaudit-hook`, declared in .pre-commit-hooks.yaml): validate in full every
data root the commit touches. A root is touched when a data file under it is named by pre-commit,
or when the staged changes (or the pushed range) delete or rename one: pre-commit never names a
deleted file, yet a deleted report breaks every item that cites it."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..load.locations import root_of

__all__ = ["main", "touched_roots", "changed_paths"]

# the same files as the hook's `files:` pattern
DATA_FILE = re.compile(r"(?:.*/)?(?:plan|reports)/.*\.ya?ml\Z")


def _git(*args: str, sep: str = "\0") -> list[str]:
    """Output of a git command split at `sep`; nothing when git or the repository is unavailable."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [part for part in done.stdout.decode("utf-8", "surrogateescape").split(sep) if part]


def changed_paths() -> list[Path]:
    """Data files the staged changes (or, for a push, the pushed range) add, change, delete or
    rename, both names of a rename included."""
    source, target = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    span = [f"{source}...{target}"] if source and target else ["--cached"]
    names = [
        name for name in _git("diff", *span, "--name-only", "--no-renames", "-z") if DATA_FILE.match(name)
    ]
    if not names:
        return []
    top = _git("rev-parse", "--show-toplevel", sep="\n")  # git names files from the top folder
    base = Path(top[0]) if top else Path.cwd()
    return [base / name for name in names]


def _half_root(path: Path) -> Path | None:
    """A root the commit has broken by deleting the last file of its reports/ (or plan/): git
    removes the emptied folder, so the root no longer holds both; the one left still counts."""
    here = path.absolute()
    for folder in here.parents:
        for part in ("plan", "reports"):
            if (
                here.is_relative_to(folder / part)
                and folder.is_dir()
                and ((folder / "plan").is_dir() or (folder / "reports").is_dir())
            ):
                return folder
    return None


def touched_roots(paths: Sequence[Path]) -> list[Path]:
    """The data roots of the given paths, each once, in a stable order."""
    roots: dict[Path, None] = {}
    by_folder: dict[Path, Path | None] = {}  # thousands of files share a few folders
    for path in paths:
        folder = path.absolute().parent
        if folder not in by_folder:
            by_folder[folder] = root_of(path) or _half_root(path)
        root = by_folder[folder]
        if root is not None:
            roots.setdefault(root.resolve(), None)
    return sorted(roots)


def main(argv: Sequence[str] | None = None) -> int:
    from ..core.vocab import ProblemFormat
    from ..load.validate import check_roots
    from ..output.problems import format_problems

    parser = argparse.ArgumentParser(prog="sbaudit-hook", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="data files pre-commit names")
    parser.add_argument("--format", default="parsable", choices=[str(choice) for choice in ProblemFormat])
    args = parser.parse_args(argv)
    roots = touched_roots([*args.files, *changed_paths()])
    if not roots:
        return 0
    checked = check_roots(roots)
    sys.stdout.write(format_problems(checked.problems, args.format))
    sys.stderr.write(checked.summary + "\n")
    return checked.code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
