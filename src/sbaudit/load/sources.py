"""The source documents as text: find a report's text in a folder (by file name or SHA-256), and
search it the way a reader compares wording: whitespace and line breaks ignored (the 2002 copy runs
words together), case ignored where the data quotes dates and phrases."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.periods import Period
from ..core.safe import UNSAFE
from ..core.vocab import PassageKind

__all__ = ["Passage", "SourceText", "FileIndex", "written_forms", "clean"]

_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def clean(text: str) -> str:
    """Text from a data file or a source, safe to print: every character a terminal may act on
    (the output's one list of them) shown as an escape; tabs and line breaks kept, as a diff needs."""
    return UNSAFE.sub(lambda m: m.group() if m.group() in "\t\n" else f"\\u{ord(m.group()):04x}", text)


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def _fold(text: str) -> str:
    # lower() may lengthen a character (İ); keep one character per character so offsets hold
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


@dataclass(frozen=True)
class SourceText:
    """A report's text (its files joined by blank lines), searchable without whitespace."""

    report: str
    names: tuple[str, ...]
    text: str
    squashed: str = field(repr=False)
    folded: str = field(repr=False)
    offsets: tuple[int, ...] = field(repr=False)
    paragraphs: tuple[tuple[int, int], ...] = field(repr=False)

    @classmethod
    def of(cls, report: str, parts: Iterable[tuple[str, str]]) -> SourceText:
        named = list(parts)
        text = "\n\n".join(body for _, body in named)
        offsets = tuple(index for index, ch in enumerate(text) if not ch.isspace())
        squashed = "".join(text[index] for index in offsets)
        starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
        ends = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
        return cls(
            report,
            tuple(name for name, _ in named),
            text,
            squashed,
            _fold(squashed),
            offsets,
            tuple(zip(starts, ends, strict=True)),
        )

    def find(self, phrase: str, exact: bool = False) -> list[int]:
        """Offsets in `text` where the phrase starts, whitespace ignored (and case, unless exact)."""
        needle = squash(phrase) if exact else _fold(squash(phrase))
        haystack = self.squashed if exact else self.folded
        if not needle:
            return []
        found = []
        start = haystack.find(needle)
        while start >= 0:
            found.append(self.offsets[start])
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

    def heading(self, number: str) -> int | None:
        """Offset of a numbered heading (`#26 FINGERPRINTS`) at the start of a line."""
        found = re.search(rf"(?m)^[ \t]*#{re.escape(number)}(?!\d)", self.text)
        return found.start() if found else None

    def _index(self, offset: int) -> int:
        return max(0, bisect.bisect_right([start for start, _ in self.paragraphs], offset) - 1)

    def _para(self, index: int) -> str:
        start, end = self.paragraphs[index]
        return self.text[start:end].strip()

    def passage(self, offset: int) -> str:
        """The paragraph holding `offset`, with the short lines right under it (a status label in a
        table) or, for a numbered heading, the heading's whole section."""
        index = self._index(offset)
        lines = [self._para(index)]
        is_heading = lines[0].startswith("#")
        for following in range(index + 1, min(index + 5, len(self.paragraphs))):
            text = self._para(following)
            if text.startswith("#"):
                break
            lines_of = text.splitlines()
            label = len(lines_of) <= 3 and all(len(line) <= 60 for line in lines_of)
            if is_heading or (label and following <= index + 2):
                lines.append(text)
                continue
            break
        return "\n\n".join(lines)


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
        except (OSError, ValueError):  # ValueError: a NUL in the name
            return None
        return path if inside and path.is_file() else None

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


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def _day_forms(year: int, month: int, day: int) -> list[str]:
    name = _MONTHS[month - 1]
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
        name = _MONTHS[period.start.month - 1]
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
    """The source paragraph a status entry or an outcome points at (None when it cannot be found)."""

    kind: PassageKind
    report: str
    deadline: str | None  # the deadline of an outcome
    label: str  # e.g. "2004: completed" or "outcome of nexus-rainbow-bridge"
    found_by: str  # e.g. "heading #26", "locator 'dedicated NEXUS-FAST lane'", "date 2004-03"
    text: str | None
