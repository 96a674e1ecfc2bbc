"""What was known when: a moment (the reports public then, and the day things are measured at),
and for every item the latest status and for every deadline its state and fate at that moment.
Every command is a view of these states; none decides a fate itself (docs/audit-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.errors import UsageProblem
from ..core.model import Dataset, Deadline, Item, Program, Report, StatusEntry
from ..core.periods import Period, PeriodError, parse_period
from ..core.report_index import ReportIndex
from ..core.status import STATUSES
from .fates import DeadlineState, decide

__all__ = ["Knowledge", "Moment"]


@dataclass(frozen=True)
class Moment:
    """A point of view: the reports known (every report up to `rank` in publication order) and
    the day deadlines are measured at. At a report R: R and the reports before it, measured at
    R's as-of date. At a date D: the reports public by D's last day, measured at that day."""

    rank: int
    day: Period
    report: Report | None = None

    @property
    def label(self) -> str:
        if self.report is not None:
            return self.report.id
        return self.day.canonical


class Knowledge:
    """One dataset, answering "what was known at this moment" for items and deadlines."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.index = ReportIndex(dataset.reports)
        self.items = {item.id: item for item in dataset.items}
        self.continued_by: dict[str, list[str]] = {}
        for item in dataset.items:
            for target in item.continues:
                self.continued_by.setdefault(target, []).append(item.id)
        for successors in self.continued_by.values():
            successors.sort()

    # -- names given on the command line ---------------------------------------------------
    def report(self, name: str) -> Report:
        found = self.index.get(name)
        if found is None:
            names = sorted({n for r in self.dataset.reports for n in (r.id, *r.aliases)})
            raise UsageProblem(f"unknown report {name!r} (known: {', '.join(names)})")
        return found

    @property
    def programs(self) -> dict[str, Program]:
        return self.dataset.programs

    def check_program(self, program: str | None) -> None:
        if program is not None and program not in self.programs:
            raise UsageProblem(f"unknown program {program!r} (known: {', '.join(sorted(self.programs))})")

    def check_partner(self, partner: str | None) -> None:
        if partner is None:
            return
        known = sorted({pair for program in self.programs.values() for pair in program.partners})
        if partner not in known:
            raise UsageProblem(f"unknown partner pair {partner!r} (known: {', '.join(known) or 'none'})")

    @staticmethod
    def check_status(status: str | None) -> None:
        if status is not None and status not in STATUSES:
            raise UsageProblem(f"unknown status {status!r} (known: {', '.join(STATUSES)})")

    def check_group(self, key: str | None) -> None:
        if key is None:
            return
        keys = sorted({name for item in self.dataset.items for name, _ in item.group})
        if key not in keys:
            raise UsageProblem(f"unknown grouping {key!r} (known: {', '.join(keys) or 'none'})")

    def parse_date(self, text: str) -> Period:
        """A date given on the command line, read as Dataset.command_line_setting says."""
        try:
            return parse_period(text, setting=self.dataset.command_line_setting)
        except PeriodError as exc:
            raise UsageProblem(str(exc)) from None

    # -- moments ---------------------------------------------------------------------------
    def rank(self, report: Report | str) -> int:
        found = report if isinstance(report, Report) else self.report(report)
        return self.index.order[found.id]

    def at_report(self, report: Report | str) -> Moment:
        found = report if isinstance(report, Report) else self.report(report)
        return Moment(self.rank(found), found.as_of, found)

    def at_date(self, when: Period) -> Moment:
        rank = -1
        for index, report in enumerate(self.dataset.reports):
            if report.published.end <= when.end:
                rank = index
        return Moment(rank, when)

    def known(self, name: str, moment: Moment | int) -> bool:
        rank = moment if isinstance(moment, int) else moment.rank
        report = self.index.get(name)
        return report is not None and self.index.order[report.id] <= rank

    def reports_known(self, moment: Moment) -> list[Report]:
        return list(self.dataset.reports[: moment.rank + 1])

    # -- items -----------------------------------------------------------------------------
    def in_scope(self, item: Item, moment: Moment, partner: str | None = None) -> bool:
        """The item exists at the moment (its introducing report is known) and, with a partner
        pair, its program tracks that pair."""
        if not self.known(item.introduced, moment):
            return False
        return partner is None or partner in self.programs[item.program].partners

    def entry_at(self, item: Item, moment: Moment | int) -> StatusEntry | None:
        """The item's latest status entry from a report known at the moment."""
        found = None
        for entry in item.history:
            if self.known(entry.report, moment):
                found = entry
        return found

    def status_at(self, item: Item, moment: Moment | int, partner: str | None = None) -> str | None:
        entry = self.entry_at(item, moment)
        if entry is None:
            return None
        return entry.partner(partner) if partner else entry.status

    def entry_of(self, item: Item, report: Report) -> StatusEntry | None:
        for entry in item.history:
            found = self.index.get(entry.report)
            if found is not None and found.id == report.id:
                return entry
        return None

    # -- deadlines -------------------------------------------------------------------------
    def is_set(self, deadline: Deadline, moment: Moment | int) -> bool:
        return self.known(deadline.set_by, moment)

    def deadline_state(
        self, item: Item, deadline: Deadline, moment: Moment, partner: str | None
    ) -> DeadlineState:
        """One deadline for one partner pair (None: as a whole) as known at the moment."""
        return decide(self, item, deadline, moment, partner)

    def deadline_states(
        self, item: Item, deadline: Deadline, moment: Moment, partner: str | None = None
    ) -> list[DeadlineState]:
        """The deadline as known at the moment: for the given pair, else one state per pair the
        item's status, revisions or outcome distinguish, merged into one when they agree."""
        if partner is not None:
            return [decide(self, item, deadline, moment, partner)]
        scopes = self._scopes(item, deadline, moment)
        states = [decide(self, item, deadline, moment, scope) for scope in scopes]
        if len(states) > 1 and len({state.verdict for state in states}) == 1:
            return [replace(states[0], partner=None, status=self.status_at(item, moment))]
        return states

    def _scopes(self, item: Item, deadline: Deadline, moment: Moment) -> list[str | None]:
        named: set[str] = set()
        entry = self.entry_at(item, moment)
        if entry is not None:
            named.update(name for name, _ in entry.partners)
        named.update(r.partner for r in deadline.revisions if r.partner and self.known(r.report, moment))
        outcome = deadline.outcome
        if outcome is not None and outcome.partner and self.known(outcome.report, moment):
            named.add(outcome.partner)
        scopes: list[str | None] = [*sorted(named)] if named else [None]
        return scopes
