"""The fate of a deadline at a moment, decided in exactly one place (`decide`), and the one rule
comparing two statuses (`status_change`). docs/audit-rules.md states each rule and names these
functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.model import Deadline, Item, Outcome
from ..core.periods import Period, months_between

if TYPE_CHECKING:
    from .knowledge import Knowledge, Moment

__all__ = ["DeadlineState", "FATES", "MET", "SET_ASIDE", "decide", "status_change", "completion_bounds"]

# Every fate, in the order listings and counts show them.
FATES: tuple[str, ...] = (
    "met-on-time",
    "met-late",
    "met-undecided",
    "missed",
    "moved",
    "open",
    "superseded",
    "abandoned",
)
MET = frozenset({"met-on-time", "met-late", "met-undecided"})
SET_ASIDE = frozenset({"superseded", "abandoned"})


@dataclass(frozen=True)
class DeadlineState:
    """One deadline for one partner pair (None: as a whole) as known at a moment."""

    item: Item
    deadline: Deadline
    partner: str | None
    fate: str
    original: Period
    current: Period
    revised_by: str | None
    # the item's (or pair's) status at the moment and the report that gave it
    status: str | None
    status_report: str | None
    # met: the report saying so, the recorded outcome (None when only the status says completed),
    # and the first and last day the work can have been done
    met_by: str | None = None
    outcome: Outcome | None = None
    done_from: dt.date | None = None
    done_to: dt.date | None = None
    # one measure each: months met after the original date's end; months the date in force has
    # been passed at the moment; months the date in force lies after the original one
    late_months: int | None = None
    overdue_months: int | None = None
    moved_months: int | None = None

    @property
    def met(self) -> bool:
        return self.fate in MET

    @property
    def verdict(self) -> tuple[object, ...]:
        """What a listing shows of the state, partner pair and status aside: two pairs with the
        same verdict are shown as one row."""
        return (
            self.fate,
            self.current,
            self.revised_by,
            self.met_by,
            self.done_from,
            self.done_to,
            self.late_months,
            self.overdue_months,
            self.moved_months,
        )


def completion_bounds(
    knowledge: Knowledge, item: Item, deadline: Deadline, met_by: str, partner: str | None
) -> tuple[dt.date, dt.date]:
    """The first and last day the work can have been done when only the report saying so is
    known: after the last earlier report at which it was still open (the one that set the
    deadline, or a later one giving the item a status other than completed), by the as-of date
    of the report that says it is done."""
    met_report = knowledge.report(met_by)
    met_rank = knowledge.rank(met_report)
    earliest = knowledge.report(deadline.set_by)
    for entry in item.history:
        rank = knowledge.rank(entry.report)
        status = entry.partner(partner) if partner else entry.status
        if knowledge.rank(earliest) < rank < met_rank and status != "completed":
            earliest = knowledge.report(entry.report)
    return earliest.as_of.start, met_report.as_of.end


def _met_by_status(
    knowledge: Knowledge, item: Item, deadline: Deadline, moment: Moment, partner: str | None
) -> str | None:
    """The first report known at the moment, later than the one that set the deadline, that
    called the item (or the pair) completed."""
    set_rank = knowledge.rank(deadline.set_by)
    for entry in item.history:
        if not knowledge.known(entry.report, moment):
            break
        status = entry.partner(partner) if partner else entry.status
        if status == "completed" and knowledge.rank(entry.report) > set_rank:
            return knowledge.report(entry.report).id
    return None


def decide(
    knowledge: Knowledge, item: Item, deadline: Deadline, moment: Moment, partner: str | None
) -> DeadlineState:
    """The fate of one deadline for one pair at a moment (docs/audit-rules.md, "Fates").

    Met: a known outcome for the pair (or for all), or the item's status for the pair is
    completed. On time when the last possible day of the work is within the original date,
    late when its first possible day is after it, undecided otherwise. Not met: superseded or
    abandoned when the item's status says so; missed when the date in force ended before the
    moment's day; moved when the date in force lies after the original one; else open."""
    current, revised_by = deadline.period, None
    for revision in deadline.revisions:
        if knowledge.known(revision.report, moment) and revision.partner in (None, partner):
            current, revised_by = revision.period, revision.report
    entry = knowledge.entry_at(item, moment)
    status = None if entry is None else (entry.partner(partner) if partner else entry.status)
    base = dict(
        item=item,
        deadline=deadline,
        partner=partner,
        original=deadline.period,
        current=current,
        revised_by=revised_by,
        status=status,
        status_report=entry.report if entry else None,
    )

    outcome = deadline.outcome
    if outcome is not None and (
        not knowledge.known(outcome.report, moment) or outcome.partner not in (None, partner)
    ):
        outcome = None
    met_by = (
        outcome.report if outcome is not None else _met_by_status(knowledge, item, deadline, moment, partner)
    )
    if met_by is not None:
        first, last = completion_bounds(knowledge, item, deadline, met_by, partner)
        if outcome is not None and outcome.date is not None:
            # the stated date is authoritative; the reports' dates only narrow a straddling one
            first, last = outcome.date.start, outcome.date.end
            if first <= deadline.period.end < last:
                narrowed_first, narrowed_last = completion_bounds(knowledge, item, deadline, met_by, partner)
                first, last = max(first, narrowed_first), min(last, narrowed_last)
        due = deadline.period.end
        if last <= due:
            fate, late = "met-on-time", None
        elif first > due:
            fate, late = "met-late", months_between(due, first)
        else:
            fate, late = "met-undecided", None
        return DeadlineState(
            **base,  # type: ignore[arg-type]
            fate=fate,
            met_by=knowledge.report(met_by).id,
            outcome=outcome,
            done_from=first,
            done_to=last,
            late_months=late,
        )
    if status == "superseded":
        return DeadlineState(**base, fate="superseded")  # type: ignore[arg-type]
    if status == "dropped":
        return DeadlineState(**base, fate="abandoned")  # type: ignore[arg-type]
    day = moment.day.end
    if current.end < day:
        return DeadlineState(**base, fate="missed", overdue_months=months_between(current.end, day))  # type: ignore[arg-type]
    if current.end > deadline.period.end:
        return DeadlineState(
            **base,  # type: ignore[arg-type]
            fate="moved",
            moved_months=months_between(deadline.period.end, current.end),
        )
    return DeadlineState(**base, fate="open")  # type: ignore[arg-type]


