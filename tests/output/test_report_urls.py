"""A report (and each of its texts) may give the public address of its document: the schema takes
http(s) addresses only, and `reports`, `show`, the export and the page link them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import TINY_REPORTS, WriteRoot
from sbaudit.cli import app

runner = CliRunner()
URL = "https://example.org/reports/first-status-report.html"
TEXT_URL = "https://example.org/reports/first-status-report.txt"


def _root(make_root: WriteRoot, url: str = URL) -> Path:
    report = TINY_REPORTS["reports/s1.yaml"].rstrip(" ") + f'        url: "{url}"\n'
    report += f"        texts:\n          - file: s1.txt\n            url: {TEXT_URL}\n"
    return make_root({"reports/s1.yaml": report})


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_reports_and_show_give_the_address(make_root: WriteRoot) -> None:
    root = str(_root(make_root))
    reports = json.loads(invoke("reports", "--data", root, "-f", "json").stdout)["reports"]
    first = next(r for r in reports if r["id"] == "s1")
    assert first["url"] == URL and first["texts"] == [
        {"file": "s1.txt", "sha256": None, "note": None, "url": TEXT_URL}
    ]
    assert next(r for r in reports if r["id"] == "p1")["url"] is None
    shown = json.loads(invoke("show", "demo-01", "--data", root, "-f", "json").stdout)
    assert shown["report_urls"] == {"s1": URL}
    table = invoke("show", "demo-01", "--data", root).stdout
    assert "\nDocuments:\n- s1:" in table
    assert any(line.strip() in (f"- s1: {URL}", URL) for line in table.splitlines())  # whole, never cut
    rows = list(csv.DictReader(io.StringIO(invoke("show", "demo-01", "--data", root, "-f", "csv").stdout)))
    assert [(r["report"], r["url"]) for r in rows if r["section"] == "document"] == [("s1", URL)]


def test_the_export_and_the_page_link_it(make_root: WriteRoot, tmp_path: Path) -> None:
    root = str(_root(make_root))
    assert invoke("export", str(tmp_path / "a.db"), "--data", root).exit_code == 0
    with sqlite3.connect(tmp_path / "a.db") as connection:
        assert connection.execute("SELECT id, url FROM reports WHERE url IS NOT NULL").fetchall() == [
            ("s1", URL)
        ]
        assert connection.execute("SELECT report, url FROM report_texts").fetchall() == [("s1", TEXT_URL)]
    assert invoke("report", "--html", str(tmp_path / "a.html"), "--data", root).exit_code == 0
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert f'<a href="{URL}" rel="noreferrer">s1</a>' in page


def test_only_web_addresses(make_root: WriteRoot) -> None:
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://x.org/a b", 'https://x.org/"><script>'):
        result = invoke("validate", "--data", str(_root(make_root, bad.replace('"', '\\"'))))
        assert result.exit_code == 1 and "url" in result.stdout and "(schema)" in result.stdout, bad
