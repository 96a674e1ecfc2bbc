"""The view of `overdue --as-of D`."""

from __future__ import annotations

from typing import Any

from ..audit.fates import DeadlineState
from ..audit.overdue import OverdueResult, OverdueRow
from ..core.vocab import Fate
from .formats import Section, View
from .formats.base import tidy_table
from .lead import overdue_lead
from .shapes import (
    document,
    due_text,
    group_keys,
    reference,
    state_cells,
    state_columns,
    state_json,
    status_text,
    word_text,
)


def _row_cells(section: str, row: OverdueRow, keys: list[str]) -> dict[str, Any]:
    return {
        "section": section,
        **state_cells(row.state, keys),
        "yardstick": row.yardstick.canonical,
        "yardstick_end": row.yardstick.end.isoformat(),
        "yardstick_months": row.months,
        "on_track_after": row.on_track_after,
    }


def since_text(state: DeadlineState) -> str:
    """What the reports have said of an overdue date: the latest word after it passed, or that
    none has spoken of it since."""
    if state.fate is Fate.PASSED_SILENT:
        return "none since the date"
    return word_text(state)


def _row_json(row: OverdueRow) -> dict[str, Any]:
    return {
        **state_json(row.state),
        "yardstick": row.yardstick.canonical,
        "yardstick_end": row.yardstick.end.isoformat(),
        "yardstick_months": row.months,
        "on_track_after": row.on_track_after,
    }


def overdue_view(result: OverdueResult) -> View:
    as_of = result.moment.day
    data = document(
        as_of=as_of.canonical,
        as_of_end=as_of.end.isoformat(),
        against=result.against,
        partner=result.partner,
        program=result.program,
        reports=result.reports,
        overdue=[_row_json(r) for r in result.overdue],
        due=[_row_json(r) for r in result.due],
    )
    keys = group_keys(r.state.item for r in (*result.overdue, *result.due))
    tidy = tidy_table(
        [_row_cells("overdue", r, keys) for r in result.overdue]
        + [_row_cells("due", r, keys) for r in result.due],
        ("section", *state_columns(keys), "yardstick", "yardstick_end", "yardstick_months", "on_track_after"),
    )
    on_track = "said on track when past due"
    says = "latest word (report)"
    overdue = Section(
        "Overdue",
        ("item/target", "what", "due", "months overdue", says, "status (report)", on_track),
        tuple(
            (
                reference(r.state),
                r.state.deadline.what,
                due_text(r.state),
                r.months,
                since_text(r.state),
                status_text(r.state),
                r.on_track_after,
            )
            for r in result.overdue
        ),
        alert=("months overdue", on_track),
        prose=("what",),
        references=("item/target",),
        optional=(on_track, "status (report)", says),
    )
    due = Section(
        f"Falling due in {as_of.canonical}",
        ("item/target", "what", "due", says, "status (report)"),
        tuple(
            (
                reference(r.state),
                r.state.deadline.what,
                due_text(r.state),
                word_text(r.state),
                status_text(r.state),
            )
            for r in result.due
        ),
        prose=("what",),
        references=("item/target",),
        optional=("status (report)", says),
    )
    known = ", ".join(result.reports) or "none"
    who = f" for {result.partner}" if result.partner else ""
    scope = f"{result.program_name}, as of" if result.program_name else "As of"
    heading = (
        f"{scope} {as_of.canonical} (last day {as_of.end.isoformat()}){who}, measured against the "
        f"{result.against} date; reports public by then: {known}"
    )
    footer = (f"{len(result.overdue)} overdue, {len(result.due)} falling due in {as_of.canonical}",)
    return View(data, (overdue, due), heading, lead=overdue_lead(result), summary=footer, tidy=tidy)
