"""Problems as stdout shows them, for validate, verify, import and the hook: parsable lines,
JSON or GitHub annotations, every path and message escaped and every quoted value cut short."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core import safe
from ..core.model import Dataset, Problem
from ..load.sources import clean
from .shapes import problem_json

__all__ = ["format_problems", "verify_output"]


def _github(problem: Problem) -> str:
    properties = (
        f"file={safe.github_property(problem.path)},line={problem.line or 1},"
        f"col={problem.column or 1},title={safe.github_property(problem.rule)}"
    )
    return f"::error {properties}::{safe.github_message(problem.message)}"


def format_problems(problems: Sequence[Problem], fmt: str) -> str:
    """Problems as stdout shows them: parsable lines, JSON or GitHub annotations, every path and
    message escaped and every quoted value cut short."""
    problems = [safe.problem(problem) for problem in problems]
    if fmt == "json":
        return json.dumps([problem_json(problem) for problem in problems], indent=2) + "\n"
    if fmt == "github":
        return "".join(_github(problem) + "\n" for problem in problems)
    return "".join(problem.format() + "\n" for problem in problems)


def verify_output(
    problems: list[Problem], fmt: str, dataset: Dataset, counted: str = ""
) -> tuple[str, str, int]:
    """Output for stdout, a summary line for stderr (`counted`: what was checked and what could
    not be), and the exit code."""
    if fmt == "json":
        output = json.dumps([problem_json(problem) for problem in problems], indent=2) + "\n"
    else:
        output = "".join(clean(problem.format()) + "\n" for problem in problems)
    if problems:
        files = {problem.path for problem in problems}
        summary = f"{len(problems)} fact(s) not found in the sources, in {len(files)} file(s)"
    else:
        summary = (
            f"ok: every wording, date, label and evidence place found in the sources "
            f"({len(dataset.reports)} reports, {len(dataset.items)} items)"
        )
    if counted:
        summary += f"\n{counted}"
    return output, summary, 1 if problems else 0
