"""The lead line: a listing's finding in words, the way a news story opens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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


def fates_in_words(counts: Counter[str]) -> str:
    """What became of some dates: met (on time, late, undecided), passed unmet, moved, set aside, open."""
    met = counts["met-on-time"] + counts["met-late"] + counts["met-undecided"]
    how = series(
        [
            f"{counts['met-on-time']} on time" if counts["met-on-time"] else "",
            f"{counts['met-late']} late" if counts["met-late"] else "",
            f"{counts['met-undecided']} on a date the reports do not pin down"
            if counts["met-undecided"]
            else "",
        ]
    )
    return (
        series(
            [
                f"{met} met" + (f" ({how})" if how and met > counts["met-on-time"] else "") if met else "",
                f"{counts['missed']} passed unmet" if counts["missed"] else "",
                f"{counts['moved']} moved later" if counts["moved"] else "",
                f"{counts['set-aside'] + counts['superseded'] + counts['abandoned']} set aside"
                if counts["set-aside"] + counts["superseded"] + counts["abandoned"]
                else "",
                f"{counts['open'] + counts['still-open'] + counts['newly-promised']} still open"
                if counts["open"] + counts["still-open"] + counts["newly-promised"]
                else "",
            ]
        )
        or "nothing"
    )


ITEM_WORDS = {
    "new": "new",
    "completed": "completed",
    "set-aside": "superseded or dropped",
    "continued": "carried forward",
    "not-carried-forward": "not carried forward",
    "delayed": "delayed",
    "fell-back": "fell back",
    "advanced": "advanced",
    "first-reported": "reported for the first time",
    "went-silent": "gone silent",
    "restated": "restated",
    "unchanged": "unchanged",
}


def diff_lead(result: DiffResult) -> str:
    a, b = result.a.label, result.b.label
    earlier = [c for c in result.deadlines if c.before is not None and c.section != "met-before"]
    later = [c for c in result.deadlines if c.before is None]
    sentences = []
    if earlier:
        counts = Counter(c.after.fate if c.section != "set-aside" else "set-aside" for c in earlier)
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
    order = [name for name in ITEM_WORDS if items[name]]
    sentences.append(
        f"Of the {plural(len(result.items), 'item')}, "
        + series(f"{items[name]} {ITEM_WORDS[name]}" for name in order)
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
    due = (
        f"; {len(result.due)} more {'falls' if len(result.due) == 1 else 'fall'} due within {when}"
        if result.due
        else ""
    )
    return text + due + "."


def summary_lead(rows: list[SummaryRow], programs: dict[str, str]) -> str:
    names = {row.report.id: programs.get(row.report.program, row.report.program) for row in rows}
    by_report: dict[str, Counter[str]] = {}
    distinct: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        by_report.setdefault(row.report.id, Counter()).update(row.fates)
        distinct.setdefault(row.report.id, set()).update((s.item.id, s.deadline.id) for s in row.states)
    sentences = []
    for report, counts in by_report.items():
        total = sum(counts.values())
        judged = counts["met-on-time"] + counts["met-late"] + counts["missed"]
        verb = "was" if counts["met-on-time"] == 1 else "were"
        rate = (
            f"; {counts['met-on-time']} of the {judged} whose timing is decided {verb} on time"
            if judged
            else ""
        )
        if judged == 1:
            rate = (
                f"; the one date whose timing is decided was {'' if counts['met-on-time'] else 'not '}on time"
            )
        apart = len(distinct[report])
        pairs = (
            f" ({apart} deadlines, partner pairs counted apart where they differ)" if apart != total else ""
        )
        if not total:
            sentences.append(f"At {report} ({names[report]}), no date had been promised.")
            continue
        sentences.append(
            f"At {report} ({names[report]}), of {plural(total, 'date')} promised{pairs}: "
            f"{fates_in_words(counts)}{rate}."
        )
    return " ".join(sentences)
