from __future__ import annotations

import csv
import io

from ...core.safe import csv_cell
from .base import View


def render_csv(view: View) -> str:
    """One table: the view's tidy table when it has one; else its sections, a leading `section`
    column telling them apart when there are several. Every cell goes through csv_cell (no
    formula, no control character); numbers stay numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if view.tidy is not None:
        writer.writerow([csv_cell(name) for name in view.tidy.columns])
        writer.writerows([csv_cell(value) for value in row] for row in view.tidy.rows)
        return out.getvalue()
    several = len(view.sections) > 1
    header_written: tuple[str, ...] | None = None
    for section in view.sections:
        columns = (("section",) if several else ()) + section.columns
        if header_written != columns:
            if header_written is not None:
                writer.writerow([])
            writer.writerow([csv_cell(name) for name in columns])
            header_written = columns
        for row in section.rows:
            prefix = [section.title] if several else []
            writer.writerow([csv_cell(value) for value in (*prefix, *row)])
    return out.getvalue()
