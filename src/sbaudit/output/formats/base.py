"""The shape every command's result takes before it is rendered."""

from __future__ import annotations

from typing import NamedTuple

from ...core.vocab import BlockKind

Cell = str | int | float | None


class Section(NamedTuple):
    """A titled table: column names and rows of plain cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    # columns whose non-empty cells deserve a warning colour in a terminal
    alert: tuple[str, ...] = ()
    # columns of prose: a terminal table wraps them between words (the others keep each word whole)
    prose: tuple[str, ...] = ()
    # columns of references (item/target): a narrow column breaks one after the "/", never inside a name
    references: tuple[str, ...] = ()
    # whether the title shows the number of rows (not for a table of counts)
    counted: bool = True
    # columns a narrow terminal may leave out, the first named first (CSV, JSON and Markdown keep them)
    optional: tuple[str, ...] = ()


class Block(NamedTuple):
    """A piece of prose in a document view: a heading (level 2 or 3), a paragraph, or a list
    entry (level 1, or 2 for an entry under an entry)."""

    kind: BlockKind
    text: str
    level: int = 1


class View(NamedTuple):
    """A result: `data` is the JSON document; `sections` what the tabular formats show."""

    data: object
    sections: tuple[Section, ...] = ()
    heading: str = ""
    footer: tuple[str, ...] = ()
    # the finding in words, printed under the heading
    lead: str = ""
    # a document to read top to bottom, shown instead of the sections by table and Markdown
    document: tuple[Block, ...] = ()
    # what the command says of the result on stderr (the totals), never part of the output
    summary: tuple[str, ...] = ()
    # the result as one tidy table (snake_case columns, one value per cell, a `section` column
    # where the command has sections): what CSV writes
    tidy: Section | None = None


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    return str(value)


def tidy_table(records: list[dict[str, Cell]], columns: tuple[str, ...] = ()) -> Section:
    """One tidy table from rows given as records: the columns named, else every key in the order
    the records first give it; a key a record lacks is an empty cell."""
    names = columns or tuple(dict.fromkeys(key for record in records for key in record))
    return Section("", names, tuple(tuple(record.get(name) for name in names) for record in records))
