"""Output of `verify` (problems as parsable lines or JSON) and the source paragraphs `show --sources`
adds to an item's view."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

from .model import Dataset, Problem
from .output.formats import Section, View
from .output.formats.base import Block
from .output.shapes import problem_json
from .sources import clean
from .verify import Passage, item_passages

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
    """The show view with the source paragraph of each status entry and outcome: under the entry
    in the document (table, Markdown), as a section (CSV) and under "sources" (JSON)."""
    if not isinstance(view.data, dict):
        return view
    passages = item_passages(root, dataset, str(view.data.get("id")), sources)
    rows = tuple((p.label, p.report, p.found_by, p.text if p.text is not None else "(not found)") for p in passages)
    section = Section("Sources", ("entry", "report", "found by", "paragraph"), rows,
                      note=f"Paragraphs from the texts in {clean(str(sources))}")
    data = dict(view.data)
    data["sources"] = [asdict(p) for p in passages]
    return replace(view, data=data, sections=(*view.sections, section), document=_placed(view.document, passages))


def _source_block(passage: Passage) -> Block:
    text = " ".join((passage.text or "(not found)").split())
    return Block("entry", f"Source ({passage.found_by}): {text}", 2)


def _placed(document: tuple[Block, ...], passages: list[Passage]) -> tuple[Block, ...]:
    """The document with each passage right under the entry it belongs to (after that entry's own
    sub-entries); passages whose entry the document does not show go at the end."""
    if not document:
        return document
    waiting = list(passages)
    out: list[Block] = []
    deadline: str | None = None
    in_history = False
    pending: Passage | None = None
    for block in document:
        if pending is not None and not (block.kind == "entry" and block.level > 1):
            out.append(_source_block(pending))
            pending = None
        out.append(block)
        if block.kind == "heading":
            in_history = block.level == 2 and block.text == "Status history"
            deadline = block.text.split(": ", 1)[0] if block.level == 3 else None
            continue
        if block.kind != "entry" or block.level != 1:
            continue
        for passage in waiting:
            if passage.kind == "outcome" and passage.deadline == deadline and block.text.startswith(f"{passage.report}: met"):
                pending = passage
            elif passage.kind == "status" and in_history and block.text.startswith(f"{passage.report}: "):
                pending = passage
            if pending is passage:
                waiting.remove(passage)
                break
    if pending is not None:
        out.append(_source_block(pending))
    if waiting:
        out.append(Block("heading", "Sources", 2))
        for passage in waiting:
            out += [Block("entry", passage.label), _source_block(passage)]
    return tuple(out)
