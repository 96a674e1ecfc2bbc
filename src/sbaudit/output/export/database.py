"""The tables as a SQLite database (the standard library's sqlite3): keys, foreign keys, indexes
and a few views for the common questions, and the Datasette metadata that describes them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..shapes import FORMAT_VERSION
from .tables import Table

__all__ = ["APPLICATION_ID", "View", "views", "write_database", "metadata"]

# PRAGMA application_id of every database sbaudit exports ("sbau"): how `export` knows a file it
# may replace from one it must not touch
APPLICATION_ID = 0x73626175


@dataclass(frozen=True)
class View:
    name: str
    title: str
    description: str
    sql: str
    facets: tuple[str, ...] = ()


def views(group_columns: tuple[str, ...]) -> list[View]:
    """The common questions as SQL views. A program's latest status report is the last status
    report in publication order."""
    groups = "".join(f", i.{name}" for name in group_columns)
    latest = (
        "SELECT r.id FROM reports r WHERE r.kind = 'status' AND r.position = "
        "(SELECT max(r2.position) FROM reports r2 WHERE r2.program = r.program AND r2.kind = 'status')"
    )
    return [
        View(
            "latest_states",
            "Where each deadline stands",
            "Every deadline's state at the latest status report of its program, with its item's title and grouping.",
            f"SELECT s.*, d.what, i.title{groups} FROM states s JOIN items i ON i.id = s.item "
            f"JOIN deadlines d ON d.item = s.item AND d.target = s.target WHERE s.report IN ({latest})",
            ("program", "fate", *group_columns),
        ),
        View(
            "fate_counts",
            "Deadlines by fate at each status report",
            "How many deadline states have each fate at each status report (partner pairs counted apart where "
            "their stories differ): the counts `sbaudit summary` shows.",
            "SELECT s.report, r.position AS report_position, s.program, s.fate, f.position AS fate_position, "
            "count(*) AS deadlines FROM states s JOIN reports r ON r.id = s.report JOIN fates f ON f.name = s.fate "
            "WHERE r.kind = 'status' GROUP BY s.report, s.fate ORDER BY r.position, f.position",
            ("program", "fate"),
        ),
        View(
            "on_time_rates",
            "On-time rate at each status report",
            "Met on time over every deadline whose timing a report's word decides (met on time or late, passed "
            "unmet as a report after the date says, re-dated only after it passed); dates passed with no word "
            "since are counted apart (passed_silent).",
            "SELECT s.report, s.program, sum(f.on_time) AS met_on_time, sum(f.decided AND f.met AND NOT f.on_time) "
            "AS met_late, sum(f.decided AND NOT f.met) AS passed_or_redated, sum(f.silent) AS passed_silent, "
            "sum(f.decided) AS decided, "
            "round(1.0 * sum(f.on_time) / nullif(sum(f.decided), 0), 3) AS on_time_rate "
            "FROM states s JOIN reports r ON r.id = s.report JOIN fates f ON f.name = s.fate "
            "WHERE r.kind = 'status' GROUP BY s.report ORDER BY r.position",
        ),
        View(
            "slips",
            "Dates met late, passed unmet or re-dated after they passed",
            "Every deadline met late, passed unmet as a report after the date says, or re-dated only after it "
            "passed, at a status report, with the months it slipped, longest first.",
            f"SELECT s.report, s.item, s.target, s.partner, s.fate, "
            f"coalesce(s.late_months, s.overdue_months) AS months, "
            f"s.original, s.current, d.what, i.title{groups} FROM states s JOIN reports r ON r.id = s.report "
            f"JOIN fates f ON f.name = s.fate JOIN items i ON i.id = s.item "
            f"JOIN deadlines d ON d.item = s.item AND d.target = s.target "
            f"WHERE r.kind = 'status' AND f.decided AND NOT f.on_time "
            f"ORDER BY r.position, months DESC, s.item, s.target",
            ("report", "fate", *group_columns),
        ),
        View(
            "latest_status",
            "Each item's latest status",
            "Each item's status at the latest report that gave it one, and how it was established.",
            f"SELECT i.id AS item, i.program, i.title{groups}, e.report, e.status, e.basis, e.label, e.note "
            "FROM items i LEFT JOIN status_entries e ON e.item = i.id AND e.report = ("
            "SELECT e2.report FROM status_entries e2 JOIN reports r2 ON r2.id = e2.report "
            "WHERE e2.item = i.id ORDER BY r2.position DESC LIMIT 1)",
            ("program", "status", "basis", *group_columns),
        ),
    ]


def _create(table: Table) -> str:
    columns = []
    for column in table.columns:
        text = f'"{column.name}" {column.type}'
        if column.references:
            other, _, key = column.references.partition(".")
            text += f' REFERENCES "{other}"("{key}")'
        columns.append(text)
    key = ", ".join(f'"{name}"' for name in table.key)
    return f'CREATE TABLE "{table.name}" ({", ".join(columns)}, PRIMARY KEY ({key}))'


def write_database(tables: list[Table], shown: list[View], path: Path) -> None:
    """A new database at `path` (which must not exist) holding the tables and views; a foreign
    key that points nowhere is an error, never written."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        for table in tables:
            connection.execute(_create(table))
            marks = ", ".join("?" for _ in table.columns)
            connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', table.rows)
            for index in table.indexes:
                name = f"{table.name}_by_{'_'.join(index)}"
                listed = ", ".join(f'"{column}"' for column in index)
                connection.execute(f'CREATE INDEX "{name}" ON "{table.name}" ({listed})')
        for view in shown:
            connection.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValueError(f"export: {len(broken)} reference(s) point nowhere, e.g. {broken[0]}")
        connection.commit()
    finally:
        connection.close()


def is_export(path: Path) -> bool:
    """Whether the file is a database sbaudit exported (read only, never changed)."""
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
            handle.seek(68)  # the application id, big-endian, in the database header
            return int.from_bytes(handle.read(4), "big") == APPLICATION_ID
    except OSError:
        return False


def metadata(
    tables: list[Table], shown: list[View], database: str, sources: list[dict[str, str]]
) -> dict[str, Any]:
    """Datasette's metadata: titles, descriptions, sources, column descriptions and facets.
    `sources`: each report's id, title and citation (and address, where the data gives one)."""
    cited = "; ".join(f"{s['id']}: {s['title']}" for s in sources)
    described: dict[str, Any] = {}
    for table in tables:
        described[table.name] = {
            "title": table.title,
            "description": table.description,
            "columns": {column.name: column.description for column in table.columns},
            **({"facets": list(table.facets)} if table.facets else {}),
        }
    for view in shown:
        described[view.name] = {
            "title": view.title,
            "description": view.description,
            **({"facets": list(view.facets)} if view.facets else {}),
        }
    urls = [s["url"] for s in sources if s.get("url")]
    return {
        "title": "sbaudit: what was promised, by when, and what each later report says happened",
        "description": "The progress audit of government action plans as sbaudit records and judges it: "
        "every item, dated promise, revision, outcome and status, and each deadline's fate at each report.",
        "source": f"The reports audited ({cited})",
        **({"source_url": urls[0]} if len(urls) == 1 else {}),
        "sbaudit_export": FORMAT_VERSION,
        "databases": {database: {"tables": described}},
    }
