"""The table `sbaudit import` reads: a CSV with a header row, one row per item (or per partner
pair where the report splits the status), and the status labels reports print."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Problem
from ..load.sources import clean

__all__ = ["COLUMNS", "CONTROL", "Row", "read_table"]

COLUMNS = (
    "item",
    "partner",
    "raw",
    "status",
    "basis",
    "note",
    "evidence",
    "locator",
    "deadline",
    "due",
    "period",
    "outcome",
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Row:
    """One table row: its physical line in the table and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()


# -- reading the table ---------------------------------------------------------------------------


def read_table(table: Path, problems: list[Problem]) -> tuple[list[str], list[Row]]:
    """The header and the rows; what is wrong goes to `problems`, with the row and column."""
    shown = str(table)
    try:
        raw = table.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 0, 0, f"cannot read the table: {exc.strerror or exc}", "import-table"))
        return [], []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, 0, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", "import-table")
        )
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not header:
                header = [cell.strip() for cell in cells]
                for index, name in enumerate(header, start=1):
                    if name not in COLUMNS:
                        problems.append(
                            Problem(
                                shown,
                                line,
                                index,
                                f"unknown column {clean(name)!r} (columns: {', '.join(COLUMNS)})",
                                "import-table",
                            )
                        )
                    elif header.index(name) != index - 1:
                        problems.append(
                            Problem(shown, line, index, f"column {name!r} appears twice", "import-table")
                        )
                for name in ("item", "status"):
                    if name not in header:
                        problems.append(
                            Problem(shown, line, 0, f"the header has no {name!r} column", "import-table")
                        )
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        shown,
                        line,
                        min(len(cells), len(header)) + 1,
                        f"{len(cells)} cells where the header has {len(header)} columns",
                        "import-table",
                    )
                )
                continue
            rows.append(Row(line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(Problem(shown, reader.line_num, 0, f"not a valid CSV table: {exc}", "import-table"))
    if not header:
        problems.append(Problem(shown, 1, 0, "the table is empty: it needs a header row", "import-table"))
    return header, rows
