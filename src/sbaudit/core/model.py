"""The domain values, all frozen: reports, items, deadlines, status entries and problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

from .periods import Period, Setting
from .vocab import Kept, ProblemLevel, ReportKind, Word

Path_ = tuple[str | int, ...]


class Problem(NamedTuple):
    """One diagnostic: where (1-based line and column; 0 when unknown), what, and which rule."""

    path: str
    line: int
    column: int
    message: str
    rule: str
    level: ProblemLevel = ProblemLevel.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: [{self.level}] {self.message} ({self.rule})"


class Where(NamedTuple):
    """The file a value came from and its path inside the document, to point problems at it."""

    file: str
    path: Path_ = ()

    def at(self, *more: str | int) -> Where:
        return Where(self.file, self.path + more)


class TextPart(NamedTuple):
    """Which part of a text file a report is (`texts[].part`): from the first place a phrase
    stands to the first place another stands after it, and, in a table of rows, which cells."""

    start: str | None = None  # `from`: the part starts where this phrase stands
    end: str | None = None  # `to`: the part ends where this phrase stands
    cells: str | None = None  # `wording` or `status`: in a `rows` layout, only those cells


class SourceRef(NamedTuple):
    """How to find one text of a report in a sources folder (`texts[]`), which part of it the
    report is, and how its passages are laid out (`numbered`, `rows`, `in-order`, or none)."""

    file: str | None = None
    sha256: str | None = None
    note: str = ""
    part: TextPart = TextPart()
    layout: str | None = None
    where: Where = Where("")
    url: str = ""  # where a reader can follow the text


class DateEvidence(NamedTuple):
    """Where a report's `published` or `as_of` date is said: a locating phrase in the report's own
    text (checked), or a citation of a document outside its texts (not checkable)."""

    locator: str | None = None
    evidence: str = ""
    where: Where = Where("")


class Report(NamedTuple):
    """A document of a program: its plan (kind `plan`) or a status report (kind `status`)."""

    id: str
    program: str
    kind: ReportKind
    title: str
    published: Period
    as_of: Period
    aliases: tuple[str, ...] = ()
    publisher: str = ""
    source: str = ""
    partners: tuple[str, ...] = ()
    program_name: str | None = None
    fiscal_year_start: int | None = None
    covers_items: tuple[str, ...] = ()
    covers_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    covers_numbers: tuple[tuple[int, int], ...] = ()
    texts: tuple[SourceRef, ...] = ()
    dates_evidence: tuple[tuple[str, DateEvidence], ...] = ()  # ("published" | "as_of", evidence)
    where: Where = Where("")
    # the document's public address (each source text may have its own)
    url: str = ""

    def covers(self, item: Item) -> bool:
        """Whether the report speaks of the item: its whole program unless `covers` narrows it."""
        if item.program != self.program:
            return False
        if not self.covers_items and not self.covers_groups and not self.covers_numbers:
            return True
        if item.id in self.covers_items:
            return True
        if item.number is not None and any(
            first <= item.number <= last for first, last in self.covers_numbers
        ):
            return True
        return any(item.group_value(key) in values for key, values in self.covers_groups)


class Program(NamedTuple):
    """A program and the partner pairs its statuses concern (declared on its plan report, else
    gathered from the pairs its status splits, revisions and outcomes name)."""

    id: str
    partners: tuple[str, ...] = ()
    name: str = ""
    fiscal_year_start: int | None = None
    fiscal_example: str = ""  # where the program speaks in fiscal years (fiscal_speakers); else ""

    @property
    def display_name(self) -> str:
        """The name the plan report gives the program, else one made from its id."""
        if self.name:
            return self.name
        return self.id.upper() if len(self.id) <= 4 else self.id.replace("-", " ").title()


class Revision(NamedTuple):
    """A later report moving a deadline to a new period (for one partner pair, or for all)."""

    report: str
    period: Period
    due: str = ""
    partner: str | None = None
    note: str = ""
    evidence: str = ""
    locator: str | None = None
    where: Where = Where("")


class Outcome(NamedTuple):
    """The deadline was met, as a report says; `date` when the source gives it; `kept` in full, in
    part or in another form than promised."""

    report: str
    date: Period | None = None
    partner: str | None = None
    note: str = ""
    evidence: str = ""
    locator: str | None = None
    where: Where = Where("")
    kept: Kept = Kept.IN_FULL


class TargetWord(NamedTuple):
    """What a later report says of a dated promise it neither reports done nor re-dates: still to
    come (pending), delayed, or set aside; with the place it says so."""

    report: str
    word: Word
    partner: str | None = None
    note: str = ""
    evidence: str = ""
    where: Where = Where("")
    locator: str | None = None


class Deadline(NamedTuple):
    """A dated target of an item: what is due, by when as worded and as a period, set by which report."""

    id: str
    what: str
    due: str
    period: Period
    set_by: str
    revisions: tuple[Revision, ...] = ()
    outcome: Outcome | None = None
    evidence: str = ""
    note: str = ""
    where: Where = Where("")
    said: tuple[TargetWord, ...] = ()


class PartnerStatus(NamedTuple):
    """The status of one partner pair (e.g. US-CN) where a report splits it."""

    status: str
    raw: str | None = None


class StatusEntry(NamedTuple):
    """What one report says of an item; `status` is derived from `partners` when they are given."""

    report: str
    status: str
    basis: str
    raw: str | None = None
    partners: tuple[tuple[str, PartnerStatus], ...] = ()
    note: str = ""
    evidence: str = ""
    locator: str | None = None
    where: Where = Where("")

    def status_for(self, partner: str | None) -> str | None:
        """The status for one partner pair (its own when split, else the entry's), or the
        entry's overall status when no pair is asked for."""
        return self.status if partner is None else self.partner(partner)

    def partner(self, key: str) -> str | None:
        """The status for one partner pair: its own when split, else the entry's."""
        if not self.partners:
            return self.status
        for name, value in self.partners:
            if name == key:
                return value.status
        return None


class Item(NamedTuple):
    """An action item or milestone: official wording, grouping, deadlines and status history."""

    id: str
    program: str
    title: str
    text: str
    introduced: str
    number: int | None = None
    aliases: tuple[str, ...] = ()
    group: tuple[tuple[str, str], ...] = ()
    source: str = ""
    continues: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    history: tuple[StatusEntry, ...] = ()
    where: Where = Where("")

    def group_value(self, key: str) -> str | None:
        return dict(self.group).get(key)


class Dataset:
    """Everything loaded from one data root, reports in publication order. Frozen like the values
    it holds; a plain class, since what it works out once (programs, the command line's setting)
    is kept on it."""

    root: str
    reports: tuple[Report, ...]
    items: tuple[Item, ...]
    problems: tuple[Problem, ...]

    def __init__(
        self,
        root: str,
        reports: tuple[Report, ...],
        items: tuple[Item, ...],
        problems: tuple[Problem, ...] = (),
    ) -> None:
        self.__dict__.update(root=root, reports=reports, items=items, problems=problems)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Dataset is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Dataset is frozen: cannot delete {name!r}")

    def __repr__(self) -> str:
        return f"Dataset(root={self.root!r}, {len(self.reports)} reports, {len(self.items)} items)"

    @cached_property
    def programs(self) -> dict[str, Program]:
        """Every program named by a report or an item, with its partner pairs."""
        declared: dict[str, list[str]] = {}
        for report in self.reports:
            declared.setdefault(report.program, [])
            for pair in report.partners:
                if pair not in declared[report.program]:
                    declared[report.program].append(pair)
        gathered: dict[str, set[str]] = {}
        for item in self.items:
            named = gathered.setdefault(item.program, set())
            for entry in item.history:
                named.update(name for name, _ in entry.partners)
            for deadline in item.deadlines:
                named.update(r.partner for r in deadline.revisions if r.partner)
                if deadline.outcome is not None and deadline.outcome.partner:
                    named.add(deadline.outcome.partner)
        ids = sorted(set(declared) | set(gathered))
        # each field from the first plan report that gives it (a second one may only agree)
        names = {
            r.program: r.program_name
            for r in reversed(self.reports)
            if r.kind == ReportKind.PLAN and r.program_name
        }
        fiscal = fiscal_starts(self.reports)
        speakers = fiscal_speakers(self.items, fiscal)
        return {
            pid: Program(
                pid,
                tuple(declared.get(pid) or sorted(gathered.get(pid, ()))),
                name=names.get(pid, ""),
                fiscal_year_start=fiscal.get(pid),
                fiscal_example=speakers.get(pid, ""),
            )
            for pid in ids
        }

    @cached_property
    def command_line_setting(self) -> Setting:
        """How a date given on the command line (`--as-of`) is read: fiscal years by the programs'
        fiscal-year start when they agree on one, and a bare year asked for when a program speaks
        in fiscal years."""
        programs = self.programs.values()
        starts = {p.fiscal_year_start for p in programs if p.fiscal_year_start}
        examples = sorted(p.fiscal_example for p in programs if p.fiscal_example)
        if len(starts) > 1:
            why = "the programs' fiscal years start in different months, so give a calendar date"
        else:
            why = "no program in the data sets fiscal_year_start on its plan report, so give a calendar date"
        return Setting(
            starts.pop() if len(starts) == 1 else None,
            fiscal_years=bool(examples),
            fiscal_example=examples[0] if examples else "",
            no_start=why,
        )


def fiscal_starts(reports: Iterable[Report]) -> dict[str, int]:
    """Each program's fiscal-year start, from the first of its plan reports that gives one (a
    second one may only agree: load.rules checks it)."""
    starts: dict[str, int] = {}
    for report in reports:
        if report.kind == "plan" and report.fiscal_year_start:
            starts.setdefault(report.program, report.fiscal_year_start)
    return starts


def fiscal_speakers(items: Iterable[Item], starts: dict[str, int]) -> dict[str, str]:
    """The programs that speak in fiscal years, each with an example ("FY2013-14 in FILE"): the
    program's fiscal year starts in a month other than January and at least one deadline or
    revision of its items has a period written in a fiscal form (FY2013, 2013-14, Q1 FY2014, ...).
    In such a program a bare year is asked for as FY2013 or calendar 2013 (docs/data-format.md)."""
    found: dict[str, tuple[str, str]] = {}
    for item in items:
        if starts.get(item.program, 1) == 1:
            continue
        for deadline in item.deadlines:
            for period in (deadline.period, *(revision.period for revision in deadline.revisions)):
                if period.fiscal:
                    example = (item.where.file, period.canonical)
                    found[item.program] = min(found.get(item.program, example), example)
    return {program: f"{canonical} in {file}" for program, (file, canonical) in found.items()}


def today() -> dt.date:
    """The clock, read only at the command line's edge."""
    return dt.date.today()
