"""summary: the states at each status report, counted (docs/audit-rules.md, "summary")."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ..core.model import Item, Report
from ..core.status import COUNTED, NOT_COVERED, UNREPORTED
from ..core.vocab import Fate, ReportKind
from .fates import DeadlineState
from .knowledge import Knowledge, Scope

__all__ = ["SummaryRow", "summary", "median"]


def median(values: tuple[int, ...]) -> float | None:
    """The median, to one decimal (always a float, so every median prints alike)."""
    import statistics  # with its fractions and decimal: only the commands that take a median

    return round(float(statistics.median(values)), 1) if values else None


class SummaryRow(NamedTuple):
    """Counts for one report (and one group when grouped), from the states at that report."""

    report: Report
    group: str | None
    items: int
    statuses: dict[str, int]
    fates: dict[str, int]  # by fate (a Fate is its value)
    late_months: tuple[int, ...]
    overdue_months: tuple[int, ...]  # of the dates passed with no report saying they were done
    states: tuple[DeadlineState, ...]

    @property
    def deadlines(self) -> int:
        return sum(self.fates.values())

    @property
    def on_time(self) -> int:
        return self.fates[Fate.MET_ON_TIME]

    @property
    def decided(self) -> int:
        """Every deadline whose timing a report's word decides: met on time or late, passed unmet
        as a report after the date says, or re-dated only after it had passed. A date passed with
        no report's word since is not decided, and is counted apart."""
        return self.on_time + sum(self.fates[fate] for fate in Fate if fate.decided_late)

    @property
    def on_time_rate(self) -> float | None:
        """Met on time over every deadline whose timing is decided."""
        return round(self.on_time / self.decided, 3) if self.decided else None

    @property
    def median_late(self) -> float | None:
        return median(self.late_months)

    @property
    def median_overdue(self) -> float | None:
        return median(self.overdue_months)


def _counted_as(kn: Knowledge, item: Item, scope: Scope) -> str:
    """An item's status at a report, or "not-covered" when the report speaks of part of its
    program and not of this item (its earlier status is not this report's word), or "unreported"."""
    report = scope.moment.report
    if report is not None and report.kind == ReportKind.STATUS and not report.covers(item):
        return NOT_COVERED
    return kn.status_at(item, scope) or UNREPORTED


def summary(
    kn: Knowledge, report_name: str | None = None, by: str | None = None, partner: str | None = None
) -> list[SummaryRow]:
    kn.check_group(by)
    if report_name:
        reports = [kn.report(report_name)]
    else:
        reports = [r for r in kn.dataset.reports if r.kind == ReportKind.STATUS]
    rows: list[SummaryRow] = []
    scopes = [kn.scope(kn.at_report(report), partner) for report in reports]
    for report, scope in zip(reports, scopes, strict=True):
        moment = scope.moment
        groups: dict[str, tuple[Counter[str], list[DeadlineState], list[int]]] = {}
        for item in kn.dataset.items:
            if item.program != report.program or not kn.in_scope(item, scope):
                continue
            key = (item.group_value(by) or "(none)") if by else report.program
            statuses, states, count = groups.setdefault(key, (Counter(), [], [0]))
            statuses[_counted_as(kn, item, scope)] += 1
            count[0] += 1
            for deadline in item.deadlines:
                if kn.is_set(deadline, moment):
                    states.extend(kn.deadline_states(item, deadline, scope))
        for key in sorted(groups):
            statuses, states, count = groups[key]
            fates = Counter(state.fate for state in states)
            rows.append(
                SummaryRow(
                    report,
                    key if by else None,
                    count[0],
                    {s: statuses[s] for s in COUNTED if statuses[s]},
                    {fate: fates[fate] for fate in Fate},
                    tuple(sorted(s.late_months for s in states if s.late_months is not None)),
                    tuple(sorted(s.months for s in states if s.fate.passed and s.months is not None)),
                    tuple(states),
                )
            )
    return rows
