"""The view of `diff A B`: one table per section that has rows, the JSON document, and the
footer that adds the sections up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..audit.diff import DEADLINE_SECTIONS, ITEM_SECTIONS, DeadlineChange, DiffResult, ItemChange
from ..audit.knowledge import Moment
from ..core.vocab import DeadlineSection, ItemSection
from .formats import Section, View
from .formats.base import tidy_table
from .lead import diff_lead
from .shapes import (
    document,
    done_text,
    due_text,
    group_keys,
    last_said_text,
    reference,
    snake,
    state_cells,
    state_columns,
    state_json,
    status_text,
    word_text,
)

# sections counted in the footer only: their rows are in the JSON
QUIET = {ItemSection.UNCHANGED, DeadlineSection.MET_BEFORE}


def moment_text(moment: Moment) -> str:
    report = moment.report
    if report is None:
        return moment.day.canonical
    if report.published == report.as_of:
        return f"{report.id} ({report.published.canonical})"
    return f"{report.id} (published {report.published.canonical}, statuses as of {report.as_of.canonical})"


def _item_json(change: ItemChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "item": change.item.id,
        "title": change.item.title,
        "program": change.item.program,
        "group": dict(change.item.group),
        "section": change.section,
        "before": change.before,
        "before_report": change.before_report,
        "after": change.after,
        "after_report": change.after_report,
        "reason": change.reason,
    }
    if change.section == "continued":
        data["successors"] = [
            {"item": sid, "status": status, "status_report": report}
            for sid, status, report in change.successors
        ]
    return data


def _item_cells(change: ItemChange, keys: list[str]) -> dict[str, Any]:
    return {
        "kind": "item",
        "section": change.section,
        "item": change.item.id,
        "program": change.item.program,
        **{snake(key): change.item.group_value(key) for key in keys},
        "title": change.item.title,
        "status_before": change.before,
        "status_before_report": change.before_report,
        "status_after": change.after,
        "status_after_report": change.after_report,
        "reason": change.reason,
    }


def _deadline_cells(change: DeadlineChange, keys: list[str]) -> dict[str, Any]:
    return {
        "kind": "deadline",
        "section": change.section,
        **state_cells(change.after, keys),
        "fate_before": None if change.before is None else change.before.fate,
        "newly": int(change.newly),
    }


def diff_table(result: DiffResult) -> Section:
    """Every item and every deadline in scope, one row each, in one table: `kind` (item or
    deadline) and `section` say where the row stands; the other kind's columns are empty."""
    keys = group_keys([*(c.item for c in result.items), *(c.after.item for c in result.deadlines)])
    columns = (
        "kind", "section", "item", "target", "partner", "program", *(snake(key) for key in keys),
        "title", "status_before", "status_before_report", "status_after", "status_after_report",
        "reason", "fate_before", "newly", *state_columns(keys)[4 + len(keys):],
    )  # fmt: skip
    records = [_item_cells(c, keys) for name in ITEM_SECTIONS for c in result.item_section(name)]
    records += [_deadline_cells(c, keys) for name in DEADLINE_SECTIONS for c in result.deadline_section(name)]
    return tidy_table(records, columns)


def _deadline_json(change: DeadlineChange) -> dict[str, Any]:
    return {
        "section": change.section,
        "newly": change.newly,
        "before": None if change.before is None else change.before.fate,
        **state_json(change.after),
    }


def said_text(status: str | None, report: str | None) -> str:
    """A status with the report that gave it: `initiated (2002)`."""
    if status is None:
        return "unreported"
    return f"{status} ({report})" if report else status


def _item_rows(result: DiffResult, name: ItemSection) -> Section:
    a, b = result.a.label, result.b.label
    at_a, at_b = f"status known at {a} (report)", f"status known at {b} (report)"
    changes = result.item_section(name)
    title = name.heading
    if name is ItemSection.NEW:
        return Section(
            title,
            ("item", "title", "introduced by", at_b),
            tuple(
                (
                    c.item.id,
                    c.item.title,
                    c.reason.removeprefix("introduced by "),
                    said_text(c.after, c.after_report),
                )
                for c in changes
            ),
            prose=("title",),
            optional=("introduced by",),
        )
    if name is ItemSection.CONTINUED:
        successors = f"continued by: item, status known at {b} (report)"
        return Section(
            title,
            ("item", "title", at_a, at_b, successors),
            tuple(
                (
                    c.item.id,
                    c.item.title,
                    said_text(c.before, c.before_report),
                    said_text(c.after, c.after_report),
                    ", ".join(f"{sid} {said_text(status, report)}" for sid, status, report in c.successors),
                )
                for c in changes
            ),
            prose=("title", successors),
        )
    columns: tuple[str, ...] = ("item", "title", at_a, at_b)
    rows = [
        (c.item.id, c.item.title, said_text(c.before, c.before_report), said_text(c.after, c.after_report))
        for c in changes
    ]
    if name in (ItemSection.BEHIND, ItemSection.WENT_SILENT, ItemSection.NOT_CARRIED_FORWARD):
        return Section(
            title,
            (*columns, "why"),
            tuple((*row, c.reason) for row, c in zip(rows, changes, strict=True)),
            prose=("title", "why"),
        )
    return Section(title, columns, tuple(rows), prose=("title",))