# -- statuses --------------------------------------------------------------------------------

# How much of the commitment a status says is done, as the range it allows: not started (0),
# initiated (1), partially completed (2), completed (3). On track, delayed and ongoing speak of
# the schedule, not of completion, so they allow a range.
_DONE_RANGE: dict[str, tuple[int, int]] = {
    "not-started": (0, 0),
    "initiated": (1, 1),
    "on-track": (1, 2),
    "ongoing": (1, 2),
    "delayed": (0, 2),
    "partially-completed": (2, 2),
    "completed": (3, 3),
}


def status_change(before: str | None, after: str | None) -> str:
    """same, advanced, fell-back or restated: how the second status compares with the first
    on completion. Advanced when the least it allows is more than the least the first allowed;
    fell back when the most it allows is less than the least the first allowed; restated when
    it differs otherwise (on track after partially completed is not a fall back: it speaks of
    the schedule). Statuses beside the scale (superseded, dropped) are only ever restated."""
    if before == after:
        return "same"
    if before is None or after is None or before not in _DONE_RANGE or after not in _DONE_RANGE:
        return "restated"
    low_before, _ = _DONE_RANGE[before]
    low_after, high_after = _DONE_RANGE[after]
    if high_after < low_before:
        return "fell-back"
    if low_after > low_before:
        return "advanced"
    return "restated"
