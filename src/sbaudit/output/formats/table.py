from __future__ import annotations

import io
import os
import sys
from typing import Any

from ...core.safe import CELL_LIMIT, PROSE_LIMIT, cap, visible
from ...core.vocab import BlockKind, assert_never
from .base import Cell, Section, View, cell_text
from .layout import fit_reference, plan, records


def output_width() -> int:
    """COLUMNS when set (on a terminal or not), else the terminal's width, else 100."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _line(text: str) -> str:
    """A heading, title, note or footer as a terminal shows it: escaped, cut short."""
    return cap(visible(text), PROSE_LIMIT)


def _cell(value: Cell) -> Cell:
    """A cell as a terminal shows it: control characters escaped (line breaks kept), cut short;
    numbers stay numbers."""
    if not isinstance(value, str):
        return value
    return cap(visible(value, keep_newlines=True), CELL_LIMIT)


def _shown(section: Section) -> Section:
    """The section as a terminal may show it: every text escaped, every cell bounded, before
    anything measures it. Column names are escaped alike wherever they are named."""

    def names(found: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(visible(name) for name in found)

    return section._replace(
        title=_line(section.title),
        note=_line(section.note),
        columns=names(section.columns),
        prose=names(section.prose),
        references=names(section.references),
        alert=names(section.alert),
        optional=names(section.optional),
        rows=tuple(tuple(_cell(value) for value in row) for row in section.rows),
    )


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """Prose folded at spaces only: an id, a date or a number never breaks. Control characters
    are escaped; a text longer than PROSE_LIMIT is cut."""
    import textwrap

    text = cap(visible(text, keep_newlines=True), PROSE_LIMIT)
    return (
        textwrap.fill(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        or first.rstrip()
    )


def _document(console: Any, view: View, width: int) -> None:
    # _wrap has laid the lines out; soft_wrap keeps rich from folding them again, so a word
    # longer than the line (a web address) stays whole for the terminal to wrap and a reader to copy
    previous: BlockKind | None = None
    for block in view.document:
        if block.kind is BlockKind.HEADING:
            if previous:
                console.print()
            console.print(_wrap(block.text, width), style="bold", soft_wrap=True)
        elif block.kind is BlockKind.ENTRY:
            indent = "  " * block.level
            console.print(_wrap(block.text, width, indent[:-2] + "- ", indent), soft_wrap=True)
        elif block.kind is BlockKind.PARA:
            if previous is BlockKind.ENTRY:
                console.print()
            console.print(_wrap(block.text, width), soft_wrap=True)
        else:
            assert_never(block.kind)
        previous = block.kind


def _section(console: Any, section: Section, width: int, plain: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    title = f"{section.title} ({len(section.rows)})" if section.counted else section.title
    if not section.rows:
        console.print(f"{section.title}: none")
        console.print()
        return
    fitted = plan(section, width)
    if fitted is None:
        console.print(_wrap(title, width), style="bold")
        for line in records(section, width):
            console.print(line)
        console.print()
        return
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        caption=section.note or None,
        caption_justify="left",
    )
    for index, size in zip(fitted.shown, fitted.widths, strict=True):
        name = section.columns[index]
        table.add_column(
            name,
            width=size,
            overflow="fold" if name in section.prose else "ellipsis",
            justify="right" if _numeric(section, index) else "left",
        )
    alerts = {section.columns.index(name) for name in section.alert if name in section.columns}
    references = {section.columns.index(name) for name in section.references if name in section.columns}
    sizes = dict(zip(fitted.shown, fitted.widths, strict=True))
    if plain:
        _laid_out(table, section, fitted.shown, sizes, references)
    else:
        for row in section.rows:
            cells = []
            for index in fitted.shown:
                text = cell_text(row[index])
                if index in references:
                    text = fit_reference(text, sizes[index])
                cells.append(Text(text, style="bold red" if index in alerts else ""))
            table.add_row(*cells)
    console.print(table)
    console.print()


class _Laid:
    """A column's cells already laid out: lines exactly as wide as the column, padding included,
    so that rich only draws them."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        line = Segment.line()
        for text in self.lines:
            yield Segment(text)
            yield line


