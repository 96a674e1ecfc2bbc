"""The view of `summary`: items by status and deadlines by fate at each status report."""

from __future__ import annotations

from ..audit.summary import SummaryRow
from ..core.status import COUNTED
from ..core.vocab import Fate
from .formats import Section, View
from .formats.base import Cell, tidy_table
from .lead import rate_words, summary_lead
from .shapes import document, snake


def rate_text(row: SummaryRow) -> str:
    """The on-time rate with what it is made of: `4 of 23 (17%)`."""
    return rate_words(row.on_time, row.decided)


def median_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _by_report(rows: list[SummaryRow], present: list[str]) -> tuple[Section, Section]:
    """One column per report: the counts read down, the reports compared across."""
    names = tuple(r.report.id for r in rows)
    status_rows: list[tuple[Cell, ...]] = [
        (s.replace("-", " "), *(r.statuses.get(s, 0) for r in rows)) for s in present
    ]
    status_rows.append(("items", *(r.items for r in rows)))
    fate_rows: list[tuple[Cell, ...]] = [(f.words.label, *(r.fates[f] for r in rows)) for f in Fate]
    fate_rows += [
        ("deadlines", *(r.deadlines for r in rows)),
        ("on-time rate", *(rate_text(r) for r in rows)),
        ("median months late", *(median_text(r.median_late) for r in rows)),
        ("median months overdue", *(median_text(r.median_overdue) for r in rows)),
    ]
    statuses = Section("Items by status", ("status", *names), tuple(status_rows), counted=False)
    deadlines = Section(
        "Deadlines by fate", ("fate", *names), tuple(fate_rows), prose=("fate",), counted=False
    )
    return statuses, deadlines


def summary_table(rows: list[SummaryRow], by: str | None) -> Section:
    """One row per report (and group): the item count by status, the deadline count by fate, the
    on-time rate as a fraction and the medians, each in its own column."""
    statuses = COUNTED
    columns = (
        "report",
        "program",
        *((snake(by),) if by else ()),
        "items",
        *(f"items_{snake(s)}" for s in statuses),
        "deadlines",
        *(f"deadlines_{snake(f)}" for f in Fate),
        "on_time_met",
        "on_time_decided",
        "on_time_rate",
        "median_late_months",
        "median_overdue_months",
    )
    records: list[dict[str, Cell]] = []
    for r in rows:
        record: dict[str, Cell] = {"report": r.report.id, "program": r.report.program, "items": r.items}
        if by:  # the audit names items without the grouping "(none)": an empty cell here
            record[snake(by)] = None if r.group == "(none)" else r.group
        record.update({f"items_{snake(s)}": r.statuses.get(s, 0) for s in statuses})
        record["deadlines"] = r.deadlines
        record.update({f"deadlines_{snake(f)}": r.fates[f] for f in Fate})
        record.update(
            on_time_met=r.on_time,
            on_time_decided=r.decided,
            on_time_rate=r.on_time_rate,
            median_late_months=r.median_late,
            median_overdue_months=r.median_overdue,
        )
        records.append(record)
    return tidy_table(records, columns)


def summary_view(rows: list[SummaryRow], by: str | None, programs: dict[str, str] | None = None) -> View:
    """`programs`: display names by program id, for the lead line."""
    data = document(
        by=by,
        rows=[
            {
                "report": r.report.id,
                "program": r.report.program,
                "group": r.group,
                "items": r.items,
                "statuses": r.statuses,
                "deadlines": r.deadlines,
                "fates": r.fates,
                "on_time": {"met_on_time": r.on_time, "decided": r.decided, "rate": r.on_time_rate},
                "on_time_rate": r.on_time_rate,
                "median_late_months": r.median_late,
                "median_overdue_months": r.median_overdue,
            }
            for r in rows
        ],
    )
    present = [s for s in COUNTED if any(s in r.statuses for r in rows)]
    if by is None:
        statuses, deadlines = _by_report(rows, present)
    else:
        statuses = Section(
            "Items by status",
            ("report", by, "items", *(s.replace("-", " ") for s in present)),
            tuple((r.report.id, r.group, r.items, *(r.statuses.get(s, 0) for s in present)) for r in rows),
            prose=(by,),
        )
        deadlines = Section(
            "Deadlines by fate",
            (
                "report",
                by,
                "deadlines",
                *(f.words.label for f in Fate),
                "on-time rate",
                "median months late",
                "median months overdue",
            ),
            tuple(
                (
                    r.report.id,
                    r.group,
                    r.deadlines,
                    *(r.fates[f] for f in Fate),
                    rate_text(r),
                    median_text(r.median_late),
                    median_text(r.median_overdue),
                )
                for r in rows
            ),
            prose=(by,),
        )
    return View(
        data, (statuses, deadlines), lead=summary_lead(rows, programs or {}), tidy=summary_table(rows, by)
    )
