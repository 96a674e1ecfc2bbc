"""The findings a page opens with, in sentences whose figures come from the audit's states.

Every sentence the page leads with is written here, and each says only what the states show: a
date that "passed with no report saying it was done" is the fate `missed` (audit/fates.py), not a
claim that the work was never done. Pure: the rows come in, nothing reads the clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..audit.fates import DeadlineState
from ..audit.overdue import OverdueRow
from ..audit.summary import SummaryRow
from ..core.model import Item
from ..core.periods import Period
from ..core.vocab import Fate
from .lead import plural, rate_words, series

__all__ = [
    "Finding",
    "KINDS",
    "ASSESSED",
    "on_time",
    "longest_overdue",
    "longest_late",
    "on_track_late",
    "bases",
    "by_kind",
]

# What "assessed" means, said where the page first uses the word.
ASSESSED = (
    "an assessed status is the curators' judgement from a report's narrative, made where the report "
    "gives no status label; its note names the facts that decided it. A reported status is the label "
    "the report prints."
)

# The kinds of finding, in the order the page states them, with their headings.
KINDS: tuple[tuple[str, str], ...] = (
    ("on-time", "Met on time"),
    ("slips", "The longest slips"),
    ("on-track-late", "Called on track after the date had passed"),
    ("bases", "Reported or assessed"),
)


@dataclass(frozen=True)
class Finding:
    """One sentence of the page's opening, its kind (KINDS) and the section holding its rows."""

    kind: str
    text: str
    anchor: str


def by_kind(findings: Iterable[Finding]) -> tuple[tuple[str, tuple[Finding, ...]], ...]:
    """The findings under their headings, in the order of KINDS; empty kinds left out."""
    found = list(findings)
    groups = ((title, tuple(f for f in found if f.kind == kind)) for kind, title in KINDS)
    return tuple((title, group) for title, group in groups if group)


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def on_time(name: str, row: SummaryRow) -> Finding | None:
    """The on-time rate at a status report, with its numerator and denominator (the dates whose
    timing a report's word settles), and what became of the other dates promised by then, the
    ones that passed with no report's word since named as such."""
    fates = row.fates
    if not row.deadlines:
        return None
    at = f"{name}, at report {row.report.id} (statuses as of {row.report.as_of.canonical})"
    on, decided = row.on_time, row.decided
    if not decided:
        return Finding(
            "on-time",
            f"{at}: no report's word yet settles the timing of any of its "
            f"{plural(row.deadlines, 'dated promise')}.",
            "progress",
        )
    late, missed, slipped = fates[Fate.MET_LATE], fates[Fate.MISSED], fates[Fate.SLIPPED]
    rest = series(
        [
            f"{late} {_were(late)} met late" if late else "",
            f"{missed} had passed unmet as a report after the date says" if missed else "",
            f"{slipped} {_were(slipped)} re-dated only after the date had passed" if slipped else "",
        ]
    )
    silent = fates[Fate.PASSED_SILENT]
    others = series(
        [
            f"{fates[Fate.MET_UNDECIDED]} met on a date the reports do not pin down"
            if fates[Fate.MET_UNDECIDED]
            else "",
            f"{silent} passed with no report's word since, so their timing is not known" if silent else "",
            f"{fates[Fate.DELAYED]} said to be delayed with no new date" if fates[Fate.DELAYED] else "",
            f"{fates[Fate.MOVED]} moved to a later date before it passed" if fates[Fate.MOVED] else "",
            f"{fates[Fate.OPEN]} not yet due" if fates[Fate.OPEN] else "",
            f"{fates[Fate.SUPERSEDED] + fates[Fate.ABANDONED]} set aside"
            if fates[Fate.SUPERSEDED] + fates[Fate.ABANDONED]
            else "",
        ]
    )
    text = (
        f"{at}: {on} of the {decided} dated promises whose timing a report's word settles "
        f"{_were(on)} met on time ({rate_words(on, decided).split(' (')[1].rstrip(')')})"
        + (f"; {rest}." if rest else ".")
    )
    if others:
        text += f" Of the other {row.deadlines - decided}: {others}."
    return Finding("on-time", text, "progress")


