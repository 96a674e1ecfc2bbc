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
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
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
    _git(repo, "add", str(item))  # the hook checks what a commit would hold: the staged files
    broken = _try_repo(repo, home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "status: initiated" in row)
    assert f"plan/smart-border/sbap-08.yaml:{line}:13: [error] history[0].status" in broken.stdout


# -- commits through an installed hook ------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "NO_COLOR": "1",
}


def _shadow_of_checkout(target: Path) -> str:
    """The checkout as it is now (uncommitted edits included) committed into a repository of its
    own, which a .pre-commit-config.yaml can name with a rev; returns that rev."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "shadow")
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=target, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def shadow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The checkout committed into a repository of its own, its rev, and a PRE_COMMIT_HOME the
    tests share, so that pre-commit builds the hook's environment once."""
    base = tmp_path_factory.mktemp("shadow")
    (base / "sbaudit").mkdir()
    return base / "sbaudit", _shadow_of_checkout(base / "sbaudit"), base / "pre-commit-home"


@pytest.fixture(scope="module")
def hooked(
    tmp_path_factory: pytest.TempPathFactory, shadow: tuple[Path, str, Path]
) -> tuple[Path, dict[str, str]]:
    """A user's repository whose data root sits in a subfolder, with the hook installed."""
    from conftest import TINY_ITEM, TINY_REPORTS, _write

    base = tmp_path_factory.mktemp("hooked")
    mirror, rev, home = shadow
    repo = base / "user-repo"
    _write(repo / "plans/demo", {**TINY_REPORTS, "plan/demo/demo-01.yaml": TINY_ITEM})
    (repo / "README.md").write_text("notes\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {mirror}\n    rev: {rev}\n    hooks:\n      - id: sbaudit-validate\n",
        encoding="utf-8",
    )
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}
    env.pop("SBAUDIT_DATA", None)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    subprocess.run(["git", "commit", "-qm", "data"], cwd=repo, env=env, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True
    )
    first = _commit(repo, env, "install the hook's environment", "--allow-empty")
    assert first.returncode == 0, first.stdout + first.stderr
    return repo, env