def _laid_out(
    table: Any, section: Section, shown: tuple[int, ...], sizes: dict[int, int], references: set[int]
) -> None:
    """Without colour: every cell laid out here, once, into the very lines rich would make of it
    (its wrapping, justification and one space of padding each side), the rows stacked into one
    row of the table (rows have no rule between them, so the text is the same); rich then draws
    the borders, header, title and caption without measuring a cell again."""
    from rich._wrap import (
        divide_line,
    )  # rich's own line breaking, so lines break where its Text.wrap breaks them
    from rich.cells import cell_len, set_cell_size
    from rich.padding import Padding

    table.padding = (0, 0)
    columns: list[list[str]] = []
    for column, index in zip(table.columns, shown, strict=True):
        column.width = sizes[index] + 2
        column.header = Padding(column.header, (0, 1))
        columns.append([])
    specs = [
        (sizes[index], column.justify == "right", column.overflow)
        for column, index in zip(table.columns, shown, strict=True)
    ]
    for row in section.rows:
        cells = []
        for (width, right, overflow), index in zip(specs, shown, strict=True):
            text = cell_text(row[index])
            if index in references:
                text = fit_reference(text, width)
            cells.append(_lines(text, width, right, overflow, cell_len, set_cell_size, divide_line))
        height = max(len(lines) for lines in cells)
        for (width, _, _), lines, out in zip(specs, cells, columns, strict=True):
            out += lines
            out += [" " * (width + 2)] * (height - len(lines))
    table.add_row(*(_Laid(lines) for lines in columns))


def _lines(
    text: str, width: int, right: bool, overflow: str, cell_len: Any, set_cell_size: Any, divide_line: Any
) -> list[str]:
    """The lines of one cell, padded: what rich's Text.wrap makes of plain text, step by step."""
    if "\n" not in text and len(text) <= width:
        size = cell_len(text)
        if size <= width:  # fits: no break, only the padding
            if right:
                text = text.rstrip()
                return [f" {' ' * (width - cell_len(text))}{text} "]
            return [f" {text}{' ' * (width - size)} "]
    out = []
    for line in text.split("\n"):
        offsets = divide_line(line, width, fold=overflow == "fold")
        bounds = [0, *offsets, len(line)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            piece = line[start:end]
            if len(piece) > width:  # Text.rstrip_end: trailing spaces beyond the width go
                spaces = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(spaces, len(piece) - width)]
            if right:
                piece = _truncate(piece.rstrip(), width, overflow, cell_len, set_cell_size)
                piece = " " * (width - cell_len(piece)) + piece
            else:
                piece = _truncate(piece, width, overflow, cell_len, set_cell_size, pad=True)
            out.append(f" {_truncate(piece, width, overflow, cell_len, set_cell_size)} ")
    return out


def _truncate(
    text: str, width: int, overflow: str, cell_len: Any, set_cell_size: Any, pad: bool = False
) -> str:
    """Text.truncate on plain text."""
    length = cell_len(text)
    if length > width:
        text = set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


def _numeric(section: Section, index: int) -> bool:
    """A column of counts, months, rates and medians is set flush right (a year or a report id
    written as text is not a number)."""
    import re

    values = [row[index] for row in section.rows if row[index] not in (None, "")]
    return bool(values) and all(
        isinstance(value, (int, float)) or re.fullmatch(r"[0-9]+\.[0-9]+|[0-9]+%", str(value))
        for value in values
    )


def render_table(view: View) -> str:
    """Rich tables; colour only for a terminal without NO_COLOR, plain text otherwise."""
    from rich.console import Console

    terminal = sys.stdout.isatty()
    colour = terminal and not os.environ.get("NO_COLOR")
    width = output_width()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if view.heading:
        console.print(_line(view.heading), style="bold")
    if view.lead:
        console.print(_wrap(view.lead, width))
        console.print()
    if view.document:
        _document(console, view, width)
        return _trimmed(buffer.getvalue())
    for section in view.sections:
        _section(console, _shown(section), width, not colour)
    for line in view.footer:
        console.print(_line(line))
    return _trimmed(buffer.getvalue())


def _trimmed(text: str) -> str:
    """Without the spaces rich pads lines with: pipes, files and diffs see only what is there."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
