"""The source documents as text: find a report's text in a folder (by file name or SHA-256), read
it with a size cap, cut it into one passage per item (the layout its report names) and search it
the way a reader compares wording: whitespace and line breaks ignored (the 2002 copy runs words
together), case ignored where the data quotes dates and phrases."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.periods import Period, month_name
from ..core.safe import visible
from ..core.status import label_status
from ..core.vocab import PassageKind

__all__ = [
    "MAX_SOURCE_BYTES",
    "FileIndex",
    "FileText",
    "Passage",
    "Span",
    "SourceError",
    "clean",
    "read_source",
    "squash",
    "written_forms",
]

# A source text is a report of some tens of pages: 8 MiB is far above any and keeps the memory a
# read costs bounded (about ten bytes per byte of text, in a handful of flat strings and arrays).
MAX_SOURCE_BYTES = 8 * 1024 * 1024

_SPACE = re.compile(r"\s+")
_CHUNK = 1 << 16  # characters of text whose whitespace is mapped at once, when first needed
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*")  # two blank lines or more
_HEADING = re.compile(r"(?m)^[ \t]*(?:#(\d+)(?!\d)|(\d+)\)(?=[ \t]))")
_PAIR = re.compile(r"^\s*(?:\d+\.\s+)?([A-Z]{2})\s*-\s*([A-Z]{2})\s*:\s*(.*)$")
_NUMBERED = re.compile(r"^\s*\d+\.\s+")


def clean(text: str) -> str:
    """Text from a data file or a source, safe to print (core.safe.visible), line breaks kept."""
    return visible(text, keep_newlines=True)


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def _fold(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # lower() may lengthen a character (İ); keep one character per character so offsets hold
    return "".join(one if len(one := ch.lower()) == 1 else ch for ch in text)


class SourceError(Exception):
    """A source text that cannot be used: unreadable, too large or not UTF-8."""


def read_source(path: Path) -> str:
    """The file's text, refused beyond MAX_SOURCE_BYTES without reading more than that."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {clean(str(path))}: {exc.strerror or exc}") from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"{clean(str(path))} is larger than the {MAX_SOURCE_BYTES // (1024 * 1024)} MiB a source text may have"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{clean(str(path))} is not UTF-8 text") from None


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of one file's text."""

    start: int
    end: int

    def holds(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass
class FileText:
    """One source file's text, searchable without whitespace, with its paragraphs and lines."""

    name: str
    text: str
    squashed: str = field(repr=False, default="")
    folded: str = field(repr=False, default="")
    # the squashed text's index where each chunk of _CHUNK characters of the text starts
    chunk_starts: list[int] = field(repr=False, default_factory=list)
    lines: array = field(repr=False, default_factory=lambda: array("q"))
    paragraphs: tuple[Span, ...] = ()
    paragraph_starts: list[int] = field(repr=False, default_factory=list)
    # per chunk, worked out when first needed: where each whitespace run was cut out of the
    # squashed chunk, and how many characters had been cut by then
    _runs: dict[int, tuple[array, array]] = field(repr=False, default_factory=dict)

    @classmethod
    def of(cls, name: str, text: str) -> FileText:
        pieces = [_SPACE.sub("", text[at : at + _CHUNK]) for at in range(0, len(text), _CHUNK)] or [""]
        chunk_starts = [0]
        for piece in pieces[:-1]:
            chunk_starts.append(chunk_starts[-1] + len(piece))
        squashed = "".join(pieces)
        lines = array("q", [0])
        lines.extend(m.end() for m in re.finditer("\n", text))
        starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
        ends = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
        return cls(
            name,
            text,
            squashed,
            _fold(squashed),
            chunk_starts,
            lines,
            tuple(Span(s, e) for s, e in zip(starts, ends, strict=True)),
            starts,
        )

    def _chunk_runs(self, chunk: int) -> tuple[array, array]:
        if chunk not in self._runs:
            cut_at, cut_total = array("q"), array("q")
            removed = 0
            for run in _SPACE.finditer(self.text, chunk * _CHUNK, min(len(self.text), (chunk + 1) * _CHUNK)):
                cut_at.append(run.start() - chunk * _CHUNK - removed)
                removed += run.end() - run.start()
                cut_total.append(removed)
            self._runs[chunk] = (cut_at, cut_total)
        return self._runs[chunk]

    def offset(self, squashed_index: int) -> int:
        """Where a character of the squashed text stands in the text."""
        chunk = bisect.bisect_right(self.chunk_starts, squashed_index) - 1
        local = squashed_index - self.chunk_starts[chunk]
        cut_at, cut_total = self._chunk_runs(chunk)
        runs = bisect.bisect_right(cut_at, local)
        return chunk * _CHUNK + local + (cut_total[runs - 1] if runs else 0)

    def find(self, phrase: str, exact: bool = False) -> list[tuple[int, int]]:
        """(start, end) in `text` of each place the phrase stands, whitespace ignored (and case,
        unless exact)."""
        needle = squash(phrase) if exact else _fold(squash(phrase))
        haystack = self.squashed if exact else self.folded
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        start = haystack.find(needle)
        while start >= 0:
            found.append((self.offset(start), self.offset(start + len(needle) - 1) + 1))
            start = haystack.find(needle, start + 1)
        return found

    def matching_prefix(self, phrase: str) -> int:
        """How many leading non-space characters of `phrase` occur (exactly) in the text."""
        needle = squash(phrase)
        low, high = 0, len(needle)
        while low < high:
            middle = (low + high + 1) // 2
            if needle[:middle] in self.squashed:
                low = middle
            else:
                high = middle - 1
        return low

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.lines, offset)

    def paragraph(self, offset: int) -> Span:
        index = max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
        return self.paragraphs[index]

    def body(self, span: Span) -> str:
        return self.text[span.start : span.end].strip()

    def headings(self, within: Span) -> list[tuple[int, int]]:
        """(number, offset) of each numbered heading (`#26 FINGERPRINTS`, `26) Fingerprints`)."""
        return [
            (int(m.group(1) or m.group(2)), m.start())
            for m in _HEADING.finditer(self.text, within.start, within.end)
        ]

    def blocks(self, within: Span) -> list[Span]:
        """The stretches between two blank lines or more."""
        cuts = [m for m in _BLOCK_BREAK.finditer(self.text, within.start, within.end)]
        starts = [within.start] + [m.end() for m in cuts]
        ends = [m.start() for m in cuts] + [within.end]
        return [Span(s, e) for s, e in zip(starts, ends, strict=True)]

    def passage(self, offset: int) -> str:
        """The paragraph holding `offset`, with the short lines right under it (a status label in a
        table) or, for a numbered heading, the heading's whole section (texts without a layout)."""
        index = max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
        lines = [self.body(self.paragraphs[index])]
        is_heading = lines[0].startswith("#")
        for following in range(index + 1, min(index + 5, len(self.paragraphs))):
            text = self.body(self.paragraphs[following])
            if text.startswith("#"):
                break
            lines_of = text.splitlines()
            label = len(lines_of) <= 3 and all(len(line) <= 60 for line in lines_of)
            if is_heading or (label and following <= index + 2):
                lines.append(text)
                continue
            break
        return "\n\n".join(lines)


