"""What was known when: a moment (the reports public then, and the day things are measured at),
and for every item the latest status and for every deadline its state and fate at that moment.
Every command is a view of these states; none decides a fate itself (docs/audit-rules.md)."""

from __future__ import annotations

from typing import NamedTuple

from ..core.errors import UsageProblem
from ..core.model import Dataset, Deadline, Item, Program, Report, StatusEntry
from ..core.periods import Period, PeriodError, months_between, parse_period
from ..core.report_index import ReportIndex
from ..core.status import STATUSES
from ..core.suggest import did_you_mean
from ..core.vocab import Word
from .fates import DeadlineState, Known, Said, Slip, Spoken, decide

__all__ = ["Knowledge", "Moment", "Scope"]

# what a reported status label says of its milestone's dates (any other label: still to come)
_LABEL_WORD = {
    "completed": Word.DONE,
    "delayed": Word.DELAYED,
    "superseded": Word.SET_ASIDE,
    "dropped": Word.SET_ASIDE,
}


class Moment(NamedTuple):
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


class Scope(NamedTuple):
    """What a question looks at: a moment, and one partner pair (None: every pair, told apart
    where their stories differ). Made by `Knowledge.scope`, which checks the pair once."""

    moment: Moment
    partner: str | None = None

    def pair(self, partner: str | None) -> Scope:
        return self._replace(partner=partner)


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
            names = self.index.known()
            hint = did_you_mean(name, names)
            raise UsageProblem(f"unknown report {name!r}{hint} (known: {', '.join(names)})")
        return found

    @property
    def programs(self) -> dict[str, Program]:
        return self.dataset.programs

    def check_program(self, program: str | None) -> None:
        if program is not None and program not in self.programs:
            raise UsageProblem(f"unknown program {program!r} (known: {', '.join(sorted(self.programs))})")

    def scope(self, moment: Moment, partner: str | None = None) -> Scope:
        """The moment seen for one partner pair, refused when no program tracks that pair."""
        if partner is not None:
            known = sorted({pair for program in self.programs.values() for pair in program.partners})
            if partner not in known:
                raise UsageProblem(f"unknown partner pair {partner!r} (known: {', '.join(known) or 'none'})")
        return Scope(moment, partner)

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
    def in_scope(self, item: Item, scope: Scope) -> bool:
        """The item exists at the moment (its introducing report is known) and, with a partner
        pair, its program tracks that pair."""
        if not self.known(item.introduced, scope.moment):
            return False
        return scope.partner is None or scope.partner in self.programs[item.program].partners

    def entry_at(self, item: Item, moment: Moment | int) -> StatusEntry | None:
        """The item's latest status entry from a report known at the moment."""
        found = None
        for entry in item.history:
            if self.known(entry.report, moment):
                found = entry
        return found

    def status_at(self, item: Item, scope: Scope) -> str | None:
        entry = self.entry_at(item, scope.moment)
        return None if entry is None else entry.status_for(scope.partner)

    def entry_of(self, item: Item, report: Report) -> StatusEntry | None:
        for entry in item.history:
            found = self.index.get(entry.report)
            if found is not None and found.id == report.id:
                return entry
        return None

    # -- deadlines -------------------------------------------------------------------------
    def is_set(self, deadline: Deadline, moment: Moment | int) -> bool:
        return self.known(deadline.set_by, moment)

    def deadline_state(self, item: Item, deadline: Deadline, scope: Scope) -> DeadlineState:
        """One deadline for one partner pair (None: as a whole) as known at the moment."""
        return decide(item, deadline, scope.partner, self._known(item, deadline, scope.moment, scope.partner))

    def _known(self, item: Item, deadline: Deadline, moment: Moment, partner: str | None) -> Known:
        """What the reports known at the moment say of the deadline for the pair, as plain values."""
        said = tuple(
            Said(self.report(entry.report), self.rank(entry.report), entry.status_for(partner), entry.report)
            for entry in item.history
            if self.known(entry.report, moment)
        )
        current, revised_by = deadline.period, None
        for revision in deadline.revisions:
            if self.known(revision.report, moment) and revision.partner in (None, partner):
                current, revised_by = revision.period, revision.report
        outcome = deadline.outcome
        if outcome is not None and (
            not self.known(outcome.report, moment) or outcome.partner not in (None, partner)
        ):
            outcome = None
        words = self._words(item, deadline, moment, partner)
        return Known(
            words=words,
            slip=self._slip(deadline, moment, partner),
            set_by=self.report(deadline.set_by),
            set_rank=self.rank(deadline.set_by),
            said=said,
            current=current,
            revised_by=revised_by,
            outcome=outcome,
            outcome_report=None if outcome is None else self.report(outcome.report),
            outcome_rank=-1 if outcome is None else self.rank(outcome.report),
            day=moment.day,
        )

    def _words(
        self, item: Item, deadline: Deadline, moment: Moment, partner: str | None
    ) -> tuple[Spoken, ...]:
        """Each known report's word on the deadline for the pair, in report order; only reports
        later than the one that set it speak of it. A report's word is, first that applies: an
        outcome it gives (done), a revision it makes (re-dated), a word the curators recorded
        (`said`), or its reported status label for the milestone (completed: done; delayed;
        superseded or dropped: set aside; any other: still to come). An assessed status is a
        judgement on the item, not a report's word on a date."""
        set_rank = self.rank(deadline.set_by)
        spoken: list[Spoken] = []
        for report in self.dataset.reports[set_rank + 1 : moment.rank + 1]:
            word = self._word_of(item, deadline, report, partner)
            if word is not None:
                spoken.append(Spoken(report, word))
        return tuple(spoken)

    def _word_of(self, item: Item, deadline: Deadline, report: Report, partner: str | None) -> Word | None:
        def by(name: str) -> bool:
            found = self.index.get(name)
            return found is not None and found.id == report.id

        outcome = deadline.outcome
        if outcome is not None and by(outcome.report) and outcome.partner in (None, partner):
            return Word.DONE
        if any(by(r.report) and r.partner in (None, partner) for r in deadline.revisions):
            return Word.REDATED
        for said in deadline.said:
            if by(said.report) and said.partner in (None, partner):
                return said.word
        entry = self.entry_of(item, report)
        if entry is None or entry.basis != "reported":
            return None
        return _LABEL_WORD.get(entry.status_for(partner) or "", Word.PENDING)

    def _slip(self, deadline: Deadline, moment: Moment, partner: str | None) -> Slip | None:
        """The first known revision that came only after the date in force had passed (by the last
        day of the revising report's as-of period)."""
        in_force = deadline.period.end
        for revision in deadline.revisions:
            if not self.known(revision.report, moment) or revision.partner not in (None, partner):
                continue
            report = self.report(revision.report)
            if in_force < report.as_of.end:
                return Slip(report, months_between(in_force, report.as_of.end))
            in_force = revision.period.end
        return None

    def deadline_states(self, item: Item, deadline: Deadline, scope: Scope) -> list[DeadlineState]:
        """The deadline as known at the moment: for the given pair, else one state per pair the
        item's status, revisions or outcome distinguish, merged into one when they agree."""
        if scope.partner is not None:
            return [self.deadline_state(item, deadline, scope)]
        pairs = self._pairs(item, deadline, scope.moment)
        states = [self.deadline_state(item, deadline, scope.pair(pair)) for pair in pairs]
        if len(states) > 1 and len({state.verdict for state in states}) == 1:
            return [states[0]._replace(partner=None, status=self.status_at(item, scope))]
        return states

    def _pairs(self, item: Item, deadline: Deadline, moment: Moment) -> list[str | None]:
        named: set[str] = set()
        entry = self.entry_at(item, moment)
        if entry is not None:
            named.update(name for name, _ in entry.partners)
        named.update(r.partner for r in deadline.revisions if r.partner and self.known(r.report, moment))
        outcome = deadline.outcome
        if outcome is not None and outcome.partner and self.known(outcome.report, moment):
            named.add(outcome.partner)
        return [*sorted(named)] if named else [None]
