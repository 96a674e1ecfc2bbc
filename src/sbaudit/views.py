"""Views for the listing commands: data for JSON and sections for the tabular formats."""

from __future__ import annotations

from .errors import UsageProblem
from .export import item_json
from .model import Dataset, Item
from .render import Section, View


def _latest(item: Item) -> tuple[str, str]:
    if not item.history:
        return ("", "")
    entry = item.history[-1]
    return (entry.status, entry.report)


def _group(item: Item) -> str:
    return item.group_value("pillar") or item.group_value("area") or ""


def filter_items(
    dataset: Dataset, program: str | None = None, status: str | None = None, text: str | None = None
) -> list[Item]:
    programs = {item.program for item in dataset.items} | {r.program for r in dataset.reports}
    if program is not None and program not in programs:
        raise UsageProblem(f"unknown program {program!r} (known: {', '.join(sorted(programs))})")
    needle = text.lower() if text else None
    chosen = []
    for item in dataset.items:
        if program is not None and item.program != program:
            continue
        if status is not None and _latest(item)[0] != status:
            continue
        if needle and needle not in f"{item.id} {item.title} {item.text}".lower():
            continue
        chosen.append(item)
    return sorted(chosen, key=lambda item: (item.program, item.number or 0, item.id))


def list_view(
    dataset: Dataset, program: str | None = None, status: str | None = None, text: str | None = None
) -> View:
    items = filter_items(dataset, program, status, text)
    rows = tuple(
        (item.id, item.number, item.title, _group(item), len(item.deadlines), *_latest(item))
        for item in items
    )
    section = Section(
        "Items", ("id", "no.", "title", "pillar / area", "deadlines", "latest status", "report"), rows
    )
    return View([item_json(item) for item in items], (section,))


def reports_view(dataset: Dataset) -> View:
    rows = tuple(
        (r.id, ", ".join(r.aliases), r.program, r.kind, r.published.canonical, r.as_of.canonical, r.title)
        for r in dataset.reports
    )
    data = [
        {
            "id": r.id,
            "aliases": list(r.aliases),
            "program": r.program,
            "kind": r.kind,
            "title": r.title,
            "published": r.published.canonical,
            "as_of": r.as_of.canonical,
            "publisher": r.publisher,
            "source": r.source,
        }
        for r in dataset.reports
    ]
    columns = ("id", "aliases", "program", "kind", "published", "as of", "title")
    return View(data, (Section("Reports", columns, rows),))
