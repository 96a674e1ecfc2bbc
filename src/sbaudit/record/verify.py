"""`sbaudit verify --sources DIR`: every recorded fact checked in its own passage of the report
that states it.

The data must be valid first (the caller loads it). Each report records how to find its text
(`texts`: a file name and/or a SHA-256, the part of the file it is, and how the file is cut into
one passage per item). Then, for every item and every report that speaks of it, each fact is
looked for in the item's passage of that report: the official wording in the introducing
report's, a `due` wording in the passage of the report that set it, a label in the item's own
status cell, a locator, an outcome's date and place in the passage of the report that gives them.
A fact found only elsewhere is a Problem at the data's file:line:col naming where it was found and
the passage it should have been in. What no program can check is counted and named in the
summary, so that silence is not taken for a pass."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import (
    Dataset,
    Item,
    Outcome,
    Problem,
    Report,
    Revision,
    SourceRef,
    StatusEntry,
    TargetWord,
    Where,
)
from ..core.periods import Period
from ..core.status import label_status
from ..load.sources import (
    FileIndex,
    FileText,
    SourceError,
    clean,
    read_source,
    squash,
    written_forms,
)
from ..load.yaml_positions import Loaded, load_bytes
from .texts import (
    Hit,
    ItemPassage,
    ReportText,
    anchor,
    anchor_where,
    make_part,
    owner_name,
    status_cell,
    whole_in,
    whole_sentences,
)

__all__ = [
    "verify",
    "Checker",
    "VerifyResult",
    "MAX_LOCATOR_CHARS",
    "MAX_LOCATOR_WORDS",
    "CHECKED",
    "NOT_CHECKABLE",
    "short",
]

MAX_LOCATOR_WORDS = 8
MAX_LOCATOR_CHARS = 200  # a longer phrase is not searched: eight words are never that long
_HEADING = re.compile(r"#(\d+)")

# the kinds of fact verify checks, as its summary names them
CHECKED = {
    "wording": "official wordings",
    "title": "numbers and titles",
    "group": "group wordings",
    "label": "status labels",
    "evidence": "evidence headings",
    "locator": "locators",
    "due": "deadline wordings",
    "revision": "revised dates",
    "outcome": "outcomes",
    "report-date": "report dates",
}
# the kinds of fact no program can check against the texts
NOT_CHECKABLE = {
    "continues": "continues links",
    "assessed": "assessed statuses",
    "outcome-word": "outcomes read from narrative (that the passage says done)",
    "report-date-cited": "report dates cited outside the texts",
    "report-date-none": "report dates without evidence",
    "title-own": "titles no heading gives (the curators' own)",
    "said": "a report's word on a target read from narrative (that the passage says still to come)",
}


def short(text: str, limit: int = 60) -> str:
    one = " ".join(text.split())
    return clean(one if len(one) <= limit else one[: limit - 3] + "...")


def _same_words(one: str, other: str) -> bool:
    return squash(one).casefold() == squash(other).casefold()


@dataclass
class VerifyResult:
    """The problems found, and how many facts of each kind were checked or could not be."""

    problems: list[Problem]
    checked: Counter[str] = field(default_factory=Counter)
    unchecked: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        kinds = [kind for kind in CHECKED if self.checked[kind]]
        said = f"checked: {sum(self.checked.values())} facts of {len(kinds)} kinds"
        missing = [
            f"{NOT_CHECKABLE[kind]} ({self.unchecked[kind]})"
            for kind in NOT_CHECKABLE
            if self.unchecked[kind]
        ]
        return said + ("; not checkable: " + ", ".join(missing) if missing else "")


class Checker:
    """The sources folder read against one dataset: report texts found once, problems collected."""

    def __init__(
        self, root: Path, dataset: Dataset, sources: Path, files: dict[Path, FileText | str] | None = None
    ) -> None:
        """`files`: source files already read (by path), for a caller that checks many datasets
        against one sources folder."""
        self.root = root
        self.dataset = dataset
        self.files = FileIndex(sources)
        self.sources = sources
        self.problems: list[Problem] = []
        self.checked: Counter[str] = Counter()
        self.unchecked: Counter[str] = Counter()
        self._loaded: dict[str, Loaded] = {}
        self._sections: dict[tuple[str, str], dict[str, str]] = {}
        self._read: dict[Path, FileText | str] = files if files is not None else {}
        self.ids: dict[str, str] = {}
        for report in dataset.reports:
            self.ids[report.id] = report.id
            for alias in report.aliases:
                self.ids[alias] = report.id
        self.texts: dict[str, ReportText | None] = {}
        for report in dataset.reports:
            self.texts[report.id] = self._report_text(report)
        for report in dataset.reports:
            text = self.texts[report.id]
            if text is not None:
                items = [item for item in dataset.items if item.program == report.program]
                text.cut(items, {item.id: a for item in items if (a := anchor(item, report.id))})

    # -- problems at the data's file:line:col -------------------------------------------------

    def problem(self, where: Where, message: str, rule: str) -> None:
        loaded = self._loaded.get(where.file)
        if loaded is None:
            try:
                loaded = load_bytes(where.file, Path(where.file).read_bytes())
            except OSError:
                loaded = Loaded(where.file)
            self._loaded[where.file] = loaded
        line, column = loaded.position(where.path) if loaded.data is not None else (0, 0)
        self.problems.append(Problem(where.file, line, column, message, rule))

    # -- reports ---------------------------------------------------------------------------------

    def _file(self, path: Path) -> FileText | str:
        if path not in self._read:
            try:
                self._read[path] = FileText.of(path.name, read_source(path))
            except SourceError as exc:
                self._read[path] = str(exc)
        return self._read[path]

    def _report_text(self, report: Report) -> ReportText | None:
        if not report.texts:
            self.problem(
                report.where.at("id"),
                f"report {clean(report.id)!r} records no source text: add "
                "'texts' with the file name or SHA-256 of its text",
                "source-text",
            )
            return None
        parts = []
        for ref in report.texts:
            path = self._find(ref)
            if path is None:
                continue
            file = self._file(path)
            if isinstance(file, str):
                self.problem(ref.where, file, "source-text")
                continue
            part = make_part(ref, file)
            if isinstance(part, str):
                self.problem(ref.where.at("part"), clean(part), "source-text")
                continue
            parts.append(part)
        if len(parts) != len(report.texts):
            return None
        return ReportText(report, parts)

    def _find(self, ref: SourceRef) -> Path | None:
        name, digest = ref.file, ref.sha256
        if name is not None:
            path = self.files.named(name)
            if path is not None:
                if digest is not None and self.files.hash_of(path) != digest:
                    self.problem(
                        ref.where.at("sha256"),
                        f"{clean(name)} in {clean(str(self.sources))} is not "
                        "the recorded text: its SHA-256 differs",
                        "source-text",
                    )
                    return None
                return path
        if digest is not None:
            path = self.files.by_hash(digest)
            if path is not None:
                return path
        wanted = " and none ".join(
            part
            for part in (
                f"named {clean(name)!r}" if name else "",
                f"with SHA-256 {digest[:12]}..." if digest else "",
            )
            if part
        )
        self.problem(
            ref.where,
            f"the report's text is not in {clean(str(self.sources))}: found no file {wanted}",
            "source-text",
        )
        return None

    def text_of(self, report: object) -> ReportText | None:
        return self.texts.get(self.ids.get(str(report), ""))

    def passage(self, text: ReportText, item: Item) -> ItemPassage | None:
        return text.passages.get(item.id)

    def _has_layout(self, text: ReportText) -> bool:
        return any(part.layout for part in text.parts)

    def _elsewhere(self, text: ReportText, hits: list[Hit]) -> str:
        said = []
        for hit in hits[:2]:
            owner = text.owner(hit)
            said.append(hit.at() + (f" (the passage of {owner})" if owner else ""))
        more = f" and {len(hits) - 2} more places" if len(hits) > 2 else ""
        return "; ".join(said) + more

    def _should(self, text: ReportText, item: Item) -> str:
        passage = self.passage(text, item)
        if passage is None and not self._has_layout(text):
            return f"report {text.report.id} gives no layout, so its whole text is the passage"
        if passage is None:
            return f"{item.id} has no passage in report {text.report.id}"
        return f"this item's passage in report {text.report.id} is {passage.describe()}"

    def _in_passage(
        self, text: ReportText, item: Item, phrase: str, exact: bool = False, cells: bool = True
    ) -> tuple[list[Hit], list[Hit], list[Hit]]:
        """Where a phrase stands: in the item's passage, elsewhere in the report's part, and in
        the report's files outside its part."""
        hits = text.find(phrase, exact, cells=cells)
        passage = self.passage(text, item)
        if passage is None and not self._has_layout(text):
            inside, other = hits, []
        else:
            inside = [hit for hit in hits if passage is not None and passage.holds(hit)]
            other = [hit for hit in hits if hit not in inside]
        outside = (
            [hit for hit in text.find(phrase, exact, anywhere=True) if hit not in hits] if not hits else []
        )
        return inside, other, outside

    def _not_here(
        self,
        where: Where,
        text: ReportText,
        item: Item,
        what: str,
        phrase: str,
        rule: str,
        extra: str = "",
        cells: bool = True,
    ) -> None:
        """Say that a fact is not in its passage: where it stands instead, or that it stands nowhere."""
        _, other, outside = self._in_passage(text, item, phrase, cells=cells)
        if other:
            found = f"it stands at {self._elsewhere(text, other)}"
        elif outside:
            found = (
                f"it stands at {self._elsewhere(text, outside)}, outside the part of the text that is "
                f"report {text.report.id}"
            )
        else:
            found = f"it is not in the text of report {text.report.id} ({', '.join(text.names)})"
        self.problem(
            where,
            f"{what} {short(phrase)!r} is not in its passage: {found}; {self._should(text, item)}{extra}",
            rule,
        )

    # -- items -----------------------------------------------------------------------------------

    def check_items(self, only: Collection[str] | None = None) -> None:
        """Check every item (or those named in `only`), then what concerns several items at once."""
        for item in self.dataset.items:
            if only is None or item.id in only:
                self.check_item(item)
        by_id = {item.id: item for item in self.dataset.items}
        for text in self.texts.values():
            if text is None:
                continue
            for claims in text.row_claims.values():
                for item_id in claims:
                    if len(claims) > 1 and (only is None or item_id in only):
                        named = ", ".join(other for other in claims if other != item_id)
                        self.problem(
                            by_id[item_id].where.at("text"),
                            f"the wording is also {named}'s: each milestone row is one item's",
                            "source-wording",
                        )
            for item_id, (hit, others) in text.shared.items():
                if only is None or item_id in only:
                    self.problem(
                        anchor_where(by_id[item_id], text.report.id),
                        f"the place this locator points at ({hit.at()}) is in the block of {', '.join(others)}: in "
                        f"report {text.report.id}, whose passages follow the items in plan order, each item has "
                        "blocks of its own",
                        "source-locator",
                    )
            for item_id, hit in text.out_of_order.items():
                if only is None or item_id in only:
                    self.problem(
                        anchor_where(by_id[item_id], text.report.id),
                        f"the place this locator points at ({hit.at()}) breaks the plan's order of report "
                        f"{text.report.id}, whose passages follow the items in plan order: it lies among "
                        f"the passages of {owner_name(text, hit)}",
                        "source-locator",
                    )

    def check_item(self, item: Item) -> None:
        """Every fact of one item, each in its passage."""
        self._wording(item)
        self._title(item)
        self._group(item)
        if item.continues:
            self.unchecked["continues"] += len(item.continues)
        for deadline in item.deadlines:
            self._due(item, deadline.where, deadline.set_by, deadline.due, deadline.period, "deadline")
            for revision in deadline.revisions:
                self._revision(item, revision)
            if deadline.outcome is not None:
                self._outcome(item, deadline.outcome)
            for word in deadline.said:
                self._said(item, word)
        for entry in item.history:
            self._entry(item, entry)

    def _wording(self, item: Item) -> None:
        text = self.text_of(item.introduced)
        if text is None:
            return
        self.checked["wording"] += 1
        where = item.where.at("text")
        hits = text.find(item.text, exact=True)
        if not hits:
            anywhere = text.find(item.text, exact=True, anywhere=True)
            if anywhere:
                self.problem(
                    where,
                    f"official wording stands at {self._elsewhere(text, anywhere)}, outside the part of the "
                    f"text that is report {text.report.id}, the report that introduced it",
                    "source-wording",
                )
                return
            best = max(text.parts, key=lambda part: part.file.matching_prefix(item.text))
            kept = best.file.matching_prefix(item.text)
            squashed = squash(item.text)
            said = (
                f"it differs after {short(squashed[max(0, kept - 30) : kept])!r}"
                if kept
                else "not even its start is there"
            )
            self.problem(
                where,
                f"official wording not found in the text of report {text.report.id} ({', '.join(text.names)}): {said}",
                "source-wording",
            )
            return
        passage = self.passage(text, item)
        if passage is None and self._has_layout(text) and item.number is not None:
            self.problem(
                where,
                f"the item's number {item.number} has no heading in the text of report {text.report.id}",
                "source-wording",
            )
            return
        inside = [hit for hit in hits if passage is None or passage.holds(hit)]
        if not inside:
            self.problem(
                where,
                f"official wording stands at {self._elsewhere(text, hits)}, not in this item's passage: "
                f"{self._should(text, item)}",
                "source-wording",
            )
            return
        if not any(whole_sentences(hit) for hit in inside):
            hit = inside[0]
            self.problem(
                where,
                f"official wording is a fragment of its passage ({hit.at()}): give whole sentences of it, "
                "as written",
                "source-wording",
            )

    def _title(self, item: Item) -> None:
        text = self.text_of(item.introduced)
        if text is None:
            return
        if item.number is None:
            self.unchecked["title-own"] += 1
            return
        numbered = [part for part in text.parts if part.layout == "numbered"]
        if not numbered:
            self.unchecked["title-own"] += 1
            return
        self.checked["title"] += 1
        passage = self.passage(text, item)
        if passage is None:
            self.problem(
                item.where.at("number"),
                f"number {item.number} has no heading in the text of report {text.report.id} "
                f"({', '.join(text.names)})",
                "source-title",
            )
            return
        span = passage.spans[0]
        line = passage.part.file.text[span.start : span.end].split("\n", 1)[0]
        heading = re.sub(r"^\s*(?:#\d+|\d+\))\s*", "", line).strip()
        if not any(_same_words(heading, name) for name in (item.title, *item.aliases)):
            self.problem(
                item.where.at("title"),
                f"title {short(item.title)!r} is not the plan's heading {item.number}) "
                f"{short(heading)!r} ({passage.describe()}): write the heading's words, or add them to aliases",
                "source-title",
            )

    def _group(self, item: Item) -> None:
        text = self.text_of(item.introduced)
        if text is None or not item.group:
            return
        passage = self.passage(text, item)
        if passage is None:
            return
        start = Hit(passage.part, passage.spans[0].start, passage.spans[0].start + 1)
        for key, value in item.group:
            where = item.where.at("group", key)
            if key == "initiative" and passage.row is not None:
                self.checked["group"] += 1
                paragraph = text.initiative_before(passage.row, passage.part)
                body = passage.part.file.body(paragraph) if paragraph else ""
                if not (squash(value) in squash(body) and whole_in(value, body)):
                    self.problem(
                        where,
                        f"initiative {short(value)!r} is not the wording of the initiative above this item's "
                        f"row ({passage.describe()}), which reads {short(body)!r}",
                        "source-group",
                    )
            elif key == "area" and passage.row is not None:
                self.checked["group"] += 1
                area = text.area_before(start)
                if area is None or not _same_words(area, value):
                    self.problem(
                        where,
                        f"area {short(value)!r} is not the area above this item's row ({passage.describe()}): "
                        f"{short(area) if area else 'none'}",
                        "source-group",
                    )
            elif key in ("goal", "pillar"):
                self.checked["group"] += 1
                heading = text.capitals_before(start)
                if heading is not None and _same_words(heading, value):
                    continue
                peers: set[str] = set()
                if heading is None:
                    # no heading above (the plan's first pillar): the value stands in the plan's
                    # text and the other items before the first heading agree on it
                    peers = self._first_section(text, key, item)
                    if text.find(value) and (not peers or value in peers):
                        continue
                self.problem(
                    where,
                    f"{key} {short(value)!r} is not the heading above this item's passage "
                    f"({passage.describe()}): {short(heading) if heading else _before_first(peers)}",
                    "source-group",
                )

    def _first_section(self, text: ReportText, key: str, item: Item) -> set[str]:
        """The `key` values of the other items whose passage no heading in capitals precedes."""
        cache = self._sections.setdefault((text.report.id, key), {})
        if not cache:
            for other in self.dataset.items:
                passage = self.passage(text, other)
                if other.program != item.program or passage is None:
                    continue
                start = Hit(passage.part, passage.spans[0].start, passage.spans[0].start + 1)
                if text.capitals_before(start) is None:
                    cache[other.id] = dict(other.group).get(key, "")
        return {value for other, value in cache.items() if other != item.id}

    # -- dates -----------------------------------------------------------------------------------

    def _due(self, item: Item, where: Where, report: str, due: str, period: Period, what: str) -> None:
        text = self.text_of(report)
        if text is None:
            return
        self.checked["due" if what == "deadline" else "revision"] += 1
        if due.strip():
            inside, _, _ = self._in_passage(text, item, due)
            if not inside:
                self._not_here(where.at("due"), text, item, f"{what}", due, "source-date")
            return
        forms = written_forms(period)
        if not any(self._in_passage(text, item, form)[0] for form in forms):
            self.problem(
                where.at("period"),
                f"{what} {period.canonical} is not in its passage in any written form "
                f"(looked for {', '.join(repr(f) for f in forms[:4])}); {self._should(text, item)}",
                "source-date",
            )

    def _revision(self, item: Item, revision: Revision) -> None:
        self._due(item, revision.where, revision.report, revision.due, revision.period, "revised date")
        text = self.text_of(revision.report)
        if text is None:
            return
        if revision.locator is not None:
            self._locator(item, revision.where, revision.locator, text)
        passage = self.passage(text, item)
        if revision.partner and revision.due and passage is not None and passage.row is not None:
            lines = status_cell(passage)
            said = [
                pair
                for pair, label, _ in lines
                if squash(revision.due).casefold() in squash(label).casefold()
            ]
            if said and revision.partner not in said and None not in said:
                self.problem(
                    revision.where.at("partner"),
                    f"the revised date {short(revision.due)!r} is the {', '.join(str(p) for p in said)} label "
                    f"of this item's status cell ({passage.describe()}), not {revision.partner}'s",
                    "source-date",
                )

    def _outcome(self, item: Item, outcome: Outcome) -> None:
        text = self.text_of(outcome.report)
        if text is None:
            return
        self.checked["outcome"] += 1
        passage = self.passage(text, item)
        if passage is not None and passage.row is not None:
            self._outcome_cell(item, outcome, passage)
        else:
            headings = [int(n) for n in _HEADING.findall(outcome.evidence)]
            if outcome.locator is None and item.number not in headings:
                self.problem(
                    outcome.where,
                    f"an outcome needs the place in report {outcome.report} that says the thing was done: "
                    f"add a locator (a phrase of at most {MAX_LOCATOR_WORDS} words standing there); "
                    f"{self._should(text, item)}",
                    "source-outcome",
                )
                return
            self.unchecked["outcome-word"] += 1
        located = None
        if outcome.locator is not None:
            located = self._locator(item, outcome.where, outcome.locator, text)
        if outcome.date is not None:
            self.checked["outcome"] += 1
            self._outcome_date(item, outcome, text, located)

    def _said(self, item: Item, word: TargetWord) -> None:
        """A report's recorded word on a target (still to come, delayed, set aside) stands where its
        locator points, in the item's passage of that report; that the passage says so is the
        curators' reading."""
        text = self.text_of(word.report)
        if text is None:
            return
        self.unchecked["said"] += 1
        if word.locator is None:
            self.problem(
                word.where,
                f"a report's word on a target needs the place in report {word.report} that says it: add a "
                f"locator (a phrase of at most {MAX_LOCATOR_WORDS} words standing there); {self._should(text, item)}",
                "source-said",
            )
            return
        self._locator(item, word.where, word.locator, text)

    def _outcome_cell(self, item: Item, outcome: Outcome, passage: ItemPassage) -> None:
        lines = status_cell(passage)
        done = {pair: label_status(label) == "completed" for pair, label, _ in lines}
        shown = "; ".join(f"{pair + ': ' if pair else ''}{label}" for pair, label, _ in lines) or "nothing"
        if outcome.partner is not None and any(pair is not None for pair in done):
            if done.get(outcome.partner):
                return
            pairs = [pair for pair, is_done in done.items() if is_done and pair]
            hint = f"; the pair whose label says so is {', '.join(pairs)}" if pairs else ""
            self.problem(
                outcome.where.at("partner"),
                f"the outcome's pair {outcome.partner} is not said done in this item's status cell "
                f"({passage.describe()}: {short(shown, 90)}){hint}",
                "source-outcome",
            )
            return
        if lines and all(done.values()):
            return
        self.problem(
            outcome.where,
            f"report {outcome.report} does not say this was done: this item's status cell "
            f"({passage.describe()}) reads {short(shown, 90)!r}",
            "source-outcome",
        )

    def _outcome_date(self, item: Item, outcome: Outcome, text: ReportText, located: Hit | None) -> None:
        assert outcome.date is not None
        forms = written_forms(outcome.date)
        if located is not None:
            paragraph = located.part.file.paragraph(located.start)
            body = located.part.file.text[paragraph.start : paragraph.end]
            if any(squash(form).casefold() in squash(body).casefold() for form in forms):
                return
            where_said = f"the paragraph of its locator ({located.at()})"
        else:
            if any(self._in_passage(text, item, form)[0] for form in forms):
                return
            where_said = self._should(text, item)
        self.problem(
            outcome.where.at("date"),
            f"outcome date {outcome.date.canonical} is not in {where_said} in any written form "
            f"(looked for {', '.join(repr(f) for f in forms[:4])})",
            "source-date",
        )

    # -- status entries --------------------------------------------------------------------------

    def _entry(self, item: Item, entry: StatusEntry) -> None:
        text = self.text_of(entry.report)
        if text is None:
            return
        if entry.basis == "assessed":
            self.unchecked["assessed"] += 1
        passage = self.passage(text, item)
        if passage is not None and passage.row is not None:
            self._labels_in_cell(item, entry, passage)
        else:
            labels = [(entry.where.at("raw"), entry.raw)] if entry.raw else []
            labels += [(entry.where.at("partners", n, "raw"), p.raw) for n, p in entry.partners if p.raw]
            for where, label in labels:
                assert label is not None
                self.checked["label"] += 1
                if not self._in_passage(text, item, label)[0]:
                    self._not_here(where, text, item, "label", label, "source-label")
        headings = [int(n) for n in _HEADING.findall(entry.evidence)]
        for number in headings:
            self.checked["evidence"] += 1
            if text.heading(number) is None:
                self.problem(
                    entry.where.at("evidence"),
                    f"heading #{number} is not in the text of report {text.report.id}",
                    "source-evidence",
                )
        named = [number for number in headings if text.heading(number) is not None]
        if named and item.number not in named:
            found = text.heading(named[0])
            assert found is not None
            owner = text.owner(found)
            own = (
                f"this item's #{item.number}" if item.number is not None else "this item's (it has no number)"
            )
            self.problem(
                entry.where.at("evidence"),
                f"heading #{named[0]} ({found.at()}) is the passage of {owner or 'another item'}, not {own}; "
                "the evidence names the item's own heading first of all",
                "source-evidence",
            )
        located = None
        if entry.locator is not None:
            located = self._locator(item, entry.where, entry.locator, text)
        if not headings and entry.locator is None:
            self.problem(
                entry.where.at("evidence") if entry.evidence else entry.where,
                "the evidence names no heading (#N) and the entry has no locator: add a locating "
                f"phrase of at most {MAX_LOCATOR_WORDS} words that stands in the report's text",
                "source-evidence",
            )
        del located

    def _labels_in_cell(self, item: Item, entry: StatusEntry, passage: ItemPassage) -> None:
        lines = status_cell(passage)
        shown = "; ".join(f"{pair + ': ' if pair else ''}{label}" for pair, label, _ in lines) or "nothing"
        split = any(pair is not None for pair, _, _ in lines)
        where_cell = f"this item's status cell ({passage.describe()}), which reads {short(shown, 90)!r}"
        if entry.partners:
            for name, value in entry.partners:
                self.checked["label"] += 1
                said = [label for pair, label, _ in lines if pair == name]
                if value.raw is not None and not any(_same_words(value.raw, label) for label in said):
                    self.problem(
                        entry.where.at("partners", name, "raw" if value.raw is not None else "status"),
                        f"{name} label {short(value.raw)!r} is not {name}'s in {where_cell}",
                        "source-label",
                    )
            if not split:
                self.problem(
                    entry.where.at("partners"),
                    f"the report does not split this status by partner pair: {where_cell}",
                    "source-label",
                )
            return
        if entry.raw is None:
            return
        self.checked["label"] += 1
        if split:
            self.problem(
                entry.where.at("raw"),
                f"the report splits this status by partner pair: {where_cell}; record `partners`",
                "source-label",
            )
        elif not any(_same_words(entry.raw, label) for _, label, _ in lines):
            text = self.text_of(entry.report)
            assert text is not None
            self._not_here(
                entry.where.at("raw"),
                text,
                item,
                "label",
                entry.raw,
                "source-label",
                f"; its status cell reads {shown!r}",
            )

    def _locator(self, item: Item, where: Where, locator: str, text: ReportText) -> Hit | None:
        """Check a locator: short, found once in the report's text, in the item's passage."""
        self.checked["locator"] += 1
        words = len(locator.split())
        if words > MAX_LOCATOR_WORDS:
            self.problem(
                where.at("locator"),
                f"a locator is a phrase of at most {MAX_LOCATOR_WORDS} words, not {words}: quote no report sentence",
                "source-locator",
            )
            return None
        if len(locator) > MAX_LOCATOR_CHARS:
            self.problem(
                where.at("locator"),
                f"a locator is a phrase of at most {MAX_LOCATOR_CHARS} characters, not {len(locator)}: not searched",
                "source-locator",
            )
            return None
        hits = text.find(locator, cells=False)
        if not hits:
            self._not_here(where.at("locator"), text, item, "locator", locator, "source-locator", cells=False)
            return None
        if len(hits) > 1:
            self.problem(
                where.at("locator"),
                f"locator {short(locator)!r} occurs {len(hits)} times in the text of report "
                f"{text.report.id}: make it point at one place",
                "source-locator",
            )
            return None
        passage = self.passage(text, item)
        if self._has_layout(text) and (passage is None or not passage.holds(hits[0])):
            if item.id in text.out_of_order or item.id in text.shared:
                return None  # said once, as an order problem
            self._not_here(where.at("locator"), text, item, "locator", locator, "source-locator", cells=False)
            return None
        return hits[0]

    # -- reports' dates --------------------------------------------------------------------------

    def check_reports(self) -> None:
        for report in self.dataset.reports:
            text = self.texts.get(report.id)
            evidence = dict(report.dates_evidence)
            for name, period in (("published", report.published), ("as_of", report.as_of)):
                said = evidence.get(name)
                if said is None:
                    self.unchecked["report-date-none"] += 1
                    continue
                if said.locator is None:
                    self.unchecked["report-date-cited"] += 1
                    continue
                if text is None:
                    continue
                self.checked["report-date"] += 1
                hits = text.find(said.locator)
                if len(hits) != 1:
                    self.problem(
                        said.where.at("locator"),
                        f"locator {short(said.locator)!r} occurs {len(hits)} times in the text of report "
                        f"{report.id}: it must point at one place",
                        "source-date",
                    )
                    continue
                paragraph = hits[0].part.file.paragraph(hits[0].start)
                body = hits[0].part.file.text[paragraph.start : paragraph.end]
                forms = written_forms(period)
                if not any(squash(form).casefold() in squash(body).casefold() for form in forms):
                    self.problem(
                        report.where.at(name),
                        f"{name} {period.canonical} is not in the paragraph its evidence points at "
                        f"({hits[0].at()}) in any written form (looked for {', '.join(repr(f) for f in forms[:3])})",
                        "source-date",
                    )


def _before_first(peers: set[str]) -> str:
    said = ", ".join(repr(short(value)) for value in sorted(peers))
    return f"no heading there, and the other items before the first heading say {said or 'nothing'}"


def verify(
    root: Path, dataset: Dataset, sources: Path, files: dict[Path, FileText | str] | None = None
) -> VerifyResult:
    """Every problem found checking the dataset against the texts in `sources`, sorted, with the
    count of facts checked and of those no program can check (`files`: see Checker)."""
    checker = Checker(root, dataset, sources, files)
    checker.check_reports()
    checker.check_items()
    return VerifyResult(sorted(set(checker.problems)), checker.checked, checker.unchecked)
