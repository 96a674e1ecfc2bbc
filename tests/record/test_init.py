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


# -- where the pre-commit configuration goes, and where its hook gets sbaudit --------------------


def _git(cwd: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


needs_git = pytest.mark.skipif(__import__("shutil").which("git") is None, reason="needs git")


@needs_git
def test_hook_source_is_the_sbaudit_that_runs(tmp_path: Path) -> None:
    from sbaudit.record.init import HookSource, hook_source

    # installed from a git URL: that repository at that commit (its .pre-commit-hooks.yaml hook)
    url = "https://git.example.invalid/sbaudit.git"
    assert hook_source({"url": url, "vcs_info": {"vcs": "git", "commit_id": "a" * 40}}) == HookSource(
        url, "a" * 40, why="the git repository this sbaudit was installed from"
    )
    # from a git checkout (editable or not): the checkout at its current commit
    checkout = tmp_path / "sbaudit checkout"
    checkout.mkdir()
    _git(checkout, "init", "-q")
    (checkout / "README").write_text("x\n", encoding="utf-8")
    _git(checkout, "add", "-A")
    _git(checkout, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")
    head = _git(checkout, "rev-parse", "HEAD")
    found = hook_source({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    assert (found.repo, found.rev, found.requirement) == (str(checkout), head, None)
    # from a folder that is no checkout, or a file: pip installs that into the hook's environment
    plain = tmp_path / "unpacked"
    plain.mkdir()
    assert hook_source({"url": plain.as_uri(), "dir_info": {}}) == HookSource(
        "local", requirement=f"sbaudit @ {plain.as_uri()}", why=f"the sbaudit at {plain.as_uri()}"
    )
    wheel = "file:///wheels/sbaudit-0.1.0-py3-none-any.whl"
    assert hook_source({"url": wheel, "archive_info": {}}).requirement == f"sbaudit @ {wheel}"
    # from the package index: this version from there
    assert hook_source({}, "1.2.3") == HookSource(
        "local", requirement="sbaudit==1.2.3", why="sbaudit 1.2.3 from the package index"
    )


@needs_git
def test_outside_a_repository_the_config_goes_into_the_new_folder(tmp_path: Path) -> None:
    root = tmp_path / "bwb"
    made = _init(root)
    assert made.exit_code == 0, made.output
    assert (root / ".pre-commit-config.yaml").is_file()
    assert (
        f"pre-commit: reads {root}/.pre-commit-config.yaml at the top of a git repository: run "
        f"'git init' and 'pre-commit install' in {root}"
    ) in made.stderr


@needs_git
def test_a_config_already_at_the_top_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    mine = (
        "repos:\n  - repo: local\n    hooks:\n      - id: mine\n        name: mine\n"
        "        entry: true\n        language: system\n"
    )
    (repo / ".pre-commit-config.yaml").write_text(mine, encoding="utf-8")
    monkeypatch.chdir(repo)
    made = _init(Path("data") / "bwb")
    assert made.exit_code == 0, made.output
    assert (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8") == mine
    assert not (repo / "data/bwb/.pre-commit-config.yaml").exists()
    said = made.stderr[made.stderr.index("pre-commit: ") :]
    assert said.startswith(f"pre-commit: {repo}/.pre-commit-config.yaml is there already (not changed); add")
    # the text to add is the hook entry, valid YAML as pre-commit reads it under repos:
    snippet = said[said.index("\n") + 1 : said.index("\nnext: ")]
    [entry] = yaml.safe_load(snippet)
    assert entry["hooks"][0]["id"] == "sbaudit-validate"

    # once the hook is there, a second data root needs nothing more
    (repo / ".pre-commit-config.yaml").write_text(mine + snippet + "\n", encoding="utf-8")
    again = _init(Path("data") / "other")
    assert "already runs sbaudit-validate, which checks every data root in the repository" in again.stderr


def test_validate_below_checks_the_roots_found_never_the_shipped_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder holding data roots below it (and none above), validate names and checks them."""
    top = tmp_path / "work"
    for folder in ("bwb", "more/other", ".hidden/bwb", "venv/lib/site"):
        assert _init(top / folder).exit_code == 0
    (top / "venv/pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    (top / "more/other/reports/bwb-2011-plan.yaml").unlink()
    monkeypatch.chdir(top)
    monkeypatch.delenv("SBAUDIT_DATA", raising=False)
    checked = invoke("validate")
    assert checked.exit_code == 1, checked.output
    assert checked.stderr.splitlines() == [
        f"sbaudit: no data root at or above {top}; checking the 2 below it: bwb, more/other "
        "(name one with --data to check only it)",
        "data root bwb: ok, no problems (1 reports, 1 items)",
        "data root more/other: 4 problem(s) in 1 file(s)",  # reports/ is left, empty
    ]
    assert checked.stdout.startswith("more/other/plan/bwb-2011/bwb-2011-01.yaml:8:10: [error]")
    assert "shipped" not in checked.stderr and "138 items" not in checked.stderr


# -- issue 22 ------------------------------------------------------------------------------------


def test_the_folder_is_shown_escaped(tmp_path: Path) -> None:
    """Case 11: the folder argument reached the terminal raw (ESC, line breaks)."""
    result = _init(tmp_path / "new\x1b[2Jplan\nx")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr
    assert "new\\x1b[2Jplan\\nx" in result.stderr
    assert all(
        line.startswith(("wrote ", "next: ", "the format: ", "pre-commit: ", "  "))
        for line in result.stderr.splitlines()
    )


@pytest.mark.parametrize("day", ["2011-W01-1", "20111207", "2011-12-7", "9999-12-31", "9998-06-30"])
def test_published_takes_a_day_the_data_can_hold(tmp_path: Path, day: str) -> None:
    """Case 12: `2011-W01-1`, `20111207` and `9999-12-31` were accepted, and a root `validate`
    then refused (9998-06-30: its example deadline, 12 months on, falls in 9999)."""
    folder = tmp_path / "new"
    result = invoke("init", str(folder), "--program", "bwb-2011", "--title", "Plan", "--published", day)
    assert result.exit_code == 2, result.output
    assert not folder.exists()
    assert "Traceback" not in result.output
