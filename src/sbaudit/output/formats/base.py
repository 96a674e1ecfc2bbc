"""The shape every command's result takes before it is rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = str | int | float | None


@dataclass(frozen=True)
class Section:
    """A titled table: column names and rows of plain cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    # columns whose non-empty cells deserve a warning colour in a terminal
    alert: tuple[str, ...] = ()
    # long columns a terminal table leaves out (JSON, CSV and Markdown keep them)
    wide: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A piece of prose in a document view: a heading (level 2 or 3), a paragraph, or a list
    entry (level 1, or 2 for an entry under an entry)."""

    kind: str  # heading | para | entry
    text: str
    level: int = 1


@dataclass(frozen=True)
class View:
    """A result: `data` is the JSON document; `sections` what the tabular formats show."""

    data: object
    sections: tuple[Section, ...] = ()
    heading: str = ""
    footer: tuple[str, ...] = field(default=())
    # the finding in words, printed under the heading
    lead: str = ""
    # a document to read top to bottom, shown instead of the sections by table and Markdown
    document: tuple[Block, ...] = field(default=())
    # what the command says of the result on stderr (the totals), never part of the output
    summary: tuple[str, ...] = field(default=())


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    return str(value)
