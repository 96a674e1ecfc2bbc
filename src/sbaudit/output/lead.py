"""The lead line: a listing's finding in words, the way a news story opens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.vocab import Fate, ItemSection

if TYPE_CHECKING:  # types only: each command imports the one analysis it runs
    from ..audit.diff import DiffResult
    from ..audit.overdue import OverdueResult
    from ..audit.summary import SummaryRow


def series(parts: Iterable[str]) -> str:
    """a, b and c"""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def rate_words(numerator: int, denominator: int) -> str:
    """A rate with what it is made of: `4 of 22 (18%)`."""
    if not denominator:
        return ""
    percent = (200 * numerator + denominator) // (2 * denominator)  # to the nearest, halves up: 1 of 8 is 13%
    return f"{numerator} of {denominator} ({percent}%)"


def on_time_counts(counts: Counter[Fate]) -> tuple[int, int]:
    """Met on time, and every date whose timing a report's word decides (docs/audit-rules.md,
    "summary"): on time, late, passed unmet as a report says, or re-dated after it passed."""
    decided = counts[Fate.MET_ON_TIME] + sum(counts[fate] for fate in Fate if fate.decided_late)
    return counts[Fate.MET_ON_TIME], decided


def fates_in_words(counts: Counter[Fate]) -> str:
    """What became of some dates: met (on time, late, undecided), passed unmet as a report says,
    passed with no word since, re-dated after passing, said delayed, moved, set aside, open."""
    met = [fate for fate in Fate if fate.met]
    total_met = sum(counts[fate] for fate in met)
    how = series(f"{counts[fate]} {fate.words.lead}" for fate in met if counts[fate])
    grouped: dict[str, int] = {}
    for fate in Fate:
        if not fate.met:
            grouped[fate.words.lead] = grouped.get(fate.words.lead, 0) + counts[fate]
    order = [
        Fate.MISSED,
        Fate.PASSED_SILENT,
        Fate.SLIPPED,
        Fate.DELAYED,
        Fate.MOVED,
        Fate.SUPERSEDED,
        Fate.OPEN,
    ]
    met_words = ""
    if total_met:
        met_words = f"{total_met} met" + (f" ({how})" if how and total_met > counts[Fate.MET_ON_TIME] else "")
    unmet = [f"{grouped[fate.words.lead]} {fate.words.lead}" for fate in order if grouped[fate.words.lead]]
    return series([met_words, *unmet]) or "nothing"


def diff_lead(result: DiffResult) -> str:
    a, b = result.a.label, result.b.label
    # in force and unmet at A: set by A, neither met nor set aside there
    earlier = [
        c
        for c in result.deadlines
        if c.before is not None and not c.before.fate.met and not c.before.fate.set_aside
    ]
    later = [c for c in result.deadlines if c.before is None]
    sentences = []
    if earlier:
        counts = Counter(c.after.fate for c in earlier)
        sentences.append(
            f"Of the {plural(len(earlier), 'date')} in force and unmet at {a}, by {b}: {fates_in_words(counts)}."
        )
    if later:
        counts = Counter(c.after.fate for c in later)
        sentences.append(
            f"{plural(len(later), 'date').capitalize()} promised after {a}: {fates_in_words(counts)}."
        )
    items = Counter(c.section for c in result.items)
    complete = sum(1 for c in result.items if c.after == "completed")

    def words(name: ItemSection) -> str:
        text = f"{items[name]} {name.words}"
        if name is ItemSection.COMPLETED:
            text += f" ({complete} complete in all at {b})"
        return text

    sentences.append(
        f"Of the {plural(len(result.items), 'item')}, "
        + series(words(name) for name in ItemSection if items[name])
        + "."
    )
    return " ".join(sentences)


def overdue_lead(result: OverdueResult) -> str:
    when = result.moment.day.canonical
    who = f" for {result.partner}" if result.partner else ""
    if not result.overdue:
        text = f"As of {when}{who}, no promised date had passed with no report saying it was done"
    else:
        silent = [r for r in result.overdue if r.state.fate is Fate.PASSED_SILENT]
        worded = len(result.overdue) - len(silent)
        oldest = max(result.overdue, key=lambda r: r.months or 0)
        basis = (
            "no report's word since"
            if oldest.state.fate is Fate.PASSED_SILENT
            else f"the last word: {oldest.state.word.short if oldest.state.word else 'none'}"
            + (f" ({oldest.state.word_report})" if oldest.state.word_report else "")
        )
        distinct = len({(r.state.item.id, r.state.deadline.id) for r in result.overdue})
        pairs = (
            f" ({distinct} deadlines, partner pairs counted apart where they differ)"
            if distinct != len(result.overdue)
            else ""
        )
        text = (
            f"As of {when}{who}, {plural(len(result.overdue), 'promised date')}{pairs} had passed with no report "
            f"public then saying it was done: for {worded} a report after the date said it was still to come, "
            f"delayed or re-dated; for {len(silent)} no report had said anything of it since. The oldest by "
            f"{plural(oldest.months or 0, 'month')} ({basis})"
        )
    due = (
        f"; {len(result.due)} more {'falls' if len(result.due) == 1 else 'fall'} due within {when}"
        if result.due
        else ""
    )
    return text + due + "."


def summary_lead(rows: list[SummaryRow], programs: dict[str, str]) -> str:
    names = {row.report.id: programs.get(row.report.program, row.report.program) for row in rows}
    by_report: dict[str, Counter[Fate]] = {}
    distinct: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        by_report.setdefault(row.report.id, Counter()).update(
            {Fate(name): n for name, n in row.fates.items()}
        )
        distinct.setdefault(row.report.id, set()).update((s.item.id, s.deadline.id) for s in row.states)
    sentences = []
    for report, counts in by_report.items():
        total = sum(counts.values())
        if not total:
            sentences.append(f"At {report} ({names[report]}), no date had been promised.")
            continue
        on_time, decided = on_time_counts(counts)
        rate = ""
        if decided == 1:
            rate = f"; the one date whose timing a report decides was {'' if on_time else 'not '}on time"
        elif decided:
            rate = f"; on time: {rate_words(on_time, decided)} of the dates whose timing a report decides"
        apart = len(distinct[report])
        pairs = (
            f" ({apart} deadlines, partner pairs counted apart where they differ)" if apart != total else ""
        )
        sentences.append(
            f"At {report} ({names[report]}), of {plural(total, 'date')} promised{pairs}: "
            f"{fates_in_words(counts)}{rate}."
        )
    return " ".join(sentences)
