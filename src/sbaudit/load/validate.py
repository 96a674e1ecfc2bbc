"""The `validate` command's work: load everything and keep the problems of the files asked about,
at most PER_FILE of them per file, with a summary line made safe to print. Formatting the problems
is output.problems' work."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..core import safe
from ..core.model import Problem
from .data_root import _display, data_files, load_dataset

__all__ = ["Checked", "check_files", "check_roots", "PER_FILE"]

PER_FILE = 100  # problems shown for one file: a list of a million wrong values is one mistake


class Checked(NamedTuple):
    """The problems to show, the summary line for stderr (already safe to print), the exit code."""

    problems: list[Problem]
    summary: str
    code: int


def _leads_out(path: Path, root: Path, real_root: Path) -> bool:
    """A file link, or a path under the root through a linked folder, that ends outside the root.
    A file outside the root named as it is stays allowed: it is the user's choice."""
    if Path(os.path.realpath(path)).is_relative_to(real_root):
        return False
    return path.is_symlink() or Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))


def _outside_links(root: Path, paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The given files to check, without symbolic links that lead out of the data root: those
    are problems, as they are when found under the root."""
    real_root = root.resolve()
    kept: list[Path] = []
    refused: list[Problem] = []
    for path in paths:
        if _leads_out(path, root, real_root):
            how = "symbolic link to a file" if path.is_symlink() else "reached through a linked folder"
            refused.append(
                Problem(_display(path), 0, 0, f"{how} outside the data root: not followed", "symlink")
            )
        else:
            kept.append(path)
    return kept, refused


def _asked_about(root: Path, paths: Sequence[Path]) -> set[str]:
    """The names problems show for the given files (as found under the root, or as given)."""
    wanted = {os.path.realpath(path) for path in paths}
    candidates = [*data_files(root)[0], *paths]
    return {_display(path) for path in candidates if os.path.realpath(path) in wanted}


def _bounded(problems: list[Problem]) -> tuple[list[Problem], int]:
    """At most PER_FILE problems per file, and how many were left out."""
    shown: list[Problem] = []
    count: dict[str, int] = {}
    for problem in problems:
        count[problem.path] = count.get(problem.path, 0) + 1
        if count[problem.path] <= PER_FILE:
            shown.append(problem)
    return shown, len(problems) - len(shown)


def check_files(root: Path, paths: Sequence[Path]) -> Checked:
    """The problems of the given files (of every file when none is given)."""
    kept, refused = _outside_links(root, paths)
    dataset = load_dataset(root, extra=kept)
    problems: list[Problem] = list(dataset.problems)
    checked = len(dataset.reports) + len(dataset.items)
    if paths:
        wanted = _asked_about(root, kept)
        problems = sorted([problem for problem in problems if problem.path in wanted] + refused)
        checked = len(paths)
    total = len(problems)
    files = {problem.path for problem in problems}
    problems, left_out = _bounded(problems)
    if problems:
        summary = f"{total} problem(s) in {len(files)} file(s)"
        if left_out:
            summary += f"; {left_out} not shown (at most {PER_FILE} per file)"
    else:
        summary = (
            f"ok: {checked} file(s) checked, no problems "
            f"({len(dataset.reports)} reports, {len(dataset.items)} items)"
        )
    return Checked(problems, safe.visible(summary), 1 if problems else 0)


def check_roots(roots: Sequence[Path]) -> Checked:
    """Hook mode: every problem of every given data root, whichever file it is in (a commit that
    deletes a report breaks the items citing it, files the commit does not touch)."""
    problems: list[Problem] = []
    summaries = []
    for root in roots:
        dataset = load_dataset(root)
        problems.extend(dataset.problems)
        shown = os.path.relpath(root)
        shown = str(root) if shown.startswith("..") else shown
        if dataset.problems:
            files = len({problem.path for problem in dataset.problems})
            summaries.append(f"data root {shown}: {len(dataset.problems)} problem(s) in {files} file(s)")
        else:
            summaries.append(
                f"data root {shown}: ok, no problems ({len(dataset.reports)} reports, "
                f"{len(dataset.items)} items)"
            )
    shown_problems, left_out = _bounded(problems)
    if left_out:
        summaries.append(f"{left_out} problem(s) not shown (at most {PER_FILE} per file)")
    # one line per root: each made safe to print, the line breaks between them kept
    return Checked(shown_problems, "\n".join(map(safe.visible, summaries)), 1 if problems else 0)
