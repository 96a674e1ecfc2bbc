"""The view of `diff A B`: one table per section that has rows, the JSON document, and the
footer that adds the sections up."""

from __future__ import annotations

from typing import Any

from ..audit.diff import DEADLINE_SECTIONS, ITEM_SECTIONS, DeadlineChange, DiffResult, ItemChange
from ..audit.fates import DeadlineState
from ..audit.knowledge import Moment
from .formats import Section, View
from .formats.base import tidy_table
from .lead import diff_lead
from .shapes import document, group_keys, snake, state_cells, state_columns, state_json

ITEM_TITLES = {
    "new": "New items",
    "completed": "Items completed",
    "set-aside": "Items superseded or dropped",
    "continued": "Items carried forward",
    "not-carried-forward": "Items not carried forward",
    "delayed": "Items delayed",
    "fell-back": "Items that fell back",
    "advanced": "Items that advanced",
    "first-reported": "Items reported for the first time",
    "went-silent": "Items gone silent",
    "restated": "Items restated (neither more nor less done)",
    "unchanged": "Items unchanged",
}
DEADLINE_TITLES = {
    "met-on-time": "Dates met on time",
    "met-late": "Dates met late",
    "met-undecided": "Dates met, on time or late undecided",
    "missed": "Dates passed unmet",
    "moved": "Dates moved later",
    "set-aside": "Dates set aside (item superseded or dropped)",
    "newly-promised": "Dates newly promised",
    "still-open": "Dates still open",
    "met-before": "Dates met before",
}
# sections counted in the footer only: their rows are in the JSON
QUIET = {("items", "unchanged"), ("deadlines", "met-before")}


def reference(state: DeadlineState) -> str:
    """What a user can pass to `show`: item/target, with the partner pair when the row is one pair's."""
    name = f"{state.item.id}/{state.deadline.id}"
    return f"{name} ({state.partner})" if state.partner else name


def done_text(state: DeadlineState) -> str:
    """When the work was done: the stated date, or the span the reports allow."""
    if state.outcome is not None and state.outcome.date is not None:
        return state.outcome.date.canonical
    if state.done_from and state.done_to:
        return f"between {state.done_from.isoformat()} and {state.done_to.isoformat()}"
    return ""


def status_text(state: DeadlineState) -> str:
    """The item's (or pair's) status and the report that gave it: `delayed (spp-2006)`."""
    if state.status is None:
        return "unreported"
    return f"{state.status} ({state.status_report})" if state.status_report else state.status


def due_text(state: DeadlineState) -> str:
    text = state.original.canonical
    return text + (f" -> {state.current.canonical}" if state.current != state.original else "")


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
        data["successors"] = [{"item": sid, "status": status} for sid, status in change.successors]
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


def _item_rows(result: DiffResult, name: str) -> Section:
    a, b = result.a.label, result.b.label
    changes = result.item_section(name)
    title = ITEM_TITLES[name]
    if name == "new":
        return Section(
            title,
            ("item", "title", "introduced by", f"status at {b}"),
            tuple(
                (c.item.id, c.item.title, c.reason.removeprefix("introduced by "), c.after) for c in changes
            ),
            prose=("title",),
            optional=("introduced by",),
        )
    if name == "continued":
        return Section(
            title,
            ("item", "title", f"status at {a}", f"status at {b}", f"continued by (status at {b})"),
            tuple(
                (
                    c.item.id,
                    c.item.title,
                    c.before,
                    c.after,
                    ", ".join(f"{sid} ({status or 'unreported'})" for sid, status in c.successors),
                )
                for c in changes
            ),
            prose=("title", f"continued by (status at {b})"),
        )
    columns: tuple[str, ...] = ("item", "title", f"status at {a}", f"status at {b}")
    rows = [(c.item.id, c.item.title, c.before, c.after) for c in changes]
    if name in ("delayed", "went-silent", "not-carried-forward"):
        return Section(
            title,
            (*columns, "why"),
            tuple((*row, c.reason) for row, c in zip(rows, changes, strict=True)),
            prose=("title", "why"),
        )
    return Section(title, columns, tuple(rows), prose=("title",))


def _deadline_rows(result: DiffResult, name: str) -> Section:
    changes = result.deadline_section(name)
    states = [c.after for c in changes]
    title = DEADLINE_TITLES[name]
    b = result.b.label
    if name in ("met-on-time", "met-undecided", "met-before"):
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
    if name == "met-late":
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
    if name == "missed":
        return Section(
            title,
            ("item/target", "what", "due", f"months overdue at {b}", "passed", "status (report)"),
            tuple(
                (
                    reference(c.after),
                    c.after.deadline.what,
                    due_text(c.after),
                    c.after.overdue_months,
                    f"after {result.a.label}" if c.newly else f"by {result.a.label}",
                    status_text(c.after),
                )
                for c in changes
            ),
            alert=(f"months overdue at {b}",),
            prose=("what",),
            references=("item/target",),
            optional=("status (report)", "passed"),
        )
    if name == "moved":
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
    if name == "set-aside":
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

    def line(kind: str, names: tuple[str, ...], counts: dict[str, int], total: int) -> str:
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
    sections = [_item_rows(result, name) for name in ITEM_SECTIONS if ("items", name) not in QUIET]
    sections += [
        _deadline_rows(result, name) for name in DEADLINE_SECTIONS if ("deadlines", name) not in QUIET
    ]
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
