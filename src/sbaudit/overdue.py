"""What is overdue as of a date (docs/audit-rules.md): deadlines whose period ended before the as-of
period's last day and whose target or item is not completed as known then."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Item
from .periods import Period, months_between
from .status import is_done
from .timeline import DeadlineState, Timeline

__all__ = ["OverdueRow", "OverdueResult", "overdue"]


@dataclass(frozen=True)
class OverdueRow:
    """One deadline (for one partner pair, or all) past due or falling due."""

    item: Item
    target: str
    what: str
    partner: str | None
    original: Period
    current: Period
    status: str | None
    status_report: str | None
    months: int
    on_track_after_deadline: str | None


@dataclass
class OverdueResult:
    as_of: Period
    against: str
    reports: list[str]
    overdue: list[OverdueRow] = field(default_factory=list)
    due: list[OverdueRow] = field(default_factory=list)


def _on_track_flag(tl: Timeline, state: DeadlineState, rank: int) -> str | None:
    """The first report that called the item on track after the deadline in force had passed."""
    for entry in state.item.history:
        report = tl.index.get(entry.report)
        if report is None or tl.index.order[report.id] > rank:
            continue
        status = entry.partner(state.partner) if state.partner else entry.status
        at_report = tl.deadline_at(state.item, state.deadline, tl.index.order[report.id], state.partner)
        if status == "on-track" and at_report.current.end < report.as_of.end:
            return report.id
    return None


def overdue(
    tl: Timeline,
    as_of: Period,
    against: str = "original",
    partner: str | None = None,
    program: str | None = None,
) -> OverdueResult:
    rank = tl.rank_at_date(as_of)
    result = OverdueResult(as_of, against, [r.id for r in tl.dataset.reports[: rank + 1]])
    if rank < 0:
        return result
    # a partner pair is judged only in programs whose reports name it: never US-MX in a
    # Canada-US plan whose statuses are not split at all
    with_partner = {i.program for i in tl.dataset.items for e in i.history for name, _ in e.partners if name == partner}
    for item in tl.dataset.items:
        if program is not None and item.program != program:
            continue
        if partner is not None and item.program not in with_partner:
            continue
        for deadline in item.deadlines:
            if not tl.is_set(deadline, rank):
                continue
            states = [tl.deadline_at(item, deadline, rank, partner)] if partner else tl.deadline_states(item, deadline, rank)
            for state in states:
                row = _row(tl, state, rank, as_of, against)
                if row is None:
                    continue
                (result.overdue if row.months >= 0 else result.due).append(row)
    result.overdue.sort(key=lambda r: (-r.months, r.item.id, r.target, r.partner or ""))
    result.due.sort(key=lambda r: (r.item.id, r.target, r.partner or ""))
    return result


def _row(tl: Timeline, state: DeadlineState, rank: int, as_of: Period, against: str) -> OverdueRow | None:
    if state.outcome is not None:
        return None
    entry = tl.entry_at(state.item, rank)
    status = None
    if entry is not None:
        status = entry.partner(state.partner) if state.partner else entry.status
        if entry.partners and state.partner and status is None:
            return None  # the report does not speak of this partner pair for this item
    if is_done(status):
        return None
    yardstick = state.original if against == "original" else state.current
    if yardstick.end < as_of.end:
        months = months_between(yardstick.end, as_of.end)
    elif as_of.start <= yardstick.end <= as_of.end:
        months = -1  # falls due within the as-of period itself
    else:
        return None
    return OverdueRow(
        state.item, state.deadline.id, state.deadline.what, state.partner, state.original,
        state.current, status, entry.report if entry else None, months,
        _on_track_flag(tl, state, rank),
    )
