"""Fitting a section to a terminal width without ever breaking an identifier, a date, a number or
a status word: prose columns wrap between words, the other columns only between the words of a
cell (each word stays whole), optional columns are left out when room runs short, and when even
the essential columns cannot fit the section is shown as records, one block per row."""

from __future__ import annotations

from typing import Any, NamedTuple

from .base import Section, cell_text

# a prose column is never made narrower than this (or its longest word, when shorter)
PROSE_FLOOR = 20
# prose is narrowed below this only when the other columns cannot give way
PROSE_COMFORT = 32


class Plan(NamedTuple):
    """The columns a table shows (indexes into the section's columns) and their widths."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]


def _longest_word(texts: list[str], slash: bool = False) -> int:
    words = [word for text in texts for word in text.split()]
    if slash:  # "item/target" may break after the slash: its parts stay whole
        words = [part for word in words for part in _slash_parts(word)]
    return max((len(word) for word in words), default=0)


def _slash_parts(word: str) -> list[str]:
    head, slash, tail = word.partition("/")
    return [head + slash, tail] if slash and tail else [word]


def fit_reference(text: str, width: int) -> str:
    """A reference cell for a column `width` wide: broken after its slash when it does not fit."""
    if len(text) <= width:
        return text
    return "\n".join(
        " ".join(_slash_parts(word)) if len(word) > width else word for word in text.split(" ")
    ).replace("/ ", "/\n")


def _needs(section: Section, index: int) -> tuple[int, int]:
    """(narrowest, natural) width of one column: the natural width is its longest cell; the
    narrowest keeps every word whole (headers wrap between their words)."""
    name = section.columns[index]
    cells = [cell_text(row[index]) for row in section.rows]
    natural = max([len(text) for text in cells] + [_longest_word([name])])
    narrowest = max(_longest_word(cells, name in section.references), _longest_word([name]), 1)
    if name in section.prose:  # prose may fold a word longer than the floor
        narrowest = max(min(natural, PROSE_FLOOR), _longest_word([name]))
    return narrowest, natural


def plan(section: Section, width: int) -> Plan | None:
    """The table that fits `width`, or None when the section must be shown as records."""
    shown = list(range(len(section.columns)))
    needs = {index: _needs(section, index) for index in shown}
    optional = [section.columns.index(name) for name in section.optional if name in section.columns]

    def room() -> int:
        return width - (3 * len(shown) + 1)  # borders, and one space of padding each side

    while sum(needs[i][0] for i in shown) > room() and optional:
        shown.remove(optional.pop(0))
    if sum(needs[i][0] for i in shown) > room():
        return None
    widths = {i: needs[i][1] for i in shown}
    excess = sum(widths.values()) - room()
    # prose gives way first down to a comfortable width, then references (a break after the
    # slash), then the other columns (between whole words), then prose down to its floor;
    # widest first within each step
    references = [i for i in shown if section.columns[i] in section.references]
    prose = [i for i in shown if section.columns[i] in section.prose]
    others = [i for i in shown if i not in references and i not in prose]
    for group, floor in ((prose, PROSE_COMFORT), (references, 0), (others, 0), (prose, 0)):
        while excess > 0:
            lowest = {i: max(needs[i][0], min(floor, needs[i][1])) for i in group}
            slack = [i for i in group if widths[i] > lowest[i]]
            if not slack:
                break
            widest = max(slack, key=lambda i: (widths[i], -i))
            second = max([widths[i] for i in slack if i != widest] + [lowest[widest]])
            step = min(excess, widths[widest] - max(second, lowest[widest]) or 1)
            widths[widest] -= step
            excess -= step
    return Plan(tuple(shown), tuple(widths[i] for i in shown))


def records(section: Section, width: int) -> list[str]:
    """Each row as a block: its first cell, its prose on lines of its own, then the other cells
    as `column: value`, folded between whole words."""
    import textwrap

    def fold(text: str, first: str, rest: str) -> list[str]:
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [first.rstrip()]

    lines: list[str] = []
    for row in section.rows:
        first = cell_text(row[0])
        lines += (
            fold(first, "- ", "  ")
            if len(first) + 2 <= width or section.columns[0] not in section.references
            else ["- " + part for part in fit_reference(first, width - 2).split("\n")[:1]]
            + ["  " + part for part in fit_reference(first, width - 2).split("\n")[1:]]
        )
        facts = []
        for index, name in enumerate(section.columns[1:], start=1):
            value = cell_text(row[index])
            if not value:
                continue
            if name in section.prose:
                lines += fold(value, "  ", "  ")
            else:
                facts.append(f"{name}: {value}")
        lines += _facts(facts, width, fold)
    return lines


def _facts(facts: list[str], width: int, fold: Any) -> list[str]:
    """`column: value` pairs joined by " · ", a line broken only between two pairs (or, for a
    pair longer than a line, between its words)."""
    lines: list[str] = []
    line = ""
    for fact in facts:
        candidate = f"{line} · {fact}" if line else f"  {fact}"
        if len(candidate) <= width or not line:
            line = candidate
            continue
        lines.append(line)
        line = f"  {fact}"
    if line:
        lines += [line] if len(line) <= width else fold(line.strip(), "  ", "  ")
    return lines
