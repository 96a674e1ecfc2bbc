"""The project's vocabularies, each an enum that owns its words once: a new member is added here,
and mypy (with `assert_never` where code dispatches on a member) points at every place that must
say something about it. Values are the strings the data, the JSON and `--fail-on` use."""

from __future__ import annotations

import sys
from enum import Enum
from typing import NamedTuple, NoReturn

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - Python 3.10

    class StrEnum(str, Enum):
        """A string enum whose members print as their value (enum.StrEnum from Python 3.11)."""

        def __str__(self) -> str:
            return str(self.value)

        def __format__(self, spec: str) -> str:
            return str(self.value).__format__(spec)


__all__ = [
    "assert_never",
    "BlockKind",
    "DeadlineSection",
    "Fate",
    "FateWords",
    "ItemSection",
    "Kept",
    "Word",
    "ProblemFormat",
    "PassageKind",
    "ProblemLevel",
    "ReportKind",
    "StrEnum",
]


def assert_never(value: NoReturn) -> NoReturn:
    """Dispatch on a vocabulary ends here: mypy refuses a call it can reach with a member left
    unhandled (typing.assert_never, from Python 3.11)."""
    raise AssertionError(f"unhandled member: {value!r}")


class FateWords(NamedTuple):
    """How each output names a fate. `measure` is the JSON key of its measure, if it has one."""

    label: str  # a column or count: "passed unmet"
    sentence: str  # `show`'s story: "passed unmet"
    page: str  # the HTML page; {months} where it carries a measure
    lead: str  # a lead line, grouped under "met" for the met fates: "on time"
    measure: str | None = None


class Fate(StrEnum):
    """What became of one dated promise at a moment (docs/audit-rules.md, "Fates"). A fate that a
    report's word decides names the report (`DeadlineState.word`); `passed-silent` is the one that
    rests on silence."""

    MET_ON_TIME = "met-on-time"
    MET_LATE = "met-late"
    MET_UNDECIDED = "met-undecided"
    MISSED = "missed"
    PASSED_SILENT = "passed-silent"
    SLIPPED = "slipped"
    DELAYED = "delayed"
    MOVED = "moved"
    OPEN = "open"
    SUPERSEDED = "superseded"
    ABANDONED = "abandoned"

    @property
    def met(self) -> bool:
        return self in (Fate.MET_ON_TIME, Fate.MET_LATE, Fate.MET_UNDECIDED)

    @property
    def set_aside(self) -> bool:
        return self in (Fate.SUPERSEDED, Fate.ABANDONED)

    @property
    def passed(self) -> bool:
        """The date in force has passed with the work not reported done."""
        return self in (Fate.MISSED, Fate.PASSED_SILENT)

    @property
    def decided_late(self) -> bool:
        """Counted as not on time by the on-time rate: done late, passed unmet by a report's word,
        or re-dated only after the date had passed."""
        return self in (Fate.MET_LATE, Fate.MISSED, Fate.SLIPPED)

    @property
    def words(self) -> FateWords:
        return _FATE_WORDS[self]


_FATE_WORDS: dict[Fate, FateWords] = {
    Fate.MET_ON_TIME: FateWords("met on time", "met on time", "met on time", "on time"),
    Fate.MET_LATE: FateWords("met late", "met late", "met {months} mo late", "late", "late_months"),
    Fate.MET_UNDECIDED: FateWords(
        "met, timing undecided",
        "met; on time or late cannot be told",
        "met, on time or late undecided",
        "on a date the reports do not pin down",
    ),
    Fate.MISSED: FateWords(
        "passed unmet",
        "passed unmet",
        "passed unmet ({months} mo)",
        "passed unmet as a report after the date says",
        "overdue_months",
    ),
    Fate.PASSED_SILENT: FateWords(
        "passed, no word since",
        "passed; no report since says whether it was done",
        "passed, no word since ({months} mo)",
        "passed with no report's word since",
        "overdue_months",
    ),
    Fate.SLIPPED: FateWords(
        "re-dated after it passed",
        "re-dated only after it had passed",
        "re-dated after it passed ({months} mo overdue then)",
        "re-dated only after they had passed",
        "overdue_months",
    ),
    Fate.DELAYED: FateWords(
        "said delayed, no new date",
        "said delayed, with no new date",
        "said delayed, no new date",
        "said delayed with no new date",
    ),
    Fate.MOVED: FateWords(
        "moved later", "moved later", "moved {months} mo later", "moved later", "moved_months"
    ),
    Fate.OPEN: FateWords("open", "open", "open", "still open"),
    Fate.SUPERSEDED: FateWords("superseded", "set aside (superseded)", "superseded", "set aside"),
    Fate.ABANDONED: FateWords("abandoned", "set aside (dropped)", "abandoned", "set aside"),
}


class Word(StrEnum):
    """What one report says of one dated promise (docs/audit-rules.md, "A report's word"). The data
    records `pending`, `delayed` and `set-aside` as a deadline's `said` entries; `done` is an
    outcome, `re-dated` a revision, and a reported status label speaks for its milestone."""

    DONE = "done"
    PENDING = "pending"
    DELAYED = "delayed"
    REDATED = "re-dated"
    SET_ASIDE = "set-aside"

    @property
    def words(self) -> str:
        """The word in a sentence: "the 2004 report says it is still to come"."""
        return _WORDS[self]

    @property
    def short(self) -> str:
        """The word in a table cell: "still to come"."""
        return _SHORT[self]