def _deadline_rows(result: DiffResult, name: DeadlineSection) -> Section:
    changes = result.deadline_section(name)
    states = [c.after for c in changes]
    title = name.heading
    b = result.b.label
    if name in (DeadlineSection.MET_ON_TIME, DeadlineSection.MET_UNDECIDED, DeadlineSection.MET_BEFORE):
        return Section(
            title,
            ("item/target", "what", "due", "done", "per report"),
            tuple(
                (reference(s), s.deadline.what, s.original.canonical, done_text(s), s.met_by) for s in states
            ),
            prose=("what",),
            references=("item/target",),
            optional=("per report",),
        )
    if name is DeadlineSection.MET_LATE:
        return Section(
            title,
            ("item/target", "what", "due", "done", "months late", "per report"),
            tuple(
                (reference(s), s.deadline.what, s.original.canonical, done_text(s), s.late_months, s.met_by)
                for s in states
            ),
            alert=("months late",),
            prose=("what",),
            references=("item/target",),
            optional=("per report",),
        )
    if name in (DeadlineSection.MISSED, DeadlineSection.PASSED_SILENT):
        says = "says (report)" if name is DeadlineSection.MISSED else "last said (report)"
        return Section(
            title,
            ("item/target", "what", "due", f"months overdue at {b}", "passed", says),
            tuple(
                (
                    reference(c.after),
                    c.after.deadline.what,
                    due_text(c.after),
                    c.after.overdue_months,
                    f"after {result.a.label}" if c.newly else f"by {result.a.label}",
                    word_text(c.after) if name is DeadlineSection.MISSED else last_said_text(c.after),
                )
                for c in changes
            ),
            alert=(f"months overdue at {b}",),
            prose=("what",),
            references=("item/target",),
            # a report's word is what the row rests on: it gives way only where the row rests on silence
            optional=("passed", says) if name is DeadlineSection.PASSED_SILENT else ("passed",),
        )
    if name is DeadlineSection.SLIPPED:
        return Section(
            title,
            (
                "item/target",
                "what",
                "was due",
                "months overdue when re-dated",
                "now due",
                "months moved",
                "by report",
            ),
            tuple(
                (
                    reference(s),
                    s.deadline.what,
                    s.original.canonical,
                    s.overdue_months,
                    s.current.canonical,
                    s.moved_months,
                    s.word_report,
                )
                for s in states
            ),
            alert=("months overdue when re-dated",),
            prose=("what",),
            references=("item/target",),
            optional=("by report", "months moved"),
        )
    if name is DeadlineSection.DELAYED:
        return Section(
            title,
            ("item/target", "what", "due", "says (report)"),
            tuple((reference(s), s.deadline.what, due_text(s), word_text(s)) for s in states),
            prose=("what",),
            references=("item/target",),
        )
    if name is DeadlineSection.MOVED:
        return Section(
            title,
            ("item/target", "what", "was due", "now due", "months moved", "by report"),
            tuple(
                (
                    reference(s),
                    s.deadline.what,
                    s.original.canonical,
                    s.current.canonical,
                    s.moved_months,
                    s.revised_by,
                )
                for s in states
            ),
            prose=("what",),
            references=("item/target",),
            optional=("by report",),
        )
    if name is DeadlineSection.SET_ASIDE:
        return Section(
            title,
            ("item/target", "what", "due", "status (report)"),
            tuple((reference(s), s.deadline.what, due_text(s), status_text(s)) for s in states),
            prose=("what",),
            references=("item/target",),
        )
    return Section(
        title,
        ("item/target", "what", "due", "set by"),
        tuple((reference(s), s.deadline.what, due_text(s), s.deadline.set_by) for s in states),
        prose=("what",),
        references=("item/target",),
        optional=("set by",),
    )


def footer(result: DiffResult) -> tuple[str, str]:
    """Two lines that add the sections up to every item and every deadline in scope."""

    def line(kind: str, names: Sequence[str], counts: Mapping[Any, int], total: int) -> str:
        parts = [f"{counts[name]} {name.replace('-', ' ')}" for name in names if counts[name]]
        return f"{total} {kind}: " + (", ".join(parts) if parts else "none")

    items = {name: len(result.item_section(name)) for name in ITEM_SECTIONS}
    deadlines = {name: len(result.deadline_section(name)) for name in DEADLINE_SECTIONS}
    return (
        line("items", ITEM_SECTIONS, items, len(result.items)),
        line("deadlines", DEADLINE_SECTIONS, deadlines, len(result.deadlines)),
    )


def diff_view(result: DiffResult) -> View:
    data = document(
        a={"report": result.a.label, "as_of": result.a.day.end.isoformat()},
        b={"report": result.b.label, "as_of": result.b.day.end.isoformat()},
        partner=result.partner,
        items={name: [_item_json(c) for c in result.item_section(name)] for name in ITEM_SECTIONS},
        deadlines={
            name: [_deadline_json(c) for c in result.deadline_section(name)] for name in DEADLINE_SECTIONS
        },
    )
    sections = [_item_rows(result, name) for name in ITEM_SECTIONS if name not in QUIET]
    sections += [_deadline_rows(result, name) for name in DEADLINE_SECTIONS if name not in QUIET]
    who = f", for {result.partner}" if result.partner else ""
    names = list(dict.fromkeys(program_name for program_name in result.program_names))
    heading = f"{' to '.join(names)}: changes from {moment_text(result.a)} to {moment_text(result.b)}{who}"
    return View(
        data,
        tuple(s for s in sections if s.rows),
        heading,
        lead=diff_lead(result),
        summary=footer(result),
        tidy=diff_table(result),
    )
