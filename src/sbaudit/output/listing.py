"""The views of `list` and `reports`."""

from __future__ import annotations

from collections import Counter

from ..audit.knowledge import Knowledge
from ..core.model import Dataset, Item
from .formats import Section, View
from .formats.base import Cell, tidy_table
from .lead import series
from .shapes import document, group_keys, item_json, snake


def _group(item: Item) -> str:
    return item.group_value("pillar") or item.group_value("area") or ""


def list_view(
    kn: Knowledge,
    program: str | None = None,
    status: str | None = None,
    text: str | None = None,
    partner: str | None = None,
) -> View:
    """Items with their latest status and, in JSON, each deadline's state at the latest report of
    the item's program (the same states `summary` counts and `diff` shows there)."""
    kn.check_program(program)
    kn.check_status(status)
    latest = {r.program: r for r in kn.dataset.reports}
    needle = text.lower() if text else None
    rows, data = [], []
    keys = group_keys(kn.dataset.items)
    records: list[dict[str, Cell]] = []
    for item in sorted(kn.dataset.items, key=lambda i: (i.program, i.number or 0, i.id)):
        if program is not None and item.program != program:
            continue
        scope = kn.scope(kn.at_report(latest[item.program]), partner)
        moment = scope.moment
        if not kn.in_scope(item, scope):
            continue
        current = kn.status_at(item, scope)
        entry = kn.entry_at(item, moment)
        if status is not None and current != status:
            continue
        if needle and needle not in f"{item.id} {item.title} {item.text}".lower():
            continue
        states = [
            s for d in item.deadlines if kn.is_set(d, moment) for s in kn.deadline_states(item, d, scope)
        ]
        rows.append(
            (
                item.id,
                item.number,
                item.title,
                _group(item),
                len(item.deadlines),
                current or "",
                kn.report(entry.report).id if entry else "",
            )
        )
        report = moment.report
        data.append(
            {
                **item_json(item, states, moment.label),
                "program_name": kn.programs[item.program].display_name,
                # whether the latest report speaks of the item at all (a report may cover part of its program)
                "covered_by": None if report is None or not report.covers(item) else report.id,
                "not_covered_by": report.id if report is not None and not report.covers(item) else None,
            }
        )
        records.append(
            {
                "id": item.id,
                "program": item.program,
                "number": item.number,
                "title": item.title,
                **{snake(key): item.group_value(key) for key in keys},
                "introduced": item.introduced,
                "deadlines": len(item.deadlines),
                "latest_status": current,
                "latest_status_report": kn.report(entry.report).id if entry else None,
                "basis": entry.basis if entry else None,
            }
        )
    section = Section(
        "Items",
        ("id", "no.", "title", "pillar / area", "deadlines", "latest status", "report"),
        tuple(rows),
        prose=("title", "pillar / area"),
        optional=("no.", "deadlines", "pillar / area"),
    )
    counts = Counter(entry["program"] for entry in data)
    lead = (
        f"{len(data)} item{'s' if len(data) != 1 else ''}"
        + (": " if counts else ".")
        + series(
            f"{count} of the {kn.programs[pid].display_name} ({pid})" for pid, count in sorted(counts.items())
        )
        + ("." if counts else "")
    )
    columns = ("id", "program", "number", "title", *(snake(key) for key in keys), "introduced", "deadlines")
    tidy = tidy_table(records, (*columns, "latest_status", "latest_status_report", "basis"))
    return View(document(items=data), (section,), lead=lead, tidy=tidy)


def reports_view(dataset: Dataset) -> View:
    programs = dataset.programs
    rows = tuple(
        (r.id, ", ".join(r.aliases), r.program, r.kind, r.published.canonical, r.as_of.canonical, r.title)
        for r in dataset.reports
    )
    data = [
        {
            "id": r.id,
            "aliases": list(r.aliases),
            "program": r.program,
            "program_name": programs[r.program].display_name,
            "kind": r.kind,
            "title": r.title,
            "published": r.published.canonical,
            "as_of": r.as_of.canonical,
            "publisher": r.publisher,
            "source": r.source,
            "url": r.url or None,
            "texts": [
                {
                    "file": t.file or None,
                    "sha256": t.sha256 or None,
                    "note": t.note or None,
                    "url": t.url or None,
                }
                for t in r.texts
            ],
            "partners": list(r.partners),
        }
        for r in dataset.reports
    ]
    tidy = tidy_table(
        [
            {
                "id": r.id,
                "program": r.program,
                "program_name": programs[r.program].display_name,
                "kind": r.kind,
                "title": r.title,
                "published": r.published.canonical,
                "published_start": r.published.start.isoformat(),
                "published_end": r.published.end.isoformat(),
                "as_of": r.as_of.canonical,
                "as_of_start": r.as_of.start.isoformat(),
                "as_of_end": r.as_of.end.isoformat(),
                "publisher": r.publisher,
                "url": r.url or None,
            }
            for r in dataset.reports
        ],
        (
            "id",
            "program",
            "program_name",
            "kind",
            "title",
            "published",
            "published_start",
            "published_end",
            "as_of",
            "as_of_start",
            "as_of_end",
            "publisher",
            "url",
        ),  # fmt: skip
    )
    columns = ("id", "aliases", "program", "kind", "published", "as of", "title")
    names = sorted({r.program for r in dataset.reports})
    lead = (
        f"{len(dataset.reports)} reports of {len(names)} program{'s' if len(names) != 1 else ''}: "
        + series(f"{pid} ({programs[pid].display_name})" for pid in names)
        + "."
    )
    return View(
        document(reports=data),
        (Section("Reports", columns, rows, prose=("title",), optional=("aliases",)),),
        lead=lead,
        tidy=tidy,
    )
