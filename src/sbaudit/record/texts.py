"""A report's text as `verify` and `show --sources` read it: the part of each file that is the
report (`texts[].part`), and one passage per item cut by the file's layout (`texts[].layout`):
a numbered heading's section, a table row with its status cell, or the blocks that follow the
plan's order from the block an item's locator stands in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..core.model import Item, Report, SourceRef, Where
from ..load.sources import FileText, Span, is_status_cell, squash, status_line

__all__ = [
    "Hit",
    "ItemPassage",
    "PartText",
    "ReportText",
    "Row",
    "anchor",
    "anchor_where",
    "make_part",
    "owner_name",
    "status_cell",
    "whole_in",
    "whole_sentences",
]

_SENTENCE_END = ".;:!?"
_CAPITALS = re.compile(r"^[^a-z#\d]*[A-Z][^a-z]*$")  # a heading in capitals: THE SECURE FLOW OF GOODS
_AREA = re.compile(r"^([^:\n]{3,60}):\s+\S")  # "Traveller Security: Develop and implement ..."


@dataclass(frozen=True)
class Row:
    """A table row: the milestone's wording paragraph and the paragraphs of its status cell."""

    wording: Span
    status: tuple[Span, ...]
    index: int  # of the wording paragraph among the file's paragraphs

    @property
    def span(self) -> Span:
        return Span(self.wording.start, self.status[-1].end)


@dataclass
class PartText:
    """The part of one file a report is, with what its layout yields."""

    ref: SourceRef
    file: FileText
    span: Span
    allowed: tuple[Span, ...]  # the cells the report is (the whole span when not restricted)
    rows: tuple[Row, ...] = ()
    headings: dict[int, Span] = field(default_factory=dict)
    blocks: tuple[Span, ...] = ()
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def layout(self) -> str | None:
        return self.ref.layout

    def holds(self, offset: int) -> bool:
        return _at(self.allowed, self._starts("allowed", self.allowed), offset) is not None

    def row_at(self, offset: int) -> Row | None:
        if "row-spans" not in self._cache:
            self._cache["row-spans"] = tuple(row.span for row in self.rows)
        spans: tuple[Span, ...] = self._cache["row-spans"]  # type: ignore[assignment]
        index = _at(spans, self._starts("rows", spans), offset)
        return None if index is None else self.rows[index]

    def block_at(self, offset: int) -> int | None:
        return _at(self.blocks, self._starts("blocks", self.blocks), offset)

    def _starts(self, name: str, spans: Sequence[Span]) -> list[int]:
        if name not in self._cache:
            self._cache[name] = [span.start for span in spans]
        return self._cache[name]  # type: ignore[return-value]


def _at(spans: Sequence[Span], starts: list[int], offset: int) -> int | None:
    """The index of the span (sorted, apart) holding `offset`."""
    index = bisect.bisect_right(starts, offset) - 1
    return index if index >= 0 and spans[index].holds(offset) else None


@dataclass(frozen=True)
class Hit:
    """One place a phrase stands: in which part, from where to where."""

    part: PartText
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.part.file.line(self.start)

    def at(self) -> str:
        return f"line {self.line} of {self.part.file.name}"


@dataclass(frozen=True)
class ItemPassage:
    """Where a report speaks of one item: spans of one part, and how they were found."""

    part: PartText
    spans: tuple[Span, ...]
    how: str  # "heading #26", "the row at line 25", "the blocks from line 20"
    row: Row | None = None

    def holds(self, hit: Hit) -> bool:
        return hit.part is self.part and any(span.holds(hit.start) for span in self.spans)

    def describe(self) -> str:
        return f"{self.how} of {self.part.file.name}"

    def text(self) -> str:
        return "\n\n".join(self.part.file.text[s.start : s.end].strip() for s in self.spans)


