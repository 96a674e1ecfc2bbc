"""The pre-commit hook (`sbaudit-hook`, declared in .pre-commit-hooks.yaml): validate in full every
data root the commit touches. A root is touched when a data file under it is named by pre-commit,
or when the staged changes (or the pushed range) delete or rename one: pre-commit never names a
deleted file, yet a deleted report breaks every item that cites it.

What is validated is what the commit holds: git's index (on pre-commit and pre-merge-commit), or
the pushed commit (on pre-push), written out into a temporary folder, not the working tree, where
an untracked or ignored file, or a change left unstaged, would let a broken commit pass. Outside
a git repository, the files on disk are validated."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..load.locations import root_of

__all__ = ["main", "touched_roots", "changed_paths", "committed_tree"]

# the same files as the hook's `files:` pattern
DATA_FILE = re.compile(r"(?:.*/)?(?:plan|reports)/.*\.ya?ml\Z")

if TYPE_CHECKING:
    from ..load.validate import Checked


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


def _entries(top: Path, folders: list[str]) -> list[tuple[str, str, str]] | None:
    """(mode, object id, path from the top) of every file git would commit under the folders:
    the index, or on pre-push the pushed commit. None when git cannot say."""
    target = os.environ.get("PRE_COMMIT_TO_REF") if os.environ.get("PRE_COMMIT_FROM_REF") else None
    if target:
        args = ["-C", str(top), "ls-tree", "-r", "-z", "--full-tree", target, "--", *folders]
    else:
        args = ["-C", str(top), "ls-files", "-s", "-z", "--", *folders]
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    found = []
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        head, _, name = record.partition(b"\t")
        fields = head.split()
        if target:  # mode type id
            mode, kind, oid = (part.decode() for part in fields)
            if kind != "blob":
                continue
        else:  # mode id stage
            mode, oid, stage = (part.decode() for part in fields)
            if stage != "0":
                continue
        found.append((mode, oid, os.fsdecode(name)))
    return found


def _write_objects(top: Path, base: Path, entries: list[tuple[str, str, str]]) -> None:
    """Write each entry's bytes under `base` (links as links, so the loader judges them)."""
    if not entries:
        return
    done = subprocess.run(
        ["git", "-C", str(top), "cat-file", "--batch"],
        input="".join(oid + "\n" for _, oid, _ in entries).encode(),
        capture_output=True,
        check=True,
        timeout=300,
    )
    out = done.stdout
    position = 0
    for mode, _, name in entries:
        end = out.index(b"\n", position)
        size = int(out[position:end].split()[2])
        data = out[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            os.symlink(os.fsdecode(data), path)
        elif mode.startswith("100"):
            path.write_bytes(data)


@contextlib.contextmanager
def committed_tree(roots: Sequence[Path]) -> Iterator[tuple[list[Path], Path, Path] | None]:
    """The roots as the commit holds them, written into a temporary folder that mirrors the
    repository, with the current folder moved to its mirror (so problems name the same paths):
    (the roots there, the temporary top, the real top). None outside git."""
    top_lines = _git("rev-parse", "--show-toplevel", sep="\n")
    if not top_lines:
        yield None
        return
    top = Path(top_lines[0]).resolve()
    inside = [root for root in roots if root.is_relative_to(top)]
    if len(inside) != len(roots):
        yield None
        return
    relative = [root.relative_to(top) for root in roots]
    folders = [(rel / part).as_posix() for rel in relative for part in ("plan", "reports")]
    entries = _entries(top, folders)
    if entries is None:
        yield None
        return
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="sbaudit-hook-") as scratch:
        base = Path(scratch).resolve() / "tree"
        base.mkdir()
        _write_objects(top, base, entries)
        here = Path(cwd).resolve()
        mirror = base / here.relative_to(top) if here.is_relative_to(top) else base
        mirror.mkdir(parents=True, exist_ok=True)
        for rel in relative:
            (base / rel).mkdir(parents=True, exist_ok=True)
        os.chdir(mirror)
        try:
            yield [base / rel for rel in relative], base, top
        finally:
            os.chdir(cwd)


def _check(roots: list[Path]) -> Checked:
    """Validate what the commit holds in each root (the files on disk outside git)."""
    from ..load.validate import check_roots

    with committed_tree(roots) as tree:
        if tree is None:
            return check_roots(roots)
        copies, base, top = tree
        checked = check_roots(copies)
        prefix = str(base)

        def real(text: str) -> str:  # a path shown absolutely names the real file
            return text.replace(prefix, str(top))

        problems = [p._replace(path=real(p.path)) for p in checked.problems]
        return checked._replace(problems=problems, summary=real(checked.summary))


def main(argv: Sequence[str] | None = None) -> int:
    from ..core.vocab import ProblemFormat
    from ..output.problems import format_problems

    parser = argparse.ArgumentParser(prog="sbaudit-hook", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="data files pre-commit names")
    parser.add_argument("--format", default="parsable", choices=[str(choice) for choice in ProblemFormat])
    args = parser.parse_args(argv)
    roots = touched_roots([*args.files, *changed_paths()])
    if not roots:
        return 0
    checked = _check(roots)
    sys.stdout.write(format_problems(checked.problems, args.format))
    sys.stderr.write(checked.summary + "\n")
    return checked.code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
