"""The hook declared in .pre-commit-hooks.yaml, run by the real pre-commit tool against a
temporary git repository holding a copy of the shipped data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None, reason="needs the project's git checkout"
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "sbaudit-validate", "--all-files"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


def test_hook_passes_clean_data_and_fails_broken(tmp_path: Path, shipped: Path) -> None:
    repo = tmp_path / "user-repo"
    repo.mkdir()
    for folder in ("plan", "reports", "schemas"):
        shutil.copytree(shipped / folder, repo / folder)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "data")
    home = tmp_path / "pre-commit-home"

    clean = _try_repo(repo, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sbaudit validate" in clean.stdout and "Passed" in clean.stdout

    item = repo / "plan/smart-border/sbap-08.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("status: initiated", "status: finished", 1), encoding="utf-8")
    broken = _try_repo(repo, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "status: initiated" in row)
    assert f"plan/smart-border/sbap-08.yaml:{line}:13: [error] history[0].status" in broken.stdout