def _commit(repo: Path, env: dict[str, str], message: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", message, *extra],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _refused(repo: Path, env: dict[str, str], *change: list[str]) -> str:
    """Apply a change, commit it, and return the hook's output; the commit must be refused and
    is undone afterwards."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        for command in change:
            subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
        done = _commit(repo, env, "change")
        assert done.returncode != 0, done.stdout + done.stderr
        return done.stdout + done.stderr
    finally:
        _git(repo, "reset", "-q", "--hard", head)


def test_hook_refuses_deleting_a_report(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    output = _refused(repo, env, ["git", "rm", "-q", "plans/demo/reports/s1.yaml"])
    # the item citing s1 is not part of the commit, yet its problems are the reason for refusing
    assert "plans/demo/plan/demo/demo-01.yaml:12:13: [error] unknown report 's1'" in output
    assert "plans/demo/plan/demo/demo-01.yaml:14:13: [error] unknown report 's1'" in output
    assert "data root plans/demo: 2 problem(s) in 1 file(s)" in output
    assert "Failed" in output


def test_hook_refuses_renaming_an_item_file(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    output = _refused(
        repo, env, ["git", "mv", "plans/demo/plan/demo/demo-01.yaml", "plans/demo/plan/demo/bridge.yaml"]
    )
    assert (
        "plans/demo/plan/demo/bridge.yaml:1:5: [error] id 'demo-01' differs from the file name; "
        "name the file demo-01.yaml (file-name)"
    ) in output


def test_hook_refuses_changing_a_reports_program(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    report = repo / "plans/demo/reports/s1.yaml"
    edit = [
        sys.executable,
        "-c",
        f"import pathlib; p = pathlib.Path({str(report)!r}); "
        "p.write_text(p.read_text().replace('program: demo', 'program: other'))",
    ]
    output = _refused(repo, env, edit, ["git", "add", "-A"])
    assert (
        "plans/demo/plan/demo/demo-01.yaml:12:13: [error] report 's1' belongs to program 'other', "
        "not 'demo' (report-program)"
    ) in output


def test_hook_passes_a_commit_without_data(hooked: tuple[Path, dict[str, str]]) -> None:
    repo, env = hooked
    (repo / "README.md").write_text("more notes\n", encoding="utf-8")
    _git(repo, "add", "README.md")
    done = _commit(repo, env, "notes")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sbaudit validate" in done.stdout + done.stderr


def test_init_in_a_repository_writes_a_config_that_works_from_its_top(
    tmp_path: Path, shadow: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sbaudit init data/bwb` inside a git repository puts the configuration at the repository's
    top, where pre-commit reads it; pre-commit installs the hook's sbaudit by itself (here from the
    checkout, as init does for a checkout), so a commit needs no activated environment: PATH holds
    no sbaudit. A commit deleting the plan report is refused."""
    from typer.testing import CliRunner

    import sbaudit.record.init as init_module
    from sbaudit.cli import app

    source, rev, home = shadow
    repo = tmp_path / "user-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    monkeypatch.chdir(repo)
    monkeypatch.setattr(
        init_module, "hook_source", lambda: init_module.HookSource(str(source), rev, why="the test's copy")
    )
    made = CliRunner().invoke(
        app, ["init", "data/bwb", "--program", "bwb-2011", "--title", "Plan", "--published", "2011-12-07"]
    )
    assert made.exit_code == 0, made.output
    assert f"wrote {repo}/.pre-commit-config.yaml" in made.stderr
    assert f"run 'pre-commit install' in {repo}" in made.stderr
    assert not (repo / "data/bwb/.pre-commit-config.yaml").exists()
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'  - repo: "{source}"\n    rev: "{rev}"\n' in config and "language: system" not in config

    bare = shutil.which("git")
    assert bare is not None
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": str(Path(bare).parent)}
    env.pop("SBAUDIT_DATA", None)
    env.pop("VIRTUAL_ENV", None)
    assert shutil.which("sbaudit-hook", path=env["PATH"]) is None
    _git(repo, "add", "-A")
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True
    )
    first = _commit(repo, env, "a new plan")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "sbaudit validate" in first.stdout + first.stderr and "Passed" in first.stdout + first.stderr
    _git(repo, "rm", "-q", "data/bwb/reports/bwb-2011-plan.yaml")
    refused = _commit(repo, env, "no plan")
    assert refused.returncode != 0, refused.stdout + refused.stderr
    output = refused.stdout + refused.stderr
    assert (
        "data/bwb/plan/bwb-2011/bwb-2011-01.yaml:8:10: [error] no report belongs to program 'bwb-2011'"
        in output
    )
    assert "data/bwb/reports: [error] missing folder reports/ in the data root (layout)" in output


