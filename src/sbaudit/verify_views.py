"""Output of `verify` (problems as parsable lines or JSON) and the source paragraphs `show --sources`
adds to an item's view."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

from .model import Dataset, Problem
from .output.formats import Section, View
from .output.shapes import problem_json
from .sources import clean
from .verify import item_passages

__all__ = ["verify_output", "with_passages"]


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


def with_passages(view: View, root: Path, dataset: Dataset, sources: Path) -> View:
    """The show view with one more section: the source paragraph of each status entry and outcome."""
    if not isinstance(view.data, dict):
        return view
    passages = item_passages(root, dataset, str(view.data.get("id")), sources)
    rows = tuple((p.label, p.report, p.found_by, p.text if p.text is not None else "(not found)") for p in passages)
    section = Section("Sources", ("entry", "report", "found by", "paragraph"), rows,
                      note=f"Paragraphs from the texts in {clean(str(sources))}")
    data = dict(view.data)
    data["sources"] = [asdict(p) for p in passages]
    return replace(view, data=data, sections=(*view.sections, section))
