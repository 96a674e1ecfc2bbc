"""The fate of a deadline at a moment, decided in exactly one place (`decide`), and the one rule
comparing two statuses (`status_change`). docs/audit-rules.md states each rule and names these
functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.model import Deadline, Item, Outcome, Report
from ..core.periods import Period, months_between
from ..core.vocab import Fate, Kept, Word

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DeadlineState",
    "Done",
    "Known",
    "Said",
    "Slip",
    "Spoken",
    "decide",
    "status_change",
    "completion_bounds",
]


class Said(NamedTuple):
    """One known report's status for the item (for the pair, or as a whole), in report order."""

    report: Report
    rank: int
    status: str | None
    named: str  # the report as the entry names it


class Spoken(NamedTuple):
    """One known report's word on the deadline (for the pair), in report order: only reports
    later than the one that set it speak of it (docs/audit-rules.md, "A report's word")."""

    report: Report
    word: Word


class Slip(NamedTuple):
    """A revision that came only after the date in force had passed: by the revising report's
    as-of date, the date had been passed for `months`."""

    report: Report
    months: int


class Known(NamedTuple):
    """Everything `decide` may use about one deadline for one pair at a moment, as plain values:
    the reports' words known then, and the day things are measured at."""

    set_by: Report
    set_rank: int
    said: tuple[Said, ...]
    current: Period
    revised_by: str | None
    outcome: Outcome | None
    outcome_report: Report | None
    outcome_rank: int
    day: Period
    words: tuple[Spoken, ...] = ()
    slip: Slip | None = None


class Done(NamedTuple):
    """A met deadline: the report saying so, the recorded outcome (None when only the status says
    completed), and the first and last day the work can have been done."""

    met_by: str
    outcome: Outcome | None
    first: dt.date
    last: dt.date

    @property
    def kept(self) -> Kept:
        return Kept.IN_FULL if self.outcome is None else self.outcome.kept


class _StateFields(NamedTuple):
    item: Item
    deadline: Deadline
    partner: str | None
    fate: Fate
    original: Period
    current: Period
    revised_by: str | None
    # the item's (or pair's) status at the moment and the report that gave it
    status: str | None
    status_report: str | None
    done: Done | None = None
    months: int | None = None
    # the report whose word the fate rests on, and that word; for passed-silent, which rests on
    # silence, the last word before the date passed; None where no report has spoken of it
    word: Word | None = None
    word_report: str | None = None


def _check(state: DeadlineState) -> None:
    if (state.done is not None) != state.fate.met:
        raise ValueError(f"a {state.fate} state {'needs' if state.fate.met else 'has no'} completion")
    if (state.months is not None) != (state.fate.words.measure is not None):
        raise ValueError(f"a {state.fate} state {'needs' if state.fate.words.measure else 'has no'} measure")


class DeadlineState(_StateFields):
    """One deadline for one partner pair (None: as a whole) as known at a moment. `done` exists
    exactly when the fate is a met one, `months` exactly when the fate has a measure (months late,
    months overdue or months moved: `fate.words.measure` names it); a state that breaks this is
    refused when made, and when made from values or copied (`_make`, which `_replace` and
    Python 3.13's `copy.replace` go through)."""

    __slots__ = ()

    if not TYPE_CHECKING:  # type checkers see the fields' own constructor

        def __init__(self, *_fields, **_named):  # tuple.__new__ has set the fields: check them
            _check(self)

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Self:  # type: ignore[override]  # mypy types NamedTuple._make generically
        state = super()._make(iterable)
        _check(state)
        return state

    @property
    def met(self) -> bool:
        return self.fate.met

    def _measure(self, fate: Fate) -> int | None:
        return self.months if self.fate is fate else None

    @property
    def late_months(self) -> int | None:
        return self._measure(Fate.MET_LATE)

    @property
    def overdue_months(self) -> int | None:
        """Months the date in force had been passed: at the moment (passed unmet or with no word
        since), or when a report re-dated it (slipped)."""
        return self.months if self.fate in (Fate.MISSED, Fate.PASSED_SILENT, Fate.SLIPPED) else None

    @property
    def moved_months(self) -> int | None:
        """Months from the original date to the date in force, where a revision moved it."""
        if self.fate is Fate.MOVED:
            return self.months
        if self.fate is Fate.SLIPPED:
            return months_between(self.original.end, self.current.end)
        return None

    @property
    def kept(self) -> Kept | None:
        return None if self.done is None else self.done.kept

    @property
    def met_by(self) -> str | None:
        return None if self.done is None else self.done.met_by

    @property
    def outcome(self) -> Outcome | None:
        return None if self.done is None else self.done.outcome

    @property
    def done_from(self) -> dt.date | None:
        return None if self.done is None else self.done.first

    @property
    def done_to(self) -> dt.date | None:
        return None if self.done is None else self.done.last

    @property
    def verdict(self) -> tuple[object, ...]:
        """What a listing shows of the state, partner pair and status aside: two pairs with the
        same verdict are shown as one row."""
        done = None if self.done is None else (self.done.met_by, self.done.first, self.done.last)
        return (
            self.fate,
            self.current,
            self.revised_by,
            done,
            self.kept,
            self.months,
            self.word,
            self.word_report,
        )