def test_the_hook_checks_what_is_staged_not_the_working_tree(hooked: tuple[Path, dict[str, str]]) -> None:
    """Issue 22, case 5: a commit whose only fix was an untracked or ignored report, or an
    unstaged edit, passed, and the committed tree failed `validate`."""
    repo, env = hooked
    data = repo / "plans/demo"
    item = data / "plan/demo/demo-01.yaml"
    s3 = data / "reports/s3.yaml"
    cite = [
        sys.executable,
        "-c",
        f"import pathlib; p = pathlib.Path({str(item)!r}); "
        "p.write_text(p.read_text() + '  - report: s3\\n    status: delayed\\n    basis: assessed\\n"
        "    note: Stopped.\\n')",
    ]
    report = [
        sys.executable,
        "-c",
        f"import pathlib; pathlib.Path({str(s3)!r}).write_text("
        '\'id: s3\\nprogram: demo\\nkind: status\\ntitle: Third\\npublished: "2013-01-10"\\n'
        'as_of: "2012-12"\\n\')',
    ]
    try:
        # the report the item now cites is there, but untracked: not part of the commit
        output = _refused(repo, env, report, cite, ["git", "add", str(item)])
        assert "plans/demo/plan/demo/demo-01.yaml:" in output and "unknown report 's3'" in output
        s3.unlink()
        # ... or ignored
        (repo / ".git" / "info" / "exclude").write_text("s3.yaml\n", encoding="utf-8")
        output = _refused(repo, env, report, cite, ["git", "add", str(item)])
        assert "unknown report 's3'" in output
        s3.unlink()
        # a broken edit staged, its fix left unstaged
        broken = [
            sys.executable,
            "-c",
            f"import pathlib; p = pathlib.Path({str(item)!r}); "
            "p.write_text(p.read_text().replace('status: initiated', 'status: finished'))",
        ]
        fixed = [
            sys.executable,
            "-c",
            f"import pathlib; p = pathlib.Path({str(item)!r}); "
            "p.write_text(p.read_text().replace('status: finished', 'status: initiated'))",
        ]
        output = _refused(repo, env, broken, ["git", "add", str(item)], fixed)
        assert "plans/demo/plan/demo/demo-01.yaml:" in output and "history[0].status" in output
    finally:
        (repo / ".git" / "info" / "exclude").write_text("", encoding="utf-8")
        s3.unlink(missing_ok=True)


def test_a_merge_of_two_valid_branches_is_checked(tmp_path: Path) -> None:
    """Issue 22, case 12: the config `sbaudit init` writes installs the hook for merge commits
    too; one branch deletes a status report, the other adds an item citing it: both valid, the
    merge not, and the merge is refused."""
    root = tmp_path / "bwb"
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("SBAUDIT_DATA", None)
    init = [str(bin_dir / "sbaudit"), "init", str(root), "--program", "bwb-2011", "--title", "Plan"]
    subprocess.run([*init, "--published", "2011-12-07"], check=True, capture_output=True, env=env)

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, timeout=900)

    git("init", "-q", "-b", "main")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=root, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    assert (root / ".git/hooks/pre-merge-commit").is_file()
    (root / "reports/bwb-2011-s1.yaml").write_text(
        "id: bwb-2011-s1\nprogram: bwb-2011\nkind: status\ntitle: First status report\n"
        'published: "2012-06-01"\nas_of: "2012-06-01"\n',
        encoding="utf-8",
    )
    git("add", "-A")
    first = git("commit", "-qm", "plan and a status report")
    assert first.returncode == 0, first.stdout + first.stderr
    git("checkout", "-q", "-b", "drop-report")
    git("rm", "-q", "reports/bwb-2011-s1.yaml")
    dropped = git("commit", "-qm", "drop the status report")
    assert dropped.returncode == 0, dropped.stdout + dropped.stderr
    git("checkout", "-q", "main")
    item = (root / "plan/bwb-2011/bwb-2011-01.yaml").read_text(encoding="utf-8")
    second = item.replace("bwb-2011-01", "bwb-2011-02").replace("number: 1", "number: 2")
    second += "  - report: bwb-2011-s1\n    status: initiated\n    basis: assessed\n    note: Begun.\n"
    (root / "plan/bwb-2011/bwb-2011-02.yaml").write_text(second, encoding="utf-8")
    git("add", "-A")
    cited = git("commit", "-qm", "an item citing the status report")
    assert cited.returncode == 0, cited.stdout + cited.stderr
    merged = git("merge", "--no-edit", "drop-report")
    assert merged.returncode != 0, merged.stdout + merged.stderr
    assert "plan/bwb-2011/bwb-2011-02.yaml" in merged.stdout + merged.stderr
    assert "unknown report 'bwb-2011-s1'" in merged.stdout + merged.stderr
