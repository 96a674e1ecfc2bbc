"""overdue --as-of D: the deadline states at D's moment, filtered (docs/audit-rules.md, "overdue")."""

from __future__ import annotations

from typing import NamedTuple

from ..core.periods import Period, months_between
from .fates import DeadlineState
from .knowledge import Knowledge, Moment, Scope

__all__ = ["OverdueRow", "OverdueResult", "overdue"]


class OverdueRow(NamedTuple):
    """A deadline state past its yardstick (or falling due within the as-of period)."""

    state: DeadlineState
    yardstick: Period
    months: int | None  # months overdue at the as-of period's last day; None when falling due
    on_track_after: str | None


class OverdueResult(NamedTuple):
    moment: Moment
    against: str
    partner: str | None
    program: str | None
    reports: list[str]
    overdue: list[OverdueRow]
    due: list[OverdueRow]
    program_name: str = ""  # with --program, the program's display name


def on_track_after(kn: Knowledge, state: DeadlineState, moment: Moment) -> str | None:
    """The first report known at the moment that called the item (or pair) on track when the
    date in force then had already passed at its as-of date."""
    for entry in state.item.history:
        if not kn.known(entry.report, moment):
            break
        status = entry.status_for(state.partner)
        if status != "on-track":
            continue
        at_report = kn.deadline_state(
            state.item, state.deadline, Scope(kn.at_report(entry.report), state.partner)
        )
        if at_report.current.end < kn.report(entry.report).as_of.end:
            return kn.report(entry.report).id
    return None


def overdue(
    kn: Knowledge,
    as_of: Period,
    against: str = "original",
    partner: str | None = None,
    program: str | None = None,
) -> OverdueResult:
    kn.check_program(program)
    scope = kn.scope(kn.at_date(as_of), partner)
    moment = scope.moment
    overdue: list[OverdueRow] = []
    due: list[OverdueRow] = []
    for item in kn.dataset.items:
        if (program is not None and item.program != program) or not kn.in_scope(item, scope):
            continue
        for deadline in item.deadlines:
            if not kn.is_set(deadline, moment):
                continue
            for state in kn.deadline_states(item, deadline, scope):
                if state.fate.met or state.fate.set_aside:
                    continue
                yardstick = state.original if against == "original" else state.current
                if yardstick.end < as_of.start:
                    row = OverdueRow(
                        state,
                        yardstick,
                        months_between(yardstick.end, as_of.end),
                        on_track_after(kn, state, moment),
                    )
                    overdue.append(row)
                elif yardstick.end <= as_of.end:
                    due.append(OverdueRow(state, yardstick, None, on_track_after(kn, state, moment)))
    overdue.sort(
        key=lambda r: (-(r.months or 0), r.state.item.id, r.state.deadline.id, r.state.partner or "")
    )
    due.sort(key=lambda r: (r.yardstick.end, r.state.item.id, r.state.deadline.id, r.state.partner or ""))
    return OverdueResult(
        moment,
        against,
        partner,
        program,
        [r.id for r in kn.reports_known(moment)],
        overdue,
        due,
        kn.programs[program].display_name if program else "",
    )