_SHORT: dict[Word, str] = {
    Word.DONE: "done",
    Word.PENDING: "still to come",
    Word.DELAYED: "delayed",
    Word.REDATED: "re-dated",
    Word.SET_ASIDE: "set aside",
}
_WORDS: dict[Word, str] = {
    Word.DONE: "says it was done",
    Word.PENDING: "says it is still to come",
    Word.DELAYED: "says it is delayed",
    Word.REDATED: "gives it a new date",
    Word.SET_ASIDE: "says it was set aside",
}


class Kept(StrEnum):
    """How a met promise was kept, as the report that says it was done describes it."""

    IN_FULL = "in-full"
    IN_PART = "in-part"
    IN_ANOTHER_FORM = "in-another-form"

    @property
    def words(self) -> str:
        return {Kept.IN_FULL: "in full", Kept.IN_PART: "in part", Kept.IN_ANOTHER_FORM: "in another form"}[
            self
        ]


class ItemSection(StrEnum):
    """Where `diff` files an item (docs/audit-rules.md, "diff A B"), in the order it prints them."""

    NEW = "new"
    COMPLETED = "completed"
    SET_ASIDE = "set-aside"
    CONTINUED = "continued"
    NOT_CARRIED_FORWARD = "not-carried-forward"
    BEHIND = "behind"
    FELL_BACK = "fell-back"
    ADVANCED = "advanced"
    FIRST_REPORTED = "first-reported"
    WENT_SILENT = "went-silent"
    RESTATED = "restated"
    UNCHANGED = "unchanged"

    @property
    def heading(self) -> str:
        """The heading of its table."""
        return _ITEM_WORDS[self][0]

    @property
    def words(self) -> str:
        """Its words in a lead line: "6 completed"."""
        return _ITEM_WORDS[self][1]


_ITEM_WORDS: dict[ItemSection, tuple[str, str]] = {
    ItemSection.NEW: ("New items", "new"),
    ItemSection.COMPLETED: ("Items newly completed", "newly completed"),
    ItemSection.SET_ASIDE: ("Items superseded or dropped", "superseded or dropped"),
    ItemSection.CONTINUED: ("Items carried forward", "carried forward"),
    ItemSection.NOT_CARRIED_FORWARD: ("Items not carried forward", "not carried forward"),
    ItemSection.BEHIND: ("Items behind a promised date", "behind a promised date"),
    ItemSection.FELL_BACK: ("Items that fell back", "fell back"),
    ItemSection.ADVANCED: ("Items that advanced", "advanced"),
    ItemSection.FIRST_REPORTED: ("Items reported for the first time", "reported for the first time"),
    ItemSection.WENT_SILENT: ("Items gone silent", "gone silent"),
    ItemSection.RESTATED: ("Items restated (neither more nor less done)", "restated"),
    ItemSection.UNCHANGED: ("Items unchanged", "unchanged"),
}


class DeadlineSection(StrEnum):
    """Where `diff` files a dated promise, in the order it prints them."""

    MET_ON_TIME = "met-on-time"
    MET_LATE = "met-late"
    MET_UNDECIDED = "met-undecided"
    MISSED = "missed"
    PASSED_SILENT = "passed-silent"
    SLIPPED = "slipped"
    DELAYED = "delayed"
    MOVED = "moved"
    SET_ASIDE = "set-aside"
    NEWLY_PROMISED = "newly-promised"
    STILL_OPEN = "still-open"
    MET_BEFORE = "met-before"

    @property
    def heading(self) -> str:
        return _DEADLINE_TITLES[self]


_DEADLINE_TITLES: dict[DeadlineSection, str] = {
    DeadlineSection.MET_ON_TIME: "Dates met on time",
    DeadlineSection.MET_LATE: "Dates met late",
    DeadlineSection.MET_UNDECIDED: "Dates met, on time or late undecided",
    DeadlineSection.MISSED: "Dates passed unmet, as a report after the date says",
    DeadlineSection.PASSED_SILENT: "Dates passed with no report's word since",
    DeadlineSection.SLIPPED: "Dates re-dated only after they had passed",
    DeadlineSection.DELAYED: "Dates said to be delayed, with no new date",
    DeadlineSection.MOVED: "Dates moved later before they passed",
    DeadlineSection.SET_ASIDE: "Dates set aside (item superseded or dropped)",
    DeadlineSection.NEWLY_PROMISED: "Dates newly promised",
    DeadlineSection.STILL_OPEN: "Dates still open",
    DeadlineSection.MET_BEFORE: "Dates met before",
}


class ReportKind(StrEnum):
    """A program's plan, or a status report on it."""

    PLAN = "plan"
    STATUS = "status"


class ProblemLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ProblemFormat(StrEnum):
    """How validate, verify, import and the hook print problems (output.problems)."""

    PARSABLE = "parsable"
    JSON = "json"
    GITHUB = "github"


class PassageKind(StrEnum):
    """What a source passage is the evidence of: a status entry, or a deadline's outcome."""

    STATUS = "status"
    OUTCOME = "outcome"


class BlockKind(StrEnum):
    """The pieces of a document view (`show`): a heading, a paragraph, a list entry."""

    HEADING = "heading"
    PARA = "para"
    ENTRY = "entry"
