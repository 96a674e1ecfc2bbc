"""Problems as stdout shows them, for validate, verify, import and the hook: parsable lines,
JSON or GitHub annotations, every path and message escaped and every quoted value cut short."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core import safe
from ..core.errors import UsageProblem
from ..core.model import Dataset, Problem
from ..core.vocab import ProblemFormat, assert_never
from .shapes import document, problem_json

__all__ = ["format_problems", "problem_format", "verify_output"]


def _github(problem: Problem) -> str:
    properties = (
        f"file={safe.github_property(problem.path)},line={problem.line or 1},"
        f"col={problem.column or 1},title={safe.github_property(problem.rule)}"
    )
    return f"::error {properties}::{safe.github_message(problem.message)}"


def problem_format(name: str) -> ProblemFormat:
    """The format named on the command line, refused with the choices when unknown."""
    try:
        return ProblemFormat(name)
    except ValueError:
        choices = [str(choice) for choice in ProblemFormat]
        raise UsageProblem(
            f"unknown format {name!r}: choose {', '.join(choices[:-1])} or {choices[-1]}"
        ) from None


def format_problems(problems: Sequence[Problem], fmt: ProblemFormat | str) -> str:
    """Problems as stdout shows them: parsable lines, JSON or GitHub annotations, every path and
    message escaped and every quoted value cut short."""
    problems = [safe.problem(problem) for problem in problems]
    chosen = ProblemFormat(fmt)
    if chosen is ProblemFormat.JSON:
        return json.dumps(document(problems=[problem_json(p) for p in problems]), indent=2) + "\n"
    if chosen is ProblemFormat.GITHUB:
        return "".join(_github(problem) + "\n" for problem in problems)
    if chosen is ProblemFormat.PARSABLE:
        return "".join(problem.format() + "\n" for problem in problems)
    assert_never(chosen)


def verify_output(
    problems: list[Problem], fmt: ProblemFormat, dataset: Dataset, counted: str = ""
) -> tuple[str, str, int]:
    """Output for stdout, a summary line for stderr (`counted`: what was checked and what could
    not be), and the exit code."""
    output = format_problems(problems, fmt)
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
