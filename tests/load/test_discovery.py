"""Which data root a command uses: --data, $SBAUDIT_DATA, the named files' own root, the nearest
root at or above the current folder (as git finds .git), and only then the packaged dataset,
which stderr then names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import WriteRoot
from sbaudit.cli import app
from sbaudit.load.locations import find_root, packaged_root, root_of

runner = CliRunner()

PACKAGED_NOTE = "using the dataset shipped with sbaudit"


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def test_found_from_a_subfolder(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root()
    monkeypatch.chdir(root / "plan" / "demo")
    done = invoke("validate")
    assert done.exit_code == 0, done.output
    assert "(3 reports, 1 items)" in done.stderr
    assert PACKAGED_NOTE not in done.stderr
    assert find_root(None).path == root and find_root(None).how == "found"


def test_a_named_file_uses_its_own_root(
    make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    done = invoke("validate", str(root / "plan/demo/demo-01.yaml"))
    assert done.exit_code == 0, done.output
    assert done.stderr.strip() == "ok: 1 file(s) checked, no problems (3 reports, 1 items)"
    assert root_of(root / "plan/demo/demo-01.yaml") == root


def test_a_named_file_inside_the_shipped_tree_is_not_mixed_with_another_root(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root()
    monkeypatch.chdir(root / "plan" / "demo")
    done = invoke("validate", "demo-01.yaml")
    assert done.exit_code == 0, done.output
    assert "already used by" not in done.output


def test_files_from_two_roots_are_refused(make_root: WriteRoot, tmp_path: Path) -> None:
    first = make_root()
    second = tmp_path / "second"
    (second / "plan").mkdir(parents=True)
    (second / "reports").mkdir()
    (second / "plan" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    done = invoke("validate", str(first / "plan/demo/demo-01.yaml"), str(second / "plan/x.yaml"))
    assert done.exit_code == 2
    assert "different data roots" in done.stderr


def test_no_root_falls_back_to_the_packaged_data_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    done = invoke("reports", "--format", "csv")
    assert done.exit_code == 0, done.output
    assert PACKAGED_NOTE in done.stderr and str(packaged_root()) in done.stderr
    assert "smart-border" in done.stdout
    assert find_root(None).how == "packaged"


def test_the_option_and_the_environment_win(
    make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SBAUDIT_DATA", str(root))
    assert find_root(None).path == root
    done = invoke("validate")
    assert done.exit_code == 0 and "(3 reports, 1 items)" in done.stderr
    assert PACKAGED_NOTE not in done.stderr


def test_the_validate_hint_names_the_root(make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_root({"plan/demo/demo-02.yaml": "id: demo-02\ntitle: a: b\n"})
    monkeypatch.chdir(root / "plan")
    done = invoke("list")
    assert done.exit_code == 1
    assert done.stderr.splitlines()[-1] == (
        f"sbaudit: the data in {root} has 1 problem(s); to see them all, run: sbaudit validate --data {root}"
    )


def test_data_that_is_not_a_folder(tmp_path: Path) -> None:
    done = invoke("list", "--data", "/dev/null")
    assert done.exit_code == 2
    assert done.stderr.strip() == "sbaudit: data folder /dev/null is not a folder"
    missing = invoke("list", "--data", str(tmp_path / "missing"))
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr


def test_the_packaged_note_is_said_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    for _ in range(2):  # and again in the next run
        done = invoke("verify", "--sources", str(empty))  # asks for the root twice
        assert done.stderr.count(PACKAGED_NOTE) == 1, done.stderr
