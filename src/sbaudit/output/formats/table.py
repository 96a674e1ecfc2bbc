from __future__ import annotations

import io
import os
import sys
from typing import Any

from .base import Section, View, cell_text

_MIN_WIDTH = 8
_LONG_FLOOR = 24


def column_widths(section: Section, shown: list[int], width: int) -> list[int]:
    """Natural widths (the longest cell; headers may wrap between words), then the widest column
    shrunk until the table fits: long columns first down to 24, then any down to 8. Fixed widths
    also spare rich from measuring every cell."""
    natural = [
        max([*(len(word) for word in section.columns[i].split()), *(len(cell_text(row[i])) for row in section.rows)])
        for i in shown
    ]
    room = width - (3 * len(shown) + 1)  # borders and one space of padding each side
    for floor in (_LONG_FLOOR, _MIN_WIDTH):
        while sum(natural) > room:
            widest = max(range(len(natural)), key=lambda k: natural[k])
            if natural[widest] <= floor:
                break
            natural[widest] -= 1
    return natural


def output_width() -> int:
    """COLUMNS when set (on a terminal or not), else the terminal's width, else 100."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """Prose folded at spaces only: an id, a date or a number never breaks."""
    import textwrap

    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or first.rstrip()


def _document(console: Any, view: View, width: int) -> None:
    previous = ""
    for block in view.document:
        if block.kind == "heading":
            if previous:
                console.print()
            console.print(_wrap(block.text, width), style="bold")
        elif block.kind == "entry":
            indent = "  " * block.level
            console.print(_wrap(block.text, width, indent[:-2] + "- ", indent))
        else:
            if previous == "entry":
                console.print()
            console.print(_wrap(block.text, width))
        previous = block.kind


def render_table(view: View) -> str:
    """Rich tables; colour only for a terminal without NO_COLOR, plain text otherwise."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = sys.stdout.isatty()
    colour = terminal and not os.environ.get("NO_COLOR")
    width = output_width()
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=colour, no_color=not colour, highlight=False,
        emoji=False, markup=False,
    )
    if view.heading:
        console.print(view.heading, style="bold")
    if view.lead:
        console.print(_wrap(view.lead, width))
        console.print()
    if view.document:
        _document(console, view, width)
        return buffer.getvalue()
    for section in view.sections:
        if not section.rows:
            console.print(f"{section.title}: none")
            console.print()
            continue
        table = Table(title=f"{section.title} ({len(section.rows)})", title_justify="left",
                      title_style="bold", caption=section.note or None, caption_justify="left")
        shown = [i for i, name in enumerate(section.columns) if name not in section.wide]
        for index, size in zip(shown, column_widths(section, shown, width), strict=True):
            table.add_column(section.columns[index], overflow="fold", width=size)
        alerts = {section.columns.index(name) for name in section.alert if name in section.columns}
        for row in section.rows:
            table.add_row(*(
                Text(cell_text(row[index]), style="bold red" if index in alerts else "")
                for index in shown
            ))
        console.print(table)
        console.print()
    for line in view.footer:
        console.print(line)
    return buffer.getvalue()
