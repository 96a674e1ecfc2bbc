"""`sbaudit export`: the audit as a SQLite database (served by a real Datasette process), as CSV
files (read by the sqlite3 shell and pandas) and as NDJSON; and writing that never loses data."""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import WriteRoot
from sbaudit.audit.knowledge import Knowledge, Scope
from sbaudit.audit.summary import summary
from sbaudit.cli import app
from sbaudit.core.vocab import Fate
from sbaudit.load.data_root import load_dataset
from sbaudit.output import export as export_module
from sbaudit.output.export import MANIFEST, export

runner = CliRunner()
TABLES = {
    "fates", "statuses", "programs", "program_partners", "reports", "report_aliases", "report_texts",
    "items", "item_aliases", "links", "deadlines", "revisions", "outcomes", "status_entries",
    "partner_statuses", "states",
}  # fmt: skip
VIEWS = {"latest_states", "fate_counts", "on_time_rates", "slips", "latest_status"}


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def kn() -> Knowledge:
    from sbaudit.load.locations import packaged_root

    return Knowledge(load_dataset(packaged_root()))


@pytest.fixture(scope="module")
def database(kn: Knowledge, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "audit.db"
    export(kn, target, "sqlite")
    return target


def query(database: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, args).fetchall()


def test_every_table_and_view_with_keys_and_indexes(database: Path) -> None:
    names = dict(query(database, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"))
    assert {n for n, t in names.items() if t == "table"} == TABLES
    assert {n for n, t in names.items() if t == "view"} == VIEWS
    for table in TABLES:
        keys = [row[1] for row in query(database, f'PRAGMA table_info("{table}")') if row[5]]
        assert keys, table
    assert query(database, "PRAGMA foreign_key_check") == []
    states_fk = {(row[2], row[3]) for row in query(database, "PRAGMA foreign_key_list(states)")}
    assert {("reports", "report"), ("items", "item"), ("fates", "fate")} <= states_fk
    indexes = {row[1] for row in query(database, "PRAGMA index_list(states)")}
    assert "states_by_item_target" in indexes and "states_by_fate" in indexes


def test_fates_come_from_the_audit_vocabulary(database: Path) -> None:
    assert [row[0] for row in query(database, "SELECT name FROM fates ORDER BY position")] == [
        f.value for f in Fate
    ]


def test_a_state_read_by_hand(database: Path) -> None:
    # sbap-08's API/PNR sharing was promised by spring 2003 (ends 2003-05-31); the 2004 report
    # dates the first phase to 2004-08-10: met late, 2003-05-31 to 2004-08-10 is 14 whole months
    [row] = query(
        database,
        "SELECT fate, late_months, done_from, done_to, met_by, original FROM states "
        "WHERE report = '2004' AND item = 'sbap-08' AND target = 'api-pnr-automated-sharing'",
    )
    assert row == ("met-late", 14, "2004-08-10", "2004-08-10", "2004", "2003-spring")
    # the same deadline at 2002 was open: no measure
    [row] = query(
        database,
        "SELECT fate, late_months, overdue_months, moved_months FROM states "
        "WHERE report = '2002' AND item = 'sbap-08' AND target = 'api-pnr-automated-sharing'",
    )
    assert row == ("open", None, None, None)
    # a split SPP milestone: one state per pair where their stories differ
    pairs = query(
        database,
        "SELECT scope, partner, fate, moved_months, current FROM states WHERE report = 'spp-2006' "
        "AND item = 'spp-traveller-security-01' AND target = 'recommendations' ORDER BY scope",
    )
    assert pairs == [("US-CN", "US-CN", "moved", 5, "2006-fall"), ("US-MX", "US-MX", "open", None, "2006-06")]


def test_every_state_is_the_audits(database: Path, kn: Knowledge) -> None:
    """Every row of `states` is Knowledge.deadline_states at its report, and nothing else."""
    expected = set()
    for report in kn.dataset.reports:
        scope = Scope(kn.at_report(report))
        for item in kn.dataset.items:
            if item.program != report.program or not kn.in_scope(item, scope):
                continue
            for deadline in item.deadlines:
                if kn.is_set(deadline, scope.moment):
                    for s in kn.deadline_states(item, deadline, scope):
                        expected.add((report.id, item.id, deadline.id, s.partner, str(s.fate), s.late_months,
                                      s.overdue_months, s.moved_months, s.current.canonical))  # fmt: skip
    found = set(
        query(
            database,
            "SELECT report, item, target, partner, fate, late_months, overdue_months, "
            "moved_months, current FROM states",
        )
    )
    assert found == expected and len(found) == query(database, "SELECT count(*) FROM states")[0][0]


def test_views_answer_as_summary_does(database: Path, kn: Knowledge) -> None:
    rows = summary(kn)
    assert rows
    for row in rows:
        counts = dict(
            query(database, "SELECT fate, deadlines FROM fate_counts WHERE report = ?", row.report.id)
        )
        assert counts == {fate: n for fate, n in row.fates.items() if n}, row.report.id
        [(rate,)] = query(database, "SELECT on_time_rate FROM on_time_rates WHERE report = ?", row.report.id)
        assert rate == row.on_time_rate
    # at 2004: 1 met on time of 8 decided (1 on time, 4 late, 3 passed unmet by the 2004 report's
    # word); the 3 that passed with no word since are counted apart
    assert query(
        database, "SELECT met_on_time, decided, passed_silent FROM on_time_rates WHERE report = '2004'"
    ) == [(1, 8, 3)]
    latest = query(database, "SELECT DISTINCT report FROM latest_states ORDER BY report")
    assert latest == [("2004",), ("spp-2006",)]
    status = query(database, "SELECT status, report, basis FROM latest_status WHERE item = 'sbap-08'")
    assert status == [("partially-completed", "2004", "assessed")]


def test_metadata_beside_the_database(database: Path) -> None:
    meta = json.loads((database.parent / "audit.metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["audit"]["tables"]
    assert set(tables) == TABLES | VIEWS
    for name in TABLES:
        columns = [row[1] for row in query(database, f'PRAGMA table_info("{name}")')]
        assert list(tables[name]["columns"]) == columns, name
        assert all(tables[name]["columns"].values()) and tables[name]["title"] and tables[name]["description"]
    assert "fate" in tables["states"]["facets"]
    assert "2004: Fifth status report on the Smart Border Action Plan" in meta["source"]


# -- Datasette --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # 127.0.0.1 only
        return json.loads(response.read())


@pytest.fixture(scope="module")
def datasette(database: Path) -> Iterator[str]:
    found = shutil.which("datasette", path=str(Path(sys.executable).parent)) or shutil.which("datasette")
    if found is None:
        pytest.skip("datasette is not installed (pip install -e '.[test]' installs it)")
    port = _free_port()
    meta = database.parent / "audit.metadata.json"
    process = subprocess.Popen(
        [found, "serve", str(database), "--metadata", str(meta), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to about 30 s for the server to listen; no time is asserted
            if process.poll() is not None:
                raise AssertionError(
                    f"datasette exited: {process.stderr.read().decode() if process.stderr else ''}"
                )
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("datasette did not start listening")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_datasette_serves_the_states(datasette: str) -> None:
    rows = _get(f"{datasette}/audit/states.json?_shape=array&report=2004&fate=met-late")
    # the four dates the 2004 report shows met late (README's diff 2002 2004), with their months
    assert sorted((r["item"], r["target"], r["late_months"]) for r in rows) == [
        ("sbap-03", "nexus-air-pilot-enrolment", 19),
        ("sbap-03", "nexus-whirlpool-bridge", 9),
        ("sbap-08", "api-pnr-automated-sharing", 14),
        ("sbap-17", "nafta-data-agreement-signed", 1),
    ]


def test_datasette_serves_the_views_facets_and_metadata(datasette: str) -> None:
    rates = _get(f"{datasette}/audit/on_time_rates.json?_shape=array")
    assert {r["report"]: (r["met_on_time"], r["decided"]) for r in rates} == {
        "2002": (0, 0),
        "2004": (1, 8),  # 1 on time, 4 late, 3 passed unmet by the 2004 report's word
        "spp-2006": (4, 23),  # 4 on time, 12 passed unmet by its word, 7 re-dated after they passed
    }
    table = _get(f"{datasette}/audit/states.json?_size=0")
    assert set(table["facet_results"]) >= {"report", "fate"}
    fates = {f["value"]: f["count"] for f in table["facet_results"]["fate"]["results"]}
    assert sum(fates.values()) == table["filtered_table_rows_count"]
    meta = _get(f"{datasette}/-/metadata.json")
    described = meta["databases"]["audit"]["tables"]["states"]["columns"]
    assert "whole" not in described["late_months"] and described["late_months"].startswith("Met late")
    sql = _get(
        f"{datasette}/audit.json?_shape=array&sql="
        + urllib.parse.quote("select count(*) as n from slips where report = '2004'")
    )
    # 4 met late and 3 passed unmet by the 2004 report's word (the 3 passed with no word since are not slips)
    assert sql == [{"n": 7}]


# -- CSV and NDJSON ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folders(kn: Knowledge, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("folders")
    export(kn, base / "csv", "csv")
    export(kn, base / "ndjson", "ndjson")
    return {"csv": base / "csv", "ndjson": base / "ndjson"}


def test_csv_files_load_as_they_are(folders: dict[str, Path], database: Path) -> None:
    pandas = pytest.importorskip("pandas")
    for table in TABLES:
        path = folders["csv"] / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        columns = [row[1] for row in query(database, f'PRAGMA table_info("{table}")')]
        assert header == columns
        assert len(rows) == query(database, f'SELECT count(*) FROM "{table}"')[0][0]
        frame = pandas.read_csv(path, dtype_backend="numpy_nullable")
        assert len(frame) == len(rows)
    frame = pandas.read_csv(folders["csv"] / "states.csv", dtype_backend="numpy_nullable")
    for column in ("late_months", "overdue_months", "moved_months"):
        assert str(frame[column].dtype) == "Int64", column


def test_csv_files_load_into_the_sqlite3_shell(folders: dict[str, Path], tmp_path: Path) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("no sqlite3 shell on this machine")
    commands = "".join(f".import --csv {folders['csv'] / t}.csv {t}\n" for t in sorted(TABLES))
    commands += "SELECT count(*) FROM states WHERE late_months GLOB '*[^0-9]*';\n"
    commands += "SELECT count(*) FROM states WHERE report = '2004' AND fate = 'met-late';\n"
    done = subprocess.run(
        [shell, str(tmp_path / "loaded.db")], input=commands, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.split() == ["0", "4"]


def test_ndjson_one_object_per_row(folders: dict[str, Path], database: Path) -> None:
    for table in TABLES:
        lines = (folders["ndjson"] / f"{table}.ndjson").read_text(encoding="utf-8").splitlines()
        assert len(lines) == query(database, f'SELECT count(*) FROM "{table}"')[0][0]
        columns = [row[1] for row in query(database, f'PRAGMA table_info("{table}")')]
        assert all(list(json.loads(line)) == columns for line in lines)
    manifest = json.loads((folders["ndjson"] / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == "ndjson" and set(manifest["files"]) == {f"{t}.ndjson" for t in TABLES}


# -- writing safely ---------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


def test_cli_writes_and_replaces_its_own_export(make_root: WriteRoot, tmp_path: Path) -> None:
    root = make_root()
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):  # the second run replaces the first
        result = invoke("export", str(out / "a.db"), "--data", str(root))
        assert result.exit_code == 0, result.stderr
        assert (
            f"wrote {out / 'a.db'}" in result.stderr and f"wrote {out / 'a.metadata.json'}" in result.stderr
        )
        result = invoke("export", str(out / "tables"), "--format", "csv", "--data", str(root))
        assert result.exit_code == 0, result.stderr
    # the tiny plan's bridge, due in spring 2011: open at s1 (2011-01-10); at s2 (2011-12) passed with no
    # report's word since (s2 gives the item no status)
    assert query(out / "a.db", "SELECT report, item, fate, overdue_months FROM states ORDER BY report") == [
        ("s1", "demo-01", "open", None),
        ("s2", "demo-01", "passed-silent", 7),
    ]
    assert _leftovers(out) == []


@pytest.mark.parametrize("fmt", ["sqlite", "csv"])
def test_refuses_to_replace_what_it_did_not_write(make_root: WriteRoot, tmp_path: Path, fmt: str) -> None:
    root = make_root()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    mine = tmp_path / "mine.db"
    with sqlite3.connect(mine) as connection:
        connection.execute("CREATE TABLE t (x)")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep\n", encoding="utf-8")
    link = tmp_path / "link.db"
    link.symlink_to(notes)
    targets = [notes, mine, folder, link] if fmt == "sqlite" else [notes, folder, link]
    before = {p: p.read_bytes() for p in (notes, mine, folder / "keep.txt")}
    for target in targets:
        result = invoke("export", str(target), "--format", fmt, "--data", str(root))
        assert result.exit_code == 2, (target, result.stderr)
        assert "nothing written" in result.stderr or "symbolic link" in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(os.listdir(folder)) == ["keep.txt"] and link.is_symlink()
    assert _leftovers(tmp_path) == []


def test_refuses_metadata_it_did_not_write(make_root: WriteRoot, tmp_path: Path) -> None:
    (tmp_path / "a.metadata.json").write_text('{"title": "mine"}\n', encoding="utf-8")
    result = invoke("export", str(tmp_path / "a.db"), "--data", str(make_root()))
    assert result.exit_code == 2 and "a.metadata.json exists" in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_never_writes_into_plan_or_reports(make_root: WriteRoot) -> None:
    root = make_root()
    for target in (
        root / "plan" / "a.db",
        root / "reports" / "a.db",
        root / "plan" / "demo" / "x",
        root / "reports",
    ):
        result = invoke("export", str(target), "--format", "csv" if target.suffix != ".db" else "sqlite",
                        "--data", str(root))  # fmt: skip
        assert result.exit_code == 2 and "never writes into" in result.stderr, target
    assert sorted(p.name for p in (root / "plan" / "demo").iterdir()) == ["demo-01.yaml"]
    assert sorted(p.name for p in (root / "reports").iterdir()) == ["p1.yaml", "s1.yaml", "s2.yaml"]


def test_a_failed_write_leaves_the_old_export_whole(
    make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root()
    target = tmp_path / "a.db"
    assert invoke("export", str(target), "--data", str(root)).exit_code == 0
    before = target.read_bytes()

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "write_database", broken)
    result = invoke("export", str(target), "--data", str(root))
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert target.read_bytes() == before and _leftovers(tmp_path) == []
    monkeypatch.setattr(export_module, "_csv", broken)
    assert invoke("export", str(tmp_path / "t"), "-f", "csv", "--data", str(root)).exit_code == 2
    assert not (tmp_path / "t").exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("swap", [True, False])
def test_a_folder_export_is_replaced_whole(
    make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: bool
) -> None:
    """Swapped in one step where the system can, else moved aside and replaced; either way the
    folder holds the new export and nothing of the old."""
    root = make_root()
    target = tmp_path / "tables"
    assert invoke("export", str(target), "-f", "csv", "--data", str(root)).exit_code == 0
    (target / "states.csv").write_text("old\n", encoding="utf-8")
    if not swap:

        def no_swap(first: Path, second: Path) -> None:
            raise OSError(38, "folders cannot be swapped atomically here")

        monkeypatch.setattr(export_module, "exchange", no_swap)
    assert invoke("export", str(target), "-f", "csv", "--data", str(root)).exit_code == 0
    assert (target / "states.csv").read_text(encoding="utf-8").startswith("report,item,target,scope,")
    assert _leftovers(tmp_path) == []
