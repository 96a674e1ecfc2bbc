"""The view of `summary`: items by status and deadlines by fate at each status report."""

from __future__ import annotations

from ..audit.fates import FATES
from ..audit.summary import SummaryRow
from ..status import STATUSES
from .formats import Section, View
from .lead import summary_lead

FATE_HEADERS = {
    "met-on-time": "met on time", "met-late": "met late", "met-undecided": "met, timing undecided",
    "missed": "passed unmet", "moved": "moved later", "open": "open", "superseded": "superseded",
    "abandoned": "abandoned",
}


def rate_text(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.0%}"


def median_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def summary_view(rows: list[SummaryRow], by: str | None) -> View:
    data = [{"report": r.report.id, "program": r.report.program, "group": r.group, "items": r.items,
             "statuses": r.statuses, "deadlines": r.deadlines, "fates": r.fates, "on_time_rate": r.on_time_rate,
             "median_late_months": r.median_late, "median_overdue_months": r.median_overdue} for r in rows]
    present = [s for s in (*STATUSES, "unreported") if any(s in r.statuses for r in rows)]
    key = by or "program"
    statuses = Section(
        "Items by status", ("report", key, "items", *(s.replace("-", " ") for s in present)),
        tuple((r.report.id, r.group or r.report.program, r.items, *(r.statuses.get(s, 0) for s in present))
              for r in rows))
    deadlines = Section(
        "Deadlines by fate", ("report", key, "deadlines", *(FATE_HEADERS[f] for f in FATES), "on-time rate",
                              "median months late", "median months overdue"),
        tuple((r.report.id, r.group or r.report.program, r.deadlines, *(r.fates[f] for f in FATES),
               rate_text(r.on_time_rate), median_text(r.median_late), median_text(r.median_overdue)) for r in rows))
    return View(data, (statuses, deadlines), lead=summary_lead(rows))
