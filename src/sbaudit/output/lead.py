"""The lead line: a listing's finding in words, the way a news story opens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..audit.diff import DiffResult
from ..audit.overdue import OverdueResult
from ..audit.summary import SummaryRow
from ..core.vocab import DeadlineSection, Fate, ItemSection


def series(parts: Iterable[str]) -> str:
    """a, b and c"""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def fates_in_words(counts: Counter[Fate]) -> str:
    """What became of some dates: met (on time, late, undecided), passed unmet, moved, set aside, open."""
    met = [fate for fate in Fate if fate.met]
    total_met = sum(counts[fate] for fate in met)
    how = series(f"{counts[fate]} {fate.words.lead}" for fate in met if counts[fate])
    grouped: dict[str, int] = {}
    for fate in Fate:
        if not fate.met:
            grouped[fate.words.lead] = grouped.get(fate.words.lead, 0) + counts[fate]
    # a lead line names the unmet fates in this order: passed, moved, set aside, open
    order = [Fate.MISSED, Fate.MOVED, Fate.SUPERSEDED, Fate.OPEN]
    met_words = ""
    if total_met:
        met_words = f"{total_met} met" + (f" ({how})" if how and total_met > counts[Fate.MET_ON_TIME] else "")
    unmet = [f"{grouped[fate.words.lead]} {fate.words.lead}" for fate in order if grouped[fate.words.lead]]
    return series([met_words, *unmet]) or "nothing"


def diff_lead(result: DiffResult) -> str:
    a, b = result.a.label, result.b.label
    earlier = [
        c for c in result.deadlines if c.before is not None and c.section is not DeadlineSection.MET_BEFORE
    ]
    later = [c for c in result.deadlines if c.before is None]
    sentences = []
    if earlier:
        counts = Counter(c.after.fate for c in earlier)
        sentences.append(
            f"Of the {plural(len(earlier), 'date')} in force and unmet at {a}, "
            f"{b} shows {fates_in_words(counts)}."
        )
    if later:
        counts = Counter(c.after.fate for c in later)
        sentences.append(
            f"{plural(len(later), 'date').capitalize()} promised after {a}: {fates_in_words(counts)}."
        )
    items = Counter(c.section for c in result.items)
    sentences.append(
        f"Of the {plural(len(result.items), 'item')}, "
        + series(f"{items[name]} {name.words}" for name in ItemSection if items[name])
        + "."
    )
    return " ".join(sentences)


def overdue_lead(result: OverdueResult) -> str:
    when = result.moment.day.canonical
    who = f" for {result.partner}" if result.partner else ""
    if not result.overdue:
        text = f"As of {when}{who}, no promised date had passed unmet as far as the reports public then say"
    else:
        oldest = max(r.months or 0 for r in result.overdue)
        text = (
            f"As of {when}{who}, {plural(len(result.overdue), 'promised date')} had passed unmet as far as "
            f"the reports public then say, the oldest by {plural(oldest, 'month')}"
        )
    due = f"; {len(result.due)} more fall due within {when}" if result.due else ""
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
        on_time = counts[Fate.MET_ON_TIME]
        judged = on_time + counts[Fate.MET_LATE] + counts[Fate.MISSED]
        verb = "was" if on_time == 1 else "were"
        rate = f"; {on_time} of the {judged} whose timing is decided {verb} on time" if judged else ""
        apart = len(distinct[report])
        pairs = (
            f" ({apart} deadlines, partner pairs counted apart where they differ)" if apart != total else ""
        )
        sentences.append(
            f"At {report} ({names[report]}), of {plural(total, 'date')} promised{pairs}: "
            f"{fates_in_words(counts)}{rate}."
        )
    return " ".join(sentences)
