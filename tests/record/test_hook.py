"""The hook entry point without pre-commit: which roots a commit touches, read from git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import WriteRoot
from sbaudit.record.hook import changed_paths, main, touched_roots

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(make_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_root()  # tmp_path/data
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "data")
    monkeypatch.chdir(tmp_path)
    return root


def test_a_staged_deletion_touches_its_root(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(repo.parent, "rm", "-q", "data/reports/s1.yaml")
    assert changed_paths() == [repo.parent / "data/reports/s1.yaml"]
    assert touched_roots(changed_paths()) == [repo.resolve()]
    assert main([]) == 1  # pre-commit names no file for a deletion
    out, err = capsys.readouterr()
    assert "data/plan/demo/demo-01.yaml:12:13: [error] unknown report 's1'" in out
    assert err == "data root data: 2 problem(s) in 1 file(s)\n"


def test_a_staged_rename_touches_its_root(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(repo.parent, "mv", "data/plan/demo/demo-01.yaml", "data/plan/demo/bridge.yaml")
    assert sorted(changed_paths()) == [
        repo.parent / "data/plan/demo/bridge.yaml",
        repo.parent / "data/plan/demo/demo-01.yaml",
    ]
    assert main(["data/plan/demo/bridge.yaml"]) == 1
    assert "differs from the file name" in capsys.readouterr().out


def test_a_commit_without_data_checks_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo.parent / "notes.txt").write_text("y\n", encoding="utf-8")
    _git(repo.parent, "add", "notes.txt")
    assert changed_paths() == []
    assert main([]) == 0
    assert capsys.readouterr() == ("", "")


def test_named_files_of_a_clean_root_pass(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data/plan/demo/demo-01.yaml"]) == 0
    assert capsys.readouterr().err == "data root data: ok, no problems (3 reports, 1 items)\n"


def test_outside_git_the_named_files_still_count(
    make_root: WriteRoot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_root()
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_DIR", str(root / "no-such-git-dir"))
    assert changed_paths() == []
    assert main(["plan/demo/demo-01.yaml"]) == 0


def test_deleting_the_last_report_still_touches_the_root(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("p1", "s1", "s2"):
        _git(repo.parent, "rm", "-q", f"data/reports/{name}.yaml")
    assert not (repo / "reports").exists()  # git removed the emptied folder
    assert touched_roots(changed_paths()) == [repo.resolve()]
    assert main([]) == 1
    assert (
        "data/reports: [error] missing folder reports/ in the data root (layout)" in capsys.readouterr().out
    )


def test_the_hook_checks_the_staged_tree_not_the_files_on_disk(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22, case 5: the report an item now cites exists only untracked: the commit fails."""
    item = repo / "plan/demo/demo-01.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "  - report: s3\n    status: delayed\n    basis: assessed\n    note: Stopped.\n",
        encoding="utf-8",
    )
    (repo / "reports/s3.yaml").write_text(
        'id: s3\nprogram: demo\nkind: status\ntitle: Third\npublished: "2013-01-10"\nas_of: "2012-12"\n',
        encoding="utf-8",
    )
    _git(repo.parent, "add", "data/plan/demo/demo-01.yaml")
    assert main(["data/plan/demo/demo-01.yaml"]) == 1
    assert "data/plan/demo/demo-01.yaml:18:13: [error] unknown report 's3'" in capsys.readouterr().out
    _git(repo.parent, "add", "data/reports/s3.yaml")
    assert main(["data/plan/demo/demo-01.yaml"]) == 0


def test_on_push_the_hook_checks_the_pushed_commit(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On pre-push, the pushed commit is checked, not the working tree or the index."""
    _git(repo.parent, "rm", "-q", "data/reports/s1.yaml")
    _git(repo.parent, "commit", "-qm", "drop s1")
    _git(repo.parent, "checkout", "-q", "HEAD~1", "--", "data/reports/s1.yaml")  # back on disk and staged
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD~1")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    assert main([]) == 1
    assert "data/plan/demo/demo-01.yaml:12:13: [error] unknown report 's1'" in capsys.readouterr().out
