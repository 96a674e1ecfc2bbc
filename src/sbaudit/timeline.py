"""What is known of an item at a report or a date: its latest status entry, and each deadline's
period in force and whether it was met. A report counts at date D once it was public by D's last
day; nothing later is used (no hindsight)."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import ReportIndex
from .errors import UsageProblem
from .model import Dataset, Deadline, Item, Outcome, Report, StatusEntry
from .periods import Period, PeriodError, months_between, parse_period

__all__ = ["Timeline", "DeadlineState", "met_timing"]


@dataclass(frozen=True)
class DeadlineState:
    """One deadline as known at a point in time, for one partner pair (None: the whole item)."""

    item: Item
    deadline: Deadline
    partner: str | None
    original: Period
    current: Period
    revised_by: str | None
    outcome: Outcome | None


def met_timing(due: Period, outcome: Outcome | None) -> tuple[str, int | None]:
    """on-time / late / unknown, and whole months late (from the due period's last day to the
    first day the work can have been done); unknown when the date is missing or straddles it."""
    if outcome is None or outcome.date is None:
        return "unknown", None
    if outcome.date.end <= due.end:
        return "on-time", 0
    if outcome.date.start > due.end:
        return "late", months_between(due.end, outcome.date.start)
    return "unknown", None


class Timeline:
    """Answers "as known at report R" questions over one dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.index = ReportIndex(dataset.reports)
        self.continued_by: dict[str, list[str]] = {}
        for item in dataset.items:
            for target in item.continues:
                self.continued_by.setdefault(target, []).append(item.id)
        self.items = {item.id: item for item in dataset.items}

    # -- reports ---------------------------------------------------------------------------
    def report(self, name: str) -> Report:
        found = self.index.get(name)
        if found is None:
            names = sorted({n for r in self.dataset.reports for n in (r.id, *r.aliases)})
            raise UsageProblem(f"unknown report {name!r} (known: {', '.join(names)})")
        return found

    def rank(self, name: str) -> int:
        return self.index.order[self.report(name).id]

    def rank_at_date(self, when: Period) -> int:
        """The rank of the last report public by `when`'s last day; -1 when none was."""
        rank = -1
        for index, report in enumerate(self.dataset.reports):
            if report.published.end <= when.end:
                rank = index
        return rank

    @staticmethod
    def parse_date(text: str) -> Period:
        try:
            return parse_period(text)
        except PeriodError as exc:
            raise UsageProblem(str(exc)) from None

    def _known(self, name: str, rank: int) -> bool:
        report = self.index.get(name)
        return report is not None and self.index.order[report.id] <= rank

    # -- items -----------------------------------------------------------------------------
    def entry_at(self, item: Item, rank: int) -> StatusEntry | None:
        """The item's latest status entry from a report no later than `rank`."""
        found = None
        for entry in item.history:
            if self._known(entry.report, rank):
                found = entry
        return found

    def entry_of(self, item: Item, report: Report) -> StatusEntry | None:
        for entry in item.history:
            found = self.index.get(entry.report)
            if found is not None and found.id == report.id:
                return entry
        return None

    def status_at(self, item: Item, rank: int, partner: str | None = None) -> str | None:
        entry = self.entry_at(item, rank)
        if entry is None:
            return None
        return entry.partner(partner) if partner else entry.status

    def partners_at(self, item: Item, rank: int) -> list[str | None]:
        entry = self.entry_at(item, rank)
        if entry is None or not entry.partners:
            return [None]
        return [name for name, _ in entry.partners]

    # -- deadlines -------------------------------------------------------------------------
    def is_set(self, deadline: Deadline, rank: int) -> bool:
        return self._known(deadline.set_by, rank)

    def deadline_at(self, item: Item, deadline: Deadline, rank: int, partner: str | None = None) -> DeadlineState:
        current, revised_by = deadline.period, None
        for revision in deadline.revisions:
            if self._known(revision.report, rank) and revision.partner in (None, partner):
                current, revised_by = revision.period, revision.report
        outcome = deadline.outcome
        if outcome is not None and (
            not self._known(outcome.report, rank) or outcome.partner not in (None, partner)
        ):
            outcome = None
        return DeadlineState(item, deadline, partner, deadline.period, current, revised_by, outcome)

    def deadline_states(self, item: Item, deadline: Deadline, rank: int) -> list[DeadlineState]:
        """One state per partner pair the item's status is split into, merged when they agree."""
        scopes = self.partners_at(item, rank)
        if scopes == [None] and (
            any(r.partner for r in deadline.revisions) or (deadline.outcome and deadline.outcome.partner)
        ):
            named = {r.partner for r in deadline.revisions if r.partner}
            if deadline.outcome is not None and deadline.outcome.partner:
                named.add(deadline.outcome.partner)
            scopes = [*sorted(named)]
        states = [self.deadline_at(item, deadline, rank, scope) for scope in scopes]
        first = states[0]
        if all((s.current, s.outcome) == (first.current, first.outcome) for s in states):
            return [DeadlineState(item, deadline, None, first.original, first.current, first.revised_by, first.outcome)]
        return states