def _target(state: DeadlineState) -> str:
    who = f" for {state.partner}" if state.partner else ""
    return f"{state.item.id}/{state.deadline.id}{who} ({state.deadline.what})"


def _named(names: list[str], limit: int = 3) -> str:
    """Up to `limit` names, each of which may hold commas, so `;` between them."""
    shown = names[:limit]
    more = len(names) - len(shown)
    return "; ".join(shown) + (f"; and {plural(more, 'other')}" if more else "")


def longest_overdue(name: str, rows: Sequence[OverdueRow], as_of: Period) -> Finding | None:
    """The dates longest past their original date at the moment, none said to be done."""
    if not rows:
        return None
    months = max(row.months or 0 for row in rows)
    top = sorted(
        (row for row in rows if (row.months or 0) == months),
        key=lambda r: (r.state.item.id, r.state.deadline.id, r.state.partner or ""),
    )
    names = []
    for row in top:
        state = row.state
        moved = (
            f", since moved to {state.current.canonical} by report {state.revised_by}"
            if state.current != state.original
            else ""
        )
        basis = (
            "no report's word since"
            if state.fate is Fate.PASSED_SILENT or state.word is None
            else f"report {state.word_report} {state.word.words}"
        )
        names.append(f"{_target(state)}, first due {state.original.canonical}{moved} ({basis})")
    return Finding(
        "slips",
        f"{name}, as of {as_of.canonical}: {plural(len(top), 'date')} {_were(len(top))} "
        f"{plural(months, 'month')} past the original date with no report by then saying it was "
        f"done: {_named(names)}.",
        "overdue",
    )


def longest_late(name: str, states: Iterable[DeadlineState], report: str) -> Finding | None:
    """The promise met longest after its original date, as known at a status report."""
    late = [s for s in states if s.late_months is not None]
    if not late:
        return None
    months = max(s.late_months or 0 for s in late)
    top = sorted(
        (s for s in late if s.late_months == months),
        key=lambda s: (s.item.id, s.deadline.id, s.partner or ""),
    )
    stated = all(s.outcome is not None and s.outcome.date is not None for s in top)
    names = [
        f"{_target(s)}, due {s.original.canonical}, "
        + (
            f"done {s.outcome.date.canonical} (report {s.met_by})"
            if s.outcome is not None and s.outcome.date is not None
            else f"said done by report {s.met_by}, which gives no date"
        )
        for s in top
    ]
    return Finding(
        "slips",
        f"{name}, met the longest after the original date as known at report {report}: "
        f"{'' if stated else 'at least '}{plural(months, 'month')} late: {_named(names)}.",
        "timelines",
    )


def on_track_late(name: str, rows: Sequence[OverdueRow], as_of: Period) -> Finding | None:
    """Dates a report still called on track after the date then in force had passed."""
    if not rows:
        return None
    dates = {(row.state.item.id, row.state.deadline.id) for row in rows}
    names = [
        f"{row.state.item.id}/{row.state.deadline.id}"
        + (f" for {row.state.partner}" if row.state.partner else "")
        + f" (date {row.state.current.canonical}, on track per report {row.on_track_after})"
        for row in rows
    ]
    return Finding(
        "on-track-late",
        f"{name}: {plural(len(dates), 'date')} overdue or falling due as of {as_of.canonical} "
        f"{_were(len(dates))} still called on track by a report after the date had passed: "
        f"{_named(names)}.",
        "on-track-late",
    )


def bases(name: str, items: Iterable[Item]) -> Finding | None:
    """How a program's statuses were arrived at: the report's labels, or assessed."""
    counts = Counter(entry.basis for item in items for entry in item.history)
    total = sum(counts.values())
    if not total:
        return None
    assessed = counts["assessed"]
    if assessed == total:
        text = (
            f"{name}: every status ({total}) is assessed, since its reports give no status labels: "
            "each is the curators' judgement from the narrative, with the facts that decided it in "
            "the note printed beside it under Every item."
        )
    elif assessed:
        text = (
            f"{name}: {assessed} of {total} statuses are assessed, where the report gives no label "
            "(the note beside each under Every item names the facts that decided it); the others "
            "are the labels the reports print."
        )
    else:
        text = f"{name}: every status ({total}) is reported, the label the report prints."
    return Finding("bases", text, "items")
