"""The command line through typer's runner: exit codes, formats, streams, errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import WriteRoot
from sbaudit import __version__
from sbaudit.audit.diff import DEADLINE_SECTIONS, ITEM_SECTIONS
from sbaudit.cli import app
from sbaudit.output.formats import RENDERERS, Format, renderer

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


def run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in (result.stdout + result.stderr), result.stderr
    return result


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"sbaudit {__version__}"


@pytest.mark.parametrize(
    "command", ["validate", "list", "reports", "diff", "overdue", "show", "summary", "report"]
)
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
    elif fmt == "markdown" and args[0] == "show":
        # show is a document: headings and entries, no table
        assert out.startswith("# ") and "\n## Wording\n" in out and "\n- " in out
    elif fmt == "markdown":
        assert "| " in out or "_none_" in out


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(Format)
    for fmt in Format:
        assert callable(renderer(fmt))


def test_diff_json_contract() -> None:
    data = json.loads(run("diff", "2002", "2004", "--format", "json").stdout)
    assert set(data) == {"format_version", "a", "b", "partner", "items", "deadlines"}
    assert data["format_version"] == 2
    assert data["a"] == {"report": "2002", "as_of": "2002-12-06"}
    assert set(data["items"]) == set(ITEM_SECTIONS) and set(data["deadlines"]) == set(DEADLINE_SECTIONS)
    api = next(s for s in data["deadlines"]["met-late"] if s["target"] == "api-pnr-automated-sharing")
    assert api == {
        "section": "met-late",
        "newly": True,
        "before": "open",
        "item": "sbap-08",
        "target": "api-pnr-automated-sharing",
        "program": "smart-border",
        "group": {"pillar": "The Secure Flow of People"},
        "what": api["what"],
        "partner": None,
        "fate": "met-late",
        "original": {"period": "2003-spring", "start": "2003-03-01", "end": "2003-05-31"},
        "current": {"period": "2003-spring", "start": "2003-03-01", "end": "2003-05-31"},
        "revised_by": None,
        "met_by": "2004",
        "done_from": "2004-08-10",
        "done_to": "2004-08-10",
        "late_months": 14,
        "overdue_months": None,
        "moved_months": None,
        # the 2004 report describes only the first phase of the exchange (docs/data-format.md, kept)
        "kept": "in-part",
        "basis": "word",
        "word": "done",
        "word_report": "2004",
        "status": "partially-completed",
        "status_report": "2004",
    }
    # the sections add up to every item and deadline in scope
    assert sum(len(v) for v in data["items"].values()) == 32
    assert sum(len(v) for v in data["deadlines"].values()) == 31


def test_diff_heading_gives_publication_and_as_of_dates() -> None:
    result = run("diff", "2004", "spp", "--format", "markdown")
    assert result.stdout.splitlines()[0] == (
        "# Smart Border Action Plan to Security and Prosperity Partnership: changes from 2004 (2004-12-17) "
        "to spp-2006 (published 2006-09-07, statuses as of 2006-06)"
    )
    assert result.stderr.splitlines()[0].startswith("138 items: 106 new, 22 continued, 6 not carried forward")


def test_overdue_json_contract_and_summary_on_stderr() -> None:
    result = run("overdue", "--as-of", "2006-12", "--format", "json")
    data = json.loads(result.stdout)
    assert data["as_of"] == "2006-12" and data["as_of_end"] == "2006-12-31"
    assert set(data) == {
        "format_version", "as_of", "as_of_end", "against", "partner", "program", "reports", "overdue", "due"
    }  # fmt: skip
    row = data["overdue"][0]
    assert {"fate", "yardstick_months", "yardstick", "on_track_after", "original", "current", "group"} <= set(
        row
    )
    assert "months_overdue" not in row  # one name per measure
    assert "overdue," in result.stderr and "overdue," not in result.stdout


def test_list_json_contract() -> None:
    data = json.loads(run("list", "--format", "json").stdout)["items"]
    assert len(data) == 138
    item = next(i for i in data if i["id"] == "spp-bioprotection-07")
    assert item["number"] is None and item["program"] == "spp"
    [dl] = item["deadlines"]
    assert (dl["due"], dl["start"], dl["end"]) == (
        "Within 6 months (December 2005)",
        "2005-12-01",
        "2005-12-31",
    )
    [entry] = item["history"]
    assert set(entry) >= {"report", "status", "raw", "basis", "partners", "note"}
    assert (entry["status"], entry["raw"], entry["basis"]) == (
        "delayed",
        "Delayed to December 2007",
        "reported",
    )
    assert item["states_as_of"] == "spp-2006"
    [state] = item["states"]
    # due December 2005, re-dated to December 2007 only by the mid-June 2006 report: a slip, 6 months
    # overdue when re-dated (2005-12-31 to 2006-06-30), moved 24 months
    assert (state["fate"], state["current"]["end"], state["overdue_months"], state["moved_months"]) == (
        "slipped",
        "2007-12-31",
        6,
        24,
    )
    # a revision for one pair moves only that pair's date (March 2006, re-dated to fall 2006 only in
    # mid-June 2006: a slip for US-CN)
    plans = next(i for i in data if i["id"] == "spp-bioprotection-04")
    by_pair = {s["partner"]: s for s in plans["states"]}
    assert (by_pair["US-CN"]["fate"], by_pair["US-CN"]["current"]["end"]) == ("slipped", "2006-11-30")
    assert (by_pair["US-MX"]["fate"], by_pair["US-MX"]["current"]["end"]) == ("met-undecided", "2006-03-31")


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
        # a wrong pair, grouping or status is an error listing what is known, never an empty answer
        (
            ["overdue", "--as-of", "2006-12", "--partner", "US-MEX", "--fail-on-any"],
            "unknown partner pair 'US-MEX' (known: US-CN, US-MX)",
        ),
        (["diff", "2002", "2004", "--partner", "MX"], "unknown partner pair 'MX'"),
        (["summary", "--by", "foo"], "unknown grouping 'foo' (known: area, goal, initiative, pillar)"),
        (["summary", "--partner", "US-MEX"], "unknown partner pair"),
        (["list", "--status", "complete"], "unknown status 'complete' (known: not-started, initiated"),
        (["list", "--partner", "CN"], "unknown partner pair"),
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
    assert run("diff", "2002", "2004", "--fail-on", "missed").exit_code == 1
    assert run("diff", "2002", "2004", "--fail-on", "fell-back", "--fail-on", "went-silent").exit_code == 0
    assert run("diff", "2002", "2004", "--fail-on", "fell-back", "--fail-on", "behind").exit_code == 1


def test_analysis_refuses_broken_data(make_root: WriteRoot) -> None:
    root = make_root({"plan/demo/demo-02.yaml": "id: demo-02\nprogram: [\n"})
    result = run("list", "--data", str(root))
    assert result.exit_code == 1
    assert "demo-02.yaml:3:1" in result.stderr


def test_data_root_from_env_and_cwd(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root()
    monkeypatch.setenv("SBAUDIT_DATA", str(root))
    assert [i["id"] for i in json.loads(run("list", "-f", "json").stdout)["items"]] == ["demo-01"]
    monkeypatch.delenv("SBAUDIT_DATA")
    monkeypatch.chdir(root)
    assert [i["id"] for i in json.loads(run("list", "-f", "json").stdout)["items"]] == ["demo-01"]
    monkeypatch.chdir(root.parent)
    assert len(json.loads(run("list", "-f", "json").stdout)["items"]) == 138  # the packaged dataset


def test_table_is_plain_when_piped_or_no_color() -> None:
    out = run("diff", "2002", "2004").stdout
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sbaudit", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == f"sbaudit {__version__}"


def test_show_accepts_the_references_tables_print() -> None:
    by_target = json.loads(run("show", "sbap-08/api-pnr-automated-sharing", "-f", "json").stdout)
    by_number = json.loads(run("show", "smart-border:8", "-f", "json").stdout)
    assert by_target["id"] == by_number["id"] == "sbap-08"
    assert by_target["continued_by"] == [
        "spp-aviation-security-06",
        "spp-traveller-security-10",
        "spp-traveller-security-11",
    ]


def test_every_command_names_the_program_by_its_display_name() -> None:
    # the plan reports give program_name: no command falls back to a title made from the id
    for args in (
        ["reports"],
        ["list"],
        ["summary", "2004"],
        ["diff", "2002", "2004"],
        ["overdue", "--as-of", "2006-12", "--program", "smart-border"],
        ["show", "sbap-03"],
    ):
        out = run(*args, "--format", "markdown").stdout
        assert "Smart Border Action Plan" in out, args
    data = json.loads(run("reports", "--format", "json").stdout)["reports"]
    assert {r["program"]: r["program_name"] for r in data} == {
        "smart-border": "Smart Border Action Plan",
        "spp": "Security and Prosperity Partnership",
    }