def _part_span(file: FileText, ref: SourceRef) -> Span | str:
    start, end = 0, len(file.text)
    if ref.part.start:
        found = file.find(ref.part.start)
        if not found:
            return f"the part's start {ref.part.start!r} is not in {file.name}"
        start = found[0][0]
    if ref.part.end:
        found = [hit for hit in file.find(ref.part.end) if hit[0] > start]
        if not found:
            return f"the part's end {ref.part.end!r} is not in {file.name} after its start"
        end = found[0][0]
    return Span(start, end)


def _rows(file: FileText, span: Span) -> tuple[Row, ...]:
    numbered = [(n, p) for n, p in enumerate(file.paragraphs) if span.start <= p.start < span.end]
    paragraphs = [p for _, p in numbered]
    status = [is_status_cell(file.body(p)) for p in paragraphs]
    rows = []
    index = 0
    while index < len(paragraphs):
        if not status[index] and index + 1 < len(paragraphs) and status[index + 1]:
            end = index + 1
            while end + 1 < len(paragraphs) and status[end + 1]:
                end += 1
            overall = numbered[index][0]
            rows.append(Row(paragraphs[index], tuple(paragraphs[index + 1 : end + 1]), overall))
            index = end + 1
        else:
            index += 1
    return tuple(rows)


def _headings(file: FileText, span: Span) -> dict[int, Span]:
    found = file.headings(span)
    result: dict[int, Span] = {}
    for position, (number, offset) in enumerate(found):
        end = found[position + 1][1] if position + 1 < len(found) else span.end
        result.setdefault(number, Span(offset, end))
    return result


def make_part(ref: SourceRef, file: FileText) -> PartText | str:
    span = _part_span(file, ref)
    if isinstance(span, str):
        return span
    part = PartText(ref, file, span, (span,))
    if ref.layout == "rows" or ref.part.cells:
        part.rows = _rows(file, span)
    if ref.layout == "numbered":
        part.headings = _headings(file, span)
    if ref.layout == "in-order":
        part.blocks = tuple(file.blocks(span))
    if ref.part.cells == "status":
        part.allowed = tuple(cell for row in part.rows for cell in row.status)
    elif ref.part.cells == "wording":
        cells = {(cell.start, cell.end) for row in part.rows for cell in row.status}
        part.allowed = tuple(
            p for p in file.paragraphs if span.holds(p.start) and (p.start, p.end) not in cells
        )
    return part


