"""The `validate` command's work: load everything, keep the problems of the files asked about,
and format them (parsable lines, JSON, or GitHub annotations)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from .dataset import load_dataset
from .model import Problem
from .output.shapes import problem_json

__all__ = ["run_validate", "run_validate_roots"]


def _same_file(shown: str, wanted: set[str]) -> bool:
    return os.path.realpath(shown) in wanted


def _github(problem: Problem) -> str:
    message = problem.message.replace("%", "%25").replace("\n", "%0A")
    return f"::error file={problem.path},line={problem.line or 1},col={problem.column or 1},title={problem.rule}::{message}"


def format_problems(problems: Sequence[Problem], fmt: str) -> str:
    """Problems as stdout shows them: parsable lines, JSON or GitHub annotations."""
    if fmt == "json":
        return json.dumps([problem_json(problem) for problem in problems], indent=2) + "\n"
    if fmt == "github":
        return "".join(_github(problem) + "\n" for problem in problems)
    return "".join(problem.format() + "\n" for problem in problems)


def run_validate(root: Path, paths: Sequence[Path], fmt: str) -> tuple[str, str, int]:
    """Output for stdout, a summary line for stderr, and the exit code."""
    dataset = load_dataset(root, extra=paths)
    problems: list[Problem] = list(dataset.problems)
    checked = len(dataset.reports) + len(dataset.items)
    if paths:
        wanted = {os.path.realpath(path) for path in paths}
        problems = [problem for problem in problems if _same_file(problem.path, wanted)]
        checked = len(paths)
    output = format_problems(problems, fmt)
    files = {problem.path for problem in problems}
    if problems:
        summary = f"{len(problems)} problem(s) in {len(files)} file(s)"
    else:
        summary = f"ok: {checked} file(s) checked, no problems ({len(dataset.reports)} reports, {len(dataset.items)} items)"
    return output, summary, 1 if problems else 0



def run_validate_roots(roots: Sequence[Path], fmt: str) -> tuple[str, str, int]:
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
            summaries.append(f"data root {shown}: ok, no problems ({len(dataset.reports)} reports, "
                             f"{len(dataset.items)} items)")
    return format_problems(problems, fmt), "\n".join(summaries), 1 if problems else 0