def status_line(line: str) -> tuple[str | None, str] | None:
    """A line of a status cell: (partner pair or None, label), or None when it reads as no label.
    "US- CN: Initiated" is ("US-CN", "Initiated"); "  1. Initiated" is (None, "Initiated")."""
    pair = _PAIR.match(line)
    if pair:
        label = pair.group(3).strip()
        return (f"{pair.group(1)}-{pair.group(2)}", label) if label_status(label) else None
    label = _NUMBERED.sub("", line).strip()
    return (None, label) if label and label_status(label) else None


def is_status_cell(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(status_line(line) is not None for line in lines)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class FileIndex:
    """The regular files of a sources folder, hashed on first need."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[str, Path] | None = None

    def named(self, name: str) -> Path | None:
        path = self.folder / name
        try:
            inside = path.resolve().is_relative_to(self.folder.resolve())
            return path if inside and path.is_file() else None
        except (OSError, ValueError):  # ValueError: a NUL in the name
            return None

    def _files(self) -> Iterator[Path]:
        for dirpath, dirnames, filenames in os.walk(self.folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_file():
                    yield path

    def by_hash(self, sha256: str) -> Path | None:
        if self._hashes is None:
            self._hashes = {}
            for path in self._files():
                try:
                    self._hashes.setdefault(_sha256(path), path)
                except OSError:
                    continue
        return self._hashes.get(sha256)

    def hash_of(self, path: Path) -> str:
        return _sha256(path)


_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def _day_forms(year: int, month: int, day: int) -> list[str]:
    name = month_name(month)
    short = [name[:3] + "."] + (["Sept."] if month == 9 else [])
    forms = [
        f"{name} {day}, {year}",
        f"{name} {day} {year}",
        f"{day} {name} {year}",
        f"{year}-{month:02d}-{day:02d}",
    ]
    forms += [f"{abbr} {day}, {year}" for abbr in short]
    return forms


def written_forms(period: Period) -> list[str]:
    """How a document may write the period: "January 23, 2003", "23 January 2003", "March 2003",
    "Spring 2003", "mid-2005", "the end of 2003" (found as "2003"), ..."""
    year = period.end.year
    kind = period.kind
    if kind == "day":
        return _day_forms(period.start.year, period.start.month, period.start.day)
    if kind == "month":
        name = month_name(period.start.month)
        forms = [
            f"{name} {year}",
            f"{name}, {year}",
            f"{name} of {year}",
            f"{year}-{period.start.month:02d}",
            f"{name[:3]}. {year}",
        ]
        return forms
    if kind == "season":
        season = period.canonical.split("-", 1)[1]
        names = [season] + (["autumn"] if season == "fall" else [])
        return [form for name in names for form in (f"{name} {year}", f"{name} of {year}", f"{name}, {year}")]
    if kind == "part":
        part = period.canonical.split("-", 1)[1]
        if part == "mid":
            return [f"mid-{year}", f"mid {year}", f"middle of {year}"]
        return [f"{part} {year}", f"{part} in {year}", f"{part}-{year}"]
    if kind == "quarter":
        number = (period.start.month - 1) // 3 + 1
        return [f"Q{number} {year}", f"{year}-Q{number}", f"{_ORDINAL[number]} quarter of {year}"]
    if kind == "half":
        number = 1 if period.start.month == 1 else 2
        return [f"H{number} {year}", f"{_ORDINAL[number]} half of {year}"]
    return [str(year)]


@dataclass(frozen=True)
class Passage:
    """The source passage a status entry or an outcome points at (None when it cannot be found)."""

    kind: PassageKind
    report: str
    deadline: str | None  # the deadline of an outcome
    label: str  # e.g. "2004: completed" or "outcome of nexus-rainbow-bridge"
    found_by: str  # e.g. "heading #26", "locator 'dedicated NEXUS-FAST lane'", "date 2004-03"
    text: str | None
