"""The command line through typer's runner: exit codes, formats, streams, errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sbaudit import __version__
from sbaudit.cli import app
from sbaudit.render import RENDERERS, Format, renderer

runner = CliRunner()

COMMANDS = [
    ["list"],
    ["list", "--program", "spp"],
    ["reports"],
    ["diff", "2002", "2004"],
    ["diff", "2004", "spp"],
    ["overdue", "--as-of", "2006-12"],
    ["show", "sbap-03"],
    ["summary"],
    ["summary", "--by", "area"],
]


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in (result.stdout + result.stderr), result.stderr
    return result


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"sbaudit {__version__}"


@pytest.mark.parametrize("command", ["validate", "list", "reports", "diff", "overdue", "show", "summary", "report"])
def test_help_for_every_command(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "--data" in result.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_every_command_in_every_format(args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.strip()
    if fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2
    elif fmt == "markdown":
        assert "| " in out or "_none_" in out


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(Format)
    for fmt in Format:
        assert callable(renderer(fmt))


def test_diff_json_contract() -> None:
    data = json.loads(run("diff", "2002", "2004", "--format", "json").stdout)
    assert set(data) == {"a", "b", "completed", "slipped", "delayed", "new", "dropped", "continued", "unchanged"}
    api = next(s for s in data["slipped"] if s["target"] == "api-pnr-automated-sharing")
    assert api == {
        "item": "sbap-08", "target": "api-pnr-automated-sharing",
        "title": "Advance Passenger Information / Passenger Name Record",
        "what": api["what"], "partner": None, "kind": "late", "old": "2003-spring", "new": None,
        "done": "2004-08-10", "slip_months": 14, "report": "2004",
    }


def test_overdue_json_contract_and_summary_on_stderr() -> None:
    result = run("overdue", "--as-of", "2006-12", "--format", "json")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2006-12" and data["as_of_end"] == "2006-12-31"
    assert set(data) == {"as_of", "as_of_end", "against", "reports", "overdue", "due"}
    assert "overdue," in result.stderr


def test_list_json_contract() -> None:
    data = json.loads(run("list", "--format", "json").stdout)
    assert len(data) == 138
    item = next(i for i in data if i["id"] == "spp-bioprotection-07")
    assert item["number"] is None and item["program"] == "spp"
    [dl] = item["deadlines"]
    assert (dl["due"], dl["start"], dl["end"], dl["current_end"]) == (
        "Within 6 months (December 2005)", "2005-12-01", "2005-12-31", "2007-12-31")
    [entry] = item["history"]
    assert set(entry) >= {"report", "status", "raw", "basis", "partners", "note"}
    assert (entry["status"], entry["raw"], entry["basis"]) == ("delayed", "Delayed to December 2007", "reported")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "2002", "nope"], "unknown report 'nope'"),
        (["diff", "2004", "2002"], "not earlier"),
        (["overdue", "--as-of", "soon"], "not a period: 'soon'"),
        (["overdue", "--program", "nope"], "unknown program"),
        (["show", "sbap-99"], "no item 'sbap-99'"),
        (["show", "sbap-08/nope"], "has no deadline 'nope'"),
        (["list", "--program", "nope"], "unknown program"),
        (["summary", "nope"], "unknown report"),
        (["list", "--data", "/nonexistent/folder"], ""),
        (["diff", "2002", "2004", "--fail-on", "nonsense"], "--fail-on"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_fail_on_flags_exit_1() -> None:
    assert run("overdue", "--as-of", "2006-12", "--fail-on-any").exit_code == 1
    assert run("overdue", "--as-of", "2001-06", "--fail-on-any").exit_code == 0
    assert run("diff", "2002", "2004", "--fail-on", "slipped").exit_code == 1
    assert run("diff", "2002", "2004", "--fail-on", "delayed").exit_code == 0


def test_analysis_refuses_broken_data(make_root) -> None:  # type: ignore[no-untyped-def]
    root = make_root({"plan/demo/demo-02.yaml": "id: demo-02\nprogram: [\n"})
    result = run("list", "--data", str(root))
    assert result.exit_code == 1
    assert "demo-02.yaml:3:1" in result.stderr


def test_data_root_from_env_and_cwd(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_root()
    monkeypatch.setenv("SBAUDIT_DATA", str(root))
    assert [i["id"] for i in json.loads(run("list", "-f", "json").stdout)] == ["demo-01"]
    monkeypatch.delenv("SBAUDIT_DATA")
    monkeypatch.chdir(root)
    assert [i["id"] for i in json.loads(run("list", "-f", "json").stdout)] == ["demo-01"]
    monkeypatch.chdir(root.parent)
    assert len(json.loads(run("list", "-f", "json").stdout)) == 138  # the packaged dataset


def test_table_is_plain_when_piped_or_no_color() -> None:
    out = run("diff", "2002", "2004").stdout
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "sbaudit", "--version"], capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"sbaudit {__version__}"


def test_show_accepts_the_references_tables_print() -> None:
    by_target = json.loads(run("show", "sbap-08/api-pnr-automated-sharing", "-f", "json").stdout)
    by_number = json.loads(run("show", "smart-border:8", "-f", "json").stdout)
    assert by_target["id"] == by_number["id"] == "sbap-08"
    assert by_target["continued_by"] == ["spp-aviation-security-06", "spp-traveller-security-10",
                                         "spp-traveller-security-11"]
