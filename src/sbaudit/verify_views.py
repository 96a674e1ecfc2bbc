"""Output of `verify`: problems as parsable lines or JSON, and the summary line."""

from __future__ import annotations

import json

from .model import Dataset, Problem
from .output.shapes import problem_json
from .sources import clean

__all__ = ["verify_output"]


def verify_output(problems: list[Problem], fmt: str, dataset: Dataset) -> tuple[str, str, int]:
    """Output for stdout, a summary line for stderr, and the exit code."""
    if fmt == "json":
        output = json.dumps([problem_json(problem) for problem in problems], indent=2) + "\n"
    else:
        output = "".join(clean(problem.format()) + "\n" for problem in problems)
    if problems:
        files = {problem.path for problem in problems}
        summary = f"{len(problems)} fact(s) not found in the sources, in {len(files)} file(s)"
    else:
        summary = (f"ok: every wording, date, label and evidence place found in the sources "
                   f"({len(dataset.reports)} reports, {len(dataset.items)} items)")
    return output, summary, 1 if problems else 0
