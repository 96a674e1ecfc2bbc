"""`sbaudit show ID --sources DIR`: under each status entry and outcome of an item, its passage
of that report, the same passage `verify` checks the entry's facts in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..core.model import Dataset, Item, Outcome
from ..core.vocab import PassageKind
from ..load.sources import Passage, clean, written_forms
from .texts import ReportText
from .verify import Checker, short

__all__ = ["item_passages"]

_HEADING = re.compile(r"#(\d+)")


def _entry_place(
    checker: Checker, text: ReportText, item: Item, locator: str | None, evidence: str
) -> tuple[str | None, str]:
    passage = checker.passage(text, item)
    if passage is not None:
        return clean(passage.text()), passage.how
    if locator is not None:
        hits = text.find(locator)
        if hits:
            return clean(hits[0].part.file.passage(hits[0].start)), f"locator {short(locator)!r}"
        return None, f"locator {short(locator)!r}"
    for number in _HEADING.findall(evidence):
        hit = text.heading(int(number))
        if hit is not None:
            return clean(hit.part.file.passage(hit.start)), f"heading #{number}"
    return None, "no heading or locator"


def _outcome_place(
    checker: Checker, text: ReportText, item: Item, outcome: Outcome
) -> tuple[str | None, str]:
    passage = checker.passage(text, item)
    if outcome.locator is not None and passage is not None and passage.row is None:
        # a passage of several paragraphs: the one the outcome's locator stands in, in it
        hits = [hit for hit in text.find(outcome.locator, cells=False) if passage.holds(hit)]
        if len(hits) == 1:
            file = hits[0].part.file
            return clean(
                file.body(file.paragraph(hits[0].start))
            ), f"locator {short(outcome.locator)!r} in {passage.how}"
    if outcome.locator is not None or passage is not None:
        return _entry_place(checker, text, item, outcome.locator, outcome.evidence)
    if outcome.date is not None:
        for form in written_forms(outcome.date):
            hits = text.find(form)
            if hits:
                return clean(hits[0].part.file.passage(hits[0].start)), f"date {outcome.date.canonical}"
        return None, f"date {outcome.date.canonical}"
    return None, "no locator or date"


def _passages(checker: Checker, item: Item) -> Iterable[Passage]:
    for entry in item.history:
        text = checker.text_of(entry.report)
        label = f"{entry.report}: {'per partner' if entry.partners else entry.status}"
        if text is None:
            yield Passage(PassageKind.STATUS, entry.report, None, label, "report text not found", None)
            continue
        body, how = _entry_place(checker, text, item, entry.locator, entry.evidence)
        yield Passage(PassageKind.STATUS, text.report.id, None, label, how, body)
    for deadline in item.deadlines:
        outcome = deadline.outcome
        if outcome is None:
            continue
        text = checker.text_of(outcome.report)
        label = f"outcome of {deadline.id}"
        if text is None:
            yield Passage(
                PassageKind.OUTCOME, outcome.report, deadline.id, label, "report text not found", None
            )
            continue
        body, how = _outcome_place(checker, text, item, outcome)
        yield Passage(PassageKind.OUTCOME, text.report.id, deadline.id, label, how, body)


def item_passages(root: Path, dataset: Dataset, item_id: str, sources: Path) -> list[Passage]:
    """For `show ID --sources DIR`: the item's passage under each status entry and outcome, the
    same passage `verify` checks the entry's facts in."""
    checker = Checker(root, dataset, sources)
    for item in dataset.items:
        if item.id == item_id:
            return list(_passages(checker, item))
    return []