def _longest_ordered(values: Sequence[int]) -> set[int]:
    """Positions of a longest increasing run-through of `values` (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(values)
    for position, value in enumerate(values):
        place = bisect.bisect_right(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[place] = value
            tail_at[place] = position
        back[position] = tail_at[place - 1] if place else -1
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(position)
        position = back[position]
    return kept


class ReportText:
    """A report's parts, searchable, and each item's passage in them."""

    def __init__(self, report: Report, parts: list[PartText]) -> None:
        self.report = report
        self.parts = parts
        self.passages: dict[str, ItemPassage] = {}
        self.out_of_order: dict[str, Hit] = {}  # in-order layout: items whose place breaks the order
        self.shared: dict[str, tuple[Hit, list[str]]] = {}  # in-order: items placed in one block
        self.row_claims: dict[int, list[str]] = {}  # rows: the items whose wording stands in a row

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.file.name for part in self.parts))

    def find(self, phrase: str, exact: bool = False, anywhere: bool = False, cells: bool = True) -> list[Hit]:
        """Where the phrase stands in the report's parts (`anywhere`: in their whole files;
        `cells=False`: in any cell of its rows, as a locator finds a row)."""
        hits = []
        for part in self.parts:
            for start, end in part.file.find(phrase, exact):
                if anywhere or (part.span.holds(start) and (not cells or part.holds(start))):
                    hits.append(Hit(part, start, end))
        return hits

    def owner(self, hit: Hit) -> str | None:
        for item_id, passage in self.passages.items():
            if passage.holds(hit):
                return item_id
        return None

    def heading(self, number: int) -> Hit | None:
        for part in self.parts:
            if "headings" not in part._cache:
                part._cache["headings"] = part.file.headings(part.span)
            for found, offset in part._cache["headings"]:  # type: ignore[attr-defined]
                if found == number:
                    return Hit(part, offset, offset + 1)
        return None

    def cut(self, items: Iterable[Item], anchors: dict[str, str]) -> None:
        """Each item's passage; `anchors` gives, for the in-order layout, the locator that places
        an item (its status entry's, else its first outcome's or revision's for this report)."""
        items = sorted(items, key=lambda item: (item.number is None, item.number or 0, item.id))
        for part in self.parts:
            if part.layout == "numbered":
                for item in items:
                    if item.number is not None and item.number in part.headings:
                        span = part.headings[item.number]
                        self.passages.setdefault(
                            item.id,
                            ItemPassage(
                                part, (span,), f"heading {item.number} at line {part.file.line(span.start)}"
                            ),
                        )
            elif part.layout == "rows":
                self._cut_rows(part, items, anchors)
            elif part.layout == "in-order":
                self._cut_in_order(part, items, anchors)

    def _cut_rows(self, part: PartText, items: list[Item], anchors: dict[str, str]) -> None:
        for item in items:
            row = None
            for start, _ in part.file.find(item.text, exact=True):
                row = part.row_at(start)
                if row is not None and row.wording.holds(start):
                    self.row_claims.setdefault(row.wording.start, []).append(item.id)
                    break
                row = None
            if row is None and item.id in anchors:
                found = part.file.find(anchors[item.id])
                if len(found) == 1:
                    row = part.row_at(found[0][0])
            if row is not None and item.id not in self.passages:
                self.passages[item.id] = ItemPassage(
                    part, (row.span,), f"the row at line {part.file.line(row.wording.start)}", row
                )

    def _cut_in_order(self, part: PartText, items: list[Item], anchors: dict[str, str]) -> None:
        placed: list[tuple[Item, int, Hit]] = []
        for item in items:
            phrase = anchors.get(item.id)
            found = part.file.find(phrase) if phrase else []
            if len(found) == 1 and part.span.holds(found[0][0]):
                block = part.block_at(found[0][0])
                if block is not None:
                    placed.append((item, block, Hit(part, *found[0])))
        # each item has blocks of its own: items placed in one block are all in doubt
        by_block: dict[int, list[Item]] = {}
        for item, block, _ in placed:
            by_block.setdefault(block, []).append(item)
        for item, block, hit in placed:
            if len(by_block[block]) > 1:
                self.shared[item.id] = (hit, [other.id for other in by_block[block] if other is not item])
        placed = [entry for entry in placed if entry[0].id not in self.shared]
        kept = _longest_ordered([block for _, block, _ in placed])
        ordered = [entry for position, entry in enumerate(placed) if position in kept]
        for position, entry in enumerate(placed):
            if position not in kept:
                self.out_of_order[entry[0].id] = entry[2]
        for position, (item, block, _) in enumerate(ordered):
            last = ordered[position + 1][1] - 1 if position + 1 < len(ordered) else block
            spans = tuple(part.blocks[block : max(last, block) + 1])
            first_line = part.file.line(spans[0].start)
            self.passages.setdefault(item.id, ItemPassage(part, spans, f"the blocks from line {first_line}"))

    def capitals_before(self, hit: Hit) -> str | None:
        """The nearest heading in capitals above a place, in its file."""
        return _nearest(hit, _capitals)

    def area_before(self, hit: Hit) -> str | None:
        """The nearest "Area: statement" paragraph above a place: the area's name."""
        return _nearest(hit, _area)

    def initiative_before(self, row: Row, part: PartText) -> Span | None:
        """The paragraph above a row that is neither a milestone nor a status cell."""
        if "row-index" not in part._cache:
            part._cache["row-index"] = {r.index for r in part.rows}
            part._cache["cells"] = {(c.start, c.end) for r in part.rows for c in r.status}
        rows: set[int] = part._cache["row-index"]  # type: ignore[assignment]
        cells: set[tuple[int, int]] = part._cache["cells"]  # type: ignore[assignment]
        for index in range(row.index - 1, -1, -1):
            paragraph = part.file.paragraphs[index]
            if index in rows or (paragraph.start, paragraph.end) in cells:
                continue
            if not part.file.body(paragraph):
                continue
            return paragraph
        return None


def _capitals(body: str) -> str | None:
    return body if "\n" not in body and len(body.split()) >= 2 and _CAPITALS.match(body) else None


def _area(body: str) -> str | None:
    found = _AREA.match(body)
    return found.group(1) if found and not is_status_cell(body) else None


def _nearest(hit: Hit, read: Callable[[str], str | None]) -> str | None:
    """What `read` finds in the nearest paragraph above the place (one pass over the file, kept)."""
    file = hit.part.file
    key = f"nearest-{read.__name__}"
    if key not in hit.part._cache:
        table: list[str | None] = []
        found: str | None = None
        for paragraph in file.paragraphs:
            table.append(found)  # what stands above this paragraph
            found = read(file.body(paragraph)) or found
        hit.part._cache[key] = table
    last = bisect.bisect_right(file.paragraph_starts, hit.start) - 1
    return hit.part._cache[key][last]  # type: ignore[index]


def status_cell(passage: ItemPassage) -> list[tuple[str | None, str, int]]:
    """The lines of an item's status cell, in the part of the text that is the passage's report:
    (partner pair or None, label, offset)."""
    if passage.row is None:
        return []
    file = passage.part.file
    lines = []
    for cell in passage.row.status:
        if not passage.part.holds(cell.start):
            continue  # a status cell is not part of a report that gives only wording
        offset = cell.start
        for line in file.text[cell.start : cell.end].splitlines(keepends=True):
            read = status_line(line)
            if read is not None:
                lines.append((read[0], read[1], offset))
            offset += len(line)
    return lines


def anchor(item: Item, report: str) -> str | None:
    """The locator that places an item in a report laid out in plan order."""
    for entry in item.history:
        if entry.report == report and entry.locator:
            return entry.locator
    for deadline in item.deadlines:
        if deadline.outcome is not None and deadline.outcome.report == report and deadline.outcome.locator:
            return deadline.outcome.locator
        for revision in deadline.revisions:
            if revision.report == report and revision.locator:
                return revision.locator
    return None


def anchor_where(item: Item, report: str) -> Where:
    for entry in item.history:
        if entry.report == report and entry.locator:
            return entry.where.at("locator")
    for deadline in item.deadlines:
        if deadline.outcome is not None and deadline.outcome.report == report and deadline.outcome.locator:
            return deadline.outcome.where.at("locator")
        for revision in deadline.revisions:
            if revision.report == report and revision.locator:
                return revision.where.at("locator")
    return item.where


def owner_name(text: ReportText, hit: Hit) -> str:
    owner = text.owner(hit)
    return owner or "no item"


def whole_sentences(hit: Hit) -> bool:
    """Whether a wording found at `hit` starts and ends where sentences (or lines) do."""
    file = hit.part.file
    paragraph = file.paragraph(hit.start)
    before = file.text[paragraph.start : hit.start].rstrip(" \t")
    after = file.text[hit.end : paragraph.end].lstrip(" \t")
    last = file.text[hit.end - 1] if hit.end else ""
    starts = not before.strip() or before[-1] in _SENTENCE_END + "\n)"
    ends = not after.strip() or after[0] == "\n" or last in _SENTENCE_END
    return starts and ends


def whole_in(value: str, body: str) -> bool:
    squashed, needle = squash(body), squash(value)
    at = squashed.find(needle)
    if at < 0:
        return False
    starts = at == 0 or squashed[at - 1] in _SENTENCE_END
    end = at + len(needle)
    ends = end == len(squashed) or needle[-1] in _SENTENCE_END
    return starts and ends