def completion_bounds(known: Known, met_report: Report, met_rank: int) -> tuple[dt.date, dt.date]:
    """The first and last day the work can have been done when only the report saying so is
    known: after the last earlier report at which it was still open (the one that set the
    deadline, or a later one giving the item a status other than completed), by the as-of date
    of the report that says it is done."""
    earliest = known.set_by
    for said in known.said:
        if known.set_rank < said.rank < met_rank and said.status != "completed":
            earliest = said.report
    return earliest.as_of.start, met_report.as_of.end


def _met_by_status(known: Known) -> Said | None:
    """The first known report, later than the one that set the deadline, that called the item
    (or the pair) completed."""
    for said in known.said:
        if said.status == "completed" and said.rank > known.set_rank:
            return said
    return None


def _done(known: Known, deadline: Deadline) -> Done | None:
    """When the deadline was met, if a known report says it was."""
    if known.outcome is not None and known.outcome_report is not None:
        met_report, met_rank = known.outcome_report, known.outcome_rank
    else:
        said = _met_by_status(known)
        if said is None:
            return None
        met_report, met_rank = said.report, said.rank
    first, last = completion_bounds(known, met_report, met_rank)
    outcome = known.outcome
    if outcome is not None and outcome.date is not None:
        # the stated date is authoritative; the reports' dates only narrow a straddling one
        stated_first, stated_last = outcome.date.start, outcome.date.end
        if stated_first <= deadline.period.end < stated_last:
            first, last = max(stated_first, first), min(stated_last, last)
        else:
            first, last = stated_first, stated_last
    return Done(met_report.id, outcome, first, last)


def _word_after(known: Known, day: dt.date) -> Spoken | None:
    """The latest known word from a report whose as-of date is after `day`: a report speaking of
    the promise once its date had passed."""
    found = None
    for spoken in known.words:
        if spoken.report.as_of.end > day:
            found = spoken
    return found


def decide(item: Item, deadline: Deadline, partner: str | None, known: Known) -> DeadlineState:
    """The fate of one deadline for one pair at a moment (docs/audit-rules.md, "Fates").

    Met: a known outcome for the pair (or for all), or the item's status for the pair is
    completed. On time when the last possible day of the work is within the original date,
    late when its first possible day is after it, undecided otherwise. Not met: superseded or
    abandoned when the item's status (or a report's word on the date) says so. When the date in
    force has passed by the moment's day: missed when a report after that date says the work is
    still to come or delayed, passed-silent when no report has spoken of it since. Not passed:
    slipped when a report re-dated it only after the date in force had passed, delayed when the
    latest word is "delayed" with no new date, moved when a revision put the date later, else open."""
    latest = known.said[-1] if known.said else None
    status = None if latest is None else latest.status
    last_word = known.words[-1] if known.words else None

    def state(
        fate: Fate, done: Done | None = None, months: int | None = None, word: Spoken | None = last_word
    ) -> DeadlineState:
        return DeadlineState(
            item=item,
            deadline=deadline,
            partner=partner,
            fate=fate,
            original=deadline.period,
            current=known.current,
            revised_by=known.revised_by,
            status=status,
            status_report=None if latest is None else latest.named,
            done=done,
            months=months,
            word=None if word is None else word.word,
            word_report=None if word is None else word.report.id,
        )

    done = _done(known, deadline)
    if done is not None:
        said_done = next((s for s in known.words if s.word is Word.DONE and s.report.id == done.met_by), None)
        due = deadline.period.end
        if done.last <= due:
            return state(Fate.MET_ON_TIME, done, word=said_done)
        if done.first > due:
            return state(Fate.MET_LATE, done, months_between(due, done.first), word=said_done)
        return state(Fate.MET_UNDECIDED, done, word=said_done)
    if status == "superseded" or (last_word is not None and last_word.word is Word.SET_ASIDE):
        return state(Fate.SUPERSEDED)
    if status == "dropped":
        return state(Fate.ABANDONED)
    day = known.day.end
    if known.current.end < day:
        after = _word_after(known, known.current.end)
        months = months_between(known.current.end, day)
        if after is not None:
            return state(Fate.MISSED, months=months, word=after)
        return state(Fate.PASSED_SILENT, months=months)
    if known.slip is not None:
        redated = next(
            (s for s in known.words if s.word is Word.REDATED and s.report.id == known.slip.report.id), None
        )
        return state(Fate.SLIPPED, months=known.slip.months, word=redated)
    if last_word is not None and last_word.word is Word.DELAYED:
        return state(Fate.DELAYED)
    if known.current.end > deadline.period.end:
        return state(Fate.MOVED, months=months_between(deadline.period.end, known.current.end))
    return state(Fate.OPEN)


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
