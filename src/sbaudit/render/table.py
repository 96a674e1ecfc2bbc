from __future__ import annotations

import io
import os
import sys

from .base import View, cell_text


def render_table(view: View) -> str:
    """Rich tables; colour only for a terminal without NO_COLOR, plain text otherwise."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = None if sys.stdout.isatty() else 100
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width or 100, force_terminal=colour, no_color=not colour, highlight=False,
        emoji=False, markup=False,
    )
    if view.heading:
        console.print(view.heading, style="bold")
    for section in view.sections:
        table = Table(title=f"{section.title} ({len(section.rows)})", title_justify="left",
                      title_style="bold", show_lines=False, expand=False)
        shown = [i for i, name in enumerate(section.columns) if name not in section.wide]
        for index in shown:
            longest = max((len(cell_text(row[index])) for row in section.rows), default=0)
            table.add_column(section.columns[index], overflow="fold", no_wrap=longest <= 12)
        alerts = {section.columns.index(name) for name in section.alert if name in section.columns}
        for row in section.rows:
            table.add_row(*(
                Text(cell_text(row[index]), style="bold red" if index in alerts else "")
                for index in shown
            ))
        if section.note:
            table.caption = section.note
            table.caption_justify = "left"
        if section.rows:
            console.print(table)
        else:
            console.print(f"{section.title}: none")
        console.print()
    for line in view.footer:
        console.print(line)
    return buffer.getvalue()

