"""The view of `overdue --as-of D`."""

from __future__ import annotations

from typing import Any

from ..audit.overdue import OverdueResult, OverdueRow
from .diff import due_text, reference
from .formats import Section, View
from .lead import overdue_lead
from .shapes import state_json


def _row_json(row: OverdueRow) -> dict[str, Any]:
    return {**state_json(row.state), "yardstick": row.yardstick.canonical, "yardstick_end": row.yardstick.end.isoformat(),
            "months_overdue": row.months, "on_track_after": row.on_track_after}


def overdue_view(result: OverdueResult) -> View:
    as_of = result.moment.day
    data = {"as_of": as_of.canonical, "as_of_end": as_of.end.isoformat(), "against": result.against,
            "partner": result.partner, "program": result.program, "reports": result.reports,
            "overdue": [_row_json(r) for r in result.overdue], "due": [_row_json(r) for r in result.due]}
    overdue = Section(
        "Overdue", ("item/target", "what", "due (promised -> in force)", "status", "status per report",
                    "months overdue", "called on track after the date by"),
        tuple((reference(r.state), r.state.deadline.what, due_text(r.state), r.state.status or "unreported",
               r.state.status_report, r.months, r.on_track_after) for r in result.overdue),
        alert=("months overdue", "called on track after the date by"), wide=("what",))
    due = Section(
        f"Falling due in {as_of.canonical}", ("item/target", "what", "due (promised -> in force)", "status",
                                              "status per report"),
        tuple((reference(r.state), r.state.deadline.what, due_text(r.state), r.state.status or "unreported",
               r.state.status_report) for r in result.due), wide=("what",))
    known = ", ".join(result.reports) or "none"
    who = f" for {result.partner}" if result.partner else ""
    heading = (f"As of {as_of.canonical} (last day {as_of.end.isoformat()}){who}, measured against the "
               f"{result.against} date; reports public by then: {known}")
    footer = (f"{len(result.overdue)} overdue, {len(result.due)} falling due in {as_of.canonical}",)
    return View(data, (overdue, due), heading, lead=overdue_lead(result), summary=footer)
