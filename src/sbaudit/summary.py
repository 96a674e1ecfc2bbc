"""Per program and status report: items by status, deadlines met on time / late / missed / open,
and the median slip, optionally grouped (by pillar, area, ...)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Report
from .periods import months_between
from .status import STATUSES
from .timeline import Timeline, met_timing

__all__ = ["SummaryRow", "summary", "DEADLINE_FATES"]

DEADLINE_FATES = ("met-on-time", "met-late", "met-date-unknown", "missed", "open")


@dataclass(frozen=True)
class SummaryRow:
    """Counts for one report (and one group when grouped)."""

    report: Report
    group: str
    items: int
    statuses: dict[str, int]
    deadlines: dict[str, int]
    slips: tuple[int, ...] = field(default=())

    @property
    def median_slip(self) -> float | None:
        import statistics

        return statistics.median(self.slips) if self.slips else None

    @property
    def on_time_rate(self) -> float | None:
        met = self.deadlines["met-on-time"] + self.deadlines["met-late"]
        judged = met + self.deadlines["missed"]
        return round(self.deadlines["met-on-time"] / judged, 3) if judged else None


def _fate(tl: Timeline, item, deadline, rank: int, report: Report) -> tuple[str, int | None]:  # type: ignore[no-untyped-def]
    state = tl.deadline_at(item, deadline, rank)
    if state.outcome is not None:
        timing, late = met_timing(state.original, state.outcome)
        return {"on-time": "met-on-time", "late": "met-late"}.get(timing, "met-date-unknown"), late
    if state.current.end < report.as_of.end:
        return "missed", months_between(state.original.end, report.as_of.end)
    if state.current.end > state.original.end:
        return "open", months_between(state.original.end, state.current.end)
    return "open", None


def summary(tl: Timeline, report_name: str | None = None, by: str | None = None) -> list[SummaryRow]:
    reports = [tl.report(report_name)] if report_name else [r for r in tl.dataset.reports if r.kind == "status"]
    rows: list[SummaryRow] = []
    for report in reports:
        rank = tl.rank(report.id)
        groups: dict[str, tuple[Counter[str], Counter[str], list[int], int]] = {}
        for item in tl.dataset.items:
            if item.program != report.program:
                continue
            key = (item.group_value(by) or "(none)") if by else report.program
            statuses, fates, slips, count = groups.setdefault(key, (Counter(), Counter(), [], 0))
            status = tl.status_at(item, rank)
            statuses[status or "unreported"] += 1
            for deadline in item.deadlines:
                if not tl.is_set(deadline, rank):
                    continue
                fate, slip = _fate(tl, item, deadline, rank, report)
                fates[fate] += 1
                if slip:
                    slips.append(slip)
            groups[key] = (statuses, fates, slips, count + 1)
        for key in sorted(groups):
            statuses, fates, slips, count = groups[key]
            rows.append(SummaryRow(
                report, key, count,
                {s: statuses[s] for s in (*STATUSES, "unreported") if statuses[s]},
                {f: fates[f] for f in DEADLINE_FATES},
                tuple(sorted(slips)),
            ))
    return rows
