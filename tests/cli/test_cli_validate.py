"""`sbaudit validate` through the command line: exit codes, the three output formats, validating
chosen files, bad usage. typer 0.28 vendors its own click and its CliRunner always keeps stdout and
stderr apart (result.stdout / result.stderr; result.output is both)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import WriteRoot
from sbaudit.cli import app

runner = CliRunner()

SYNTAX = "plan/demo/demo-02.yaml"
UNKNOWN = "plan/demo/demo-03.yaml"

BROKEN = {
    # "title: a: b": the second ':' is column 9 of line 2
    SYNTAX: "id: demo-02\ntitle: a: b\n",
    # line 7 "  - report: s9": the value is column 13
    UNKNOWN: """\
        id: demo-03
        program: demo
        title: Three
        text: Three.
        introduced: s1
        history:
          - report: s9
            status: initiated
            basis: reported
            raw: Initiated
        """,
}

SYNTAX_LINE = (
    "plan/demo/demo-02.yaml:2:9: [error] YAML syntax: mapping values are not allowed in this context "
    "(yaml-syntax)"
)
UNKNOWN_LINE = "plan/demo/demo-03.yaml:7:13: [error] unknown report 's9' (known: p1, s1, s2) (unknown-report)"


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def broken(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> Path:
    root: Path = make_root(BROKEN)
    monkeypatch.chdir(root)
    return root


def test_ok_on_the_tiny_root(make_root: WriteRoot) -> None:
    root = make_root()
    result = invoke("validate", "--data", str(root))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: 4 file(s) checked, no problems (3 reports, 1 items)\n"


def test_ok_json_is_an_empty_list(make_root: WriteRoot) -> None:
    root = make_root()
    result = invoke("validate", "--data", str(root), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"format_version": 2, "problems": []}


def test_ok_github_prints_nothing(make_root: WriteRoot) -> None:
    result = invoke("validate", "--data", str(make_root()), "-f", "github")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_broken_parsable(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [SYNTAX_LINE, UNKNOWN_LINE]
    assert result.stderr == "2 problem(s) in 2 file(s)\n"


def test_broken_parsable_default_root_is_the_current_folder(broken: Path) -> None:
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [SYNTAX_LINE, UNKNOWN_LINE]


def test_broken_from_another_folder_shows_paths_from_there(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    result = invoke("validate", "--data", "data")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["data/" + SYNTAX_LINE, "data/" + UNKNOWN_LINE]


def test_broken_json(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [
        {
            "path": SYNTAX,
            "line": 2,
            "column": 9,
            "level": "error",
            "rule": "yaml-syntax",
            "message": "YAML syntax: mapping values are not allowed in this context",
        },
        {
            "path": UNKNOWN,
            "line": 7,
            "column": 13,
            "level": "error",
            "rule": "unknown-report",
            "message": "unknown report 's9' (known: p1, s1, s2)",
        },
    ]


def test_broken_github(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith("::error file=") for line in lines)
    assert lines == [
        f"::error file={SYNTAX},line=2,col=9,title=yaml-syntax::YAML syntax: mapping values are not "
        "allowed in this context",
        f"::error file={UNKNOWN},line=7,col=13,title=unknown-report::unknown report 's9' (known: p1, s1, s2)",
    ]


def test_github_whole_file_problem_gets_line_1(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root({}, with_item=False)
    monkeypatch.chdir(root)
    result = invoke("validate", "--data", str(root), "-f", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=plan,line=1,col=1,title=layout::missing folder plan/ in the data root"
    ]


def test_only_given_files(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken), UNKNOWN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [UNKNOWN_LINE]
    assert result.stderr == "1 problem(s) in 1 file(s)\n"


def test_only_given_files_clean_one_is_ok(broken: Path) -> None:
    """The clean file cites a report by alias and continues another item: both are resolved
    against the whole root, while the broken files beside it are not reported."""
    good = broken / "plan" / "demo" / "demo-04.yaml"
    good.write_text(
        textwrap.dedent(
            """\
            id: demo-04
            program: demo
            title: Four
            text: Four.
            introduced: first
            continues: [demo-01]
            history:
              - report: latest
                status: on-track
                basis: reported
                raw: On track
            """
        ),
        encoding="utf-8",
    )
    result = invoke("validate", "--data", str(broken), "plan/demo/demo-04.yaml")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: 1 file(s) checked, no problems (3 reports, 3 items)\n"


def test_only_given_files_references_resolved_against_root(broken: Path) -> None:
    # continues an item that exists only elsewhere in the root, and one that exists nowhere
    target = broken / "plan" / "demo" / "demo-05.yaml"
    target.write_text(
        textwrap.dedent(
            """\
            id: demo-05
            program: demo
            title: Five
            text: Five.
            introduced: p1
            continues: [demo-01, demo-99]
            history: []
            """
        ),
        encoding="utf-8",
    )
    result = invoke("validate", "--data", str(broken), "plan/demo/demo-05.yaml", "--format", "json")
    assert result.exit_code == 1
    # "continues: [demo-01, demo-99]": demo-99 is column 22 of line 6
    assert [
        (p["path"], p["line"], p["column"], p["rule"]) for p in json.loads(result.stdout)["problems"]
    ] == [("plan/demo/demo-05.yaml", 6, 22, "continues")]


def test_given_file_outside_the_root(broken: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "demo-06.yaml"
    outside.parent.mkdir()
    outside.write_text(
        textwrap.dedent(
            """\
            id: demo-06
            program: demo
            title: Six
            text: Six.
            introduced: p1
            history:
              - report: s2
                status: initiated
                basis: reported
                raw: Initiated
              - report: s1
                status: initiated
                basis: reported
                raw: Initiated
            """
        ),
        encoding="utf-8",
    )
    result = invoke("validate", "--data", str(broken), str(outside), "--format", "json")
    assert result.exit_code == 1
    assert [
        (p["path"], p["line"], p["column"], p["rule"]) for p in json.loads(result.stdout)["problems"]
    ] == [(str(outside), 11, 13, "history-order")]


def test_several_given_files(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken), UNKNOWN, SYNTAX, "plan/demo/demo-01.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [SYNTAX_LINE, UNKNOWN_LINE]
    assert result.stderr == "2 problem(s) in 2 file(s)\n"


def test_given_file_that_does_not_exist(broken: Path) -> None:
    result = invoke("validate", "--data", str(broken), "plan/demo/nope.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "sbaudit: no such file: plan/demo/nope.yaml\n"


def test_nonexistent_data_folder(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = invoke("validate", "--data", str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"sbaudit: data folder {missing} does not exist\n"


def test_data_is_a_file(make_root: WriteRoot) -> None:
    root = make_root()
    result = invoke("validate", "--data", str(root / "reports" / "p1.yaml"))
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["xml", "JSON", ""])
def test_unknown_format(make_root: WriteRoot, fmt: str) -> None:
    result = invoke("validate", "--data", str(make_root()), "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"sbaudit: unknown format {fmt!r}: choose parsable, json or github\n"


def test_no_traceback_on_hostile_files(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    files: dict[str, str | bytes | None] = {
        "plan/demo/a-01.yaml": b"\xff\xfe\x00",
        "plan/demo/b-01.yaml": '!!python/object/apply:os.system ["echo hi"]\n',
        "plan/demo/c-01.yaml": "[" * 300 + "]" * 300 + "\n",
        "plan/demo/d-01.yaml": "a: &a [x, x]\nb: [*a, *a]\n",
        "plan/demo/e-01.yaml": "",
        "plan/demo/f-01.yaml": "- 1\n- 2\n",
        "plan/demo/g-01.yaml": "id: g-01\n\tprogram: demo\n",
        "plan/demo/h-01.yaml": "? [a, b]\n: c\n",
        "reports/x1.yaml": "id: 5\nprogram: demo\nkind: status\ntitle: T\npublished: 2013\nas_of: 2013\n",
    }
    root = make_root(files)
    monkeypatch.chdir(root)
    for fmt in ("parsable", "json", "github"):
        result = invoke("validate", "--data", str(root), "--format", fmt)
        assert result.exit_code == 1
    result = invoke("validate", "--data", str(root), "--format", "json")
    rules = sorted({(p["path"], p["rule"]) for p in json.loads(result.stdout)["problems"]})
    assert rules == [
        ("plan/demo/a-01.yaml", "encoding"),
        ("plan/demo/b-01.yaml", "yaml-tag"),
        ("plan/demo/c-01.yaml", "yaml-depth"),
        ("plan/demo/d-01.yaml", "yaml-alias"),
        ("plan/demo/e-01.yaml", "empty"),
        ("plan/demo/f-01.yaml", "schema"),
        ("plan/demo/g-01.yaml", "yaml-syntax"),
        ("plan/demo/h-01.yaml", "yaml-key"),
        ("reports/x1.yaml", "file-name"),
    ]
    # every parsable line is one problem: path:line:col: [error] message (rule)
    result = invoke("validate", "--data", str(root))
    lines = result.stdout.splitlines()
    assert len(lines) == len(
        json.loads(invoke("validate", "--data", str(root), "-f", "json").stdout)["problems"]
    )
    assert all(line.startswith(("plan/demo/", "reports/")) and ": [error] " in line for line in lines)


def test_other_commands_refuse_broken_data(broken: Path) -> None:
    result = invoke("list", "--data", str(broken))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        SYNTAX_LINE,
        UNKNOWN_LINE,
        f"sbaudit: the data in {broken} has 2 problem(s); to see them all, run: sbaudit validate --data {broken}",
    ]
