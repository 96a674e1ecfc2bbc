"""`sbaudit init`: a new plan from nothing, grown by hand, and every command run on it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sbaudit.cli import app

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _init(folder: Path, *extra: str) -> Result:
    return invoke(
        "init",
        str(folder),
        "--program",
        "bwb-2011",
        "--title",
        "Beyond the Border Action Plan",
        "--name",
        "Beyond the Border",
        "--published",
        "2011-12-07",
        *extra,
    )


STATUS = """\
# yaml-language-server: $schema=../schemas/report.schema.json
id: "2012"
program: bwb-2011
kind: status
title: Beyond the Border Implementation Report
published: "2012-12-14"
as_of: "2012-12-14"
"""

ITEM = """\
# yaml-language-server: $schema=../../schemas/item.schema.json
id: bwb-2011-02
program: bwb-2011
number: 2
title: Entry-exit information sharing
text: Establish a coordinated entry and exit information system.
introduced: bwb-2011-plan
deadlines:
  - id: land-phase-1
    what: Exchange of entry records at land ports for third-country nationals
    due: by September 30, 2012
    period: "2012-09-30"
    set_by: bwb-2011-plan
    outcome:
      report: "2012"
      date: "2012-09-30"
  - id: all-travellers
    what: Exchange for all travellers
    due: by June 30, 2014
    period: 2014-06-30
    set_by: bwb-2011-plan
    revisions:
      - report: "2012"
        due: fiscal year 2014-15
        period: FY2014-15
  - id: air-exit
    what: Air exit information from airline manifests
    due: within 18 months
    period: within 18 months
    set_by: "2012"
history:
  - report: bwb-2011-plan
    status: not-started
    basis: assessed
    note: The plan announced the system.
  - report: "2012"
    status: on-track
    basis: reported
    raw: On track
"""


def test_init_then_every_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "bwb"
    made = _init(root, "--fiscal-year-start", "4")
    assert made.exit_code == 0, made.output
    assert {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} == {
        ".pre-commit-config.yaml",
        ".gitignore",
        "reports/bwb-2011-plan.yaml",
        "plan/bwb-2011/bwb-2011-01.yaml",
        "schemas/item.schema.json",
        "schemas/report.schema.json",
    }
    # every $schema line resolves to a file init wrote
    for data_file in [*root.glob("reports/*.yaml"), *root.glob("plan/*/*.yaml")]:
        target = data_file.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
        assert (data_file.parent / target).is_file(), data_file
    assert invoke("validate", "--data", str(root)).exit_code == 0

    (root / "reports/2012.yaml").write_text(STATUS, encoding="utf-8")
    (root / "plan/bwb-2011/bwb-2011-02.yaml").write_text(ITEM, encoding="utf-8")
    monkeypatch.chdir(root / "plan" / "bwb-2011")  # found upward, as git finds .git
    checked = invoke("validate")
    assert checked.exit_code == 0, checked.output
    assert "ok: 4 file(s) checked, no problems (2 reports, 2 items)" in checked.stderr

    shown = invoke("show", "bwb-2011-02", "--format", "json")
    assert shown.exit_code == 0, shown.output
    text = shown.stdout
    # FY2014-15 with an April start; within 18 months of the 2012 report's day
    assert "2014-04-01" in text and "2015-03-31" in text
    assert "2014-06-14" in text
    # the program's display name, not its id, where a command names the program in prose
    assert "Beyond the Border item 2;" in invoke("show", "bwb-2011-02", "--format", "markdown").stdout
    for command in (
        ["list"],
        ["reports"],
        ["summary"],
        ["diff", "plan", "2012"],
        ["overdue", "--as-of", "FY2013-14"],
        ["list", "--format", "csv"],
    ):
        done = invoke(*command)
        assert done.exit_code == 0, (command, done.output)
    diff = json.loads(invoke("diff", "bwb-2011-plan", "2012", "--format", "json").stdout)
    assert diff
    page = tmp_path / "audit.html"
    made_page = invoke("report", "--html", str(page), "--as-of", "2013-06")
    assert made_page.exit_code == 0, made_page.output
    html = page.read_text(encoding="utf-8")
    assert "Beyond the Border" in html and "Bwb 2011" not in html


def test_init_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("x", encoding="utf-8")
    done = _init(tmp_path / "used")
    assert done.exit_code == 2
    assert "is not empty" in done.stderr
    assert sorted(os.listdir(tmp_path / "used")) == ["notes.txt"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--program", "BWB 2011"], "a program id is lower-case letters"),
        (["--fiscal-year-start", "13"], "a month number, 1 to 12"),
        (["--published", "2011-12"], "--published takes a day as YYYY-MM-DD"),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, extra: list[str], message: str) -> None:
    done = _init(tmp_path / "new", *extra)
    assert done.exit_code == 2
    assert message in done.stderr
    assert not (tmp_path / "new").exists()


def test_a_title_with_quotes_and_accents_is_kept_exactly(tmp_path: Path) -> None:
    from sbaudit.load.data_root import load_dataset

    title = 'Plan d\'action "Par-delà la frontière": #1 priorité'
    done = invoke(
        "init", str(tmp_path / "p"), "--program", "pdf", "--title", title, "--published", "2011-12-07"
    )
    assert done.exit_code == 0, done.output
    dataset = load_dataset(tmp_path / "p")
    assert dataset.problems == ()
    assert dataset.reports[0].title == title and dataset.programs["pdf"].name == title


@pytest.mark.parametrize("title", ["two\nlines", "tab\there", "line\u2028separator", "   "])
def test_a_title_must_be_one_line(tmp_path: Path, title: str) -> None:
    done = invoke("init", str(tmp_path / "p"), "--program", "pdf", "--title", title)
    assert done.exit_code == 2
    assert "--title must be one line of text" in done.stderr


# -- issue 22 ------------------------------------------------------------------------------------


def test_the_folder_is_shown_escaped(tmp_path: Path) -> None:
    """Case 11: the folder argument reached the terminal raw (ESC, line breaks)."""
    result = _init(tmp_path / "new\x1b[2Jplan\nx")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr
    assert "new\\x1b[2Jplan\\nx" in result.stderr
    assert all(line.startswith(("wrote ", "next: ", "the format: ")) for line in result.stderr.splitlines())


@pytest.mark.parametrize("day", ["2011-W01-1", "20111207", "2011-12-7", "9999-12-31", "9998-06-30"])
def test_published_takes_a_day_the_data_can_hold(tmp_path: Path, day: str) -> None:
    """Case 12: `2011-W01-1`, `20111207` and `9999-12-31` were accepted, and a root `validate`
    then refused (9998-06-30: its example deadline, 12 months on, falls in 9999)."""
    folder = tmp_path / "new"
    result = invoke("init", str(folder), "--program", "bwb-2011", "--title", "Plan", "--published", day)
    assert result.exit_code == 2, result.output
    assert not folder.exists()
    assert "Traceback" not in result.output
